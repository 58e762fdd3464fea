"""Past awards: Swasti Saba categories a regency received before (or outside) its cycles in
Wistara, recorded by a national admin and read by the award engine's history rule."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PastAward(models.Model):
    """A Swasti Saba category a regency received before Wistara held its cycles (or outside it),
    recorded by a national admin; the award engine's history rule reads it (verification.awards)
    when no decision of the cycle before exists."""

    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("award year"))
    category = models.CharField(
        _("category code"), max_length=40, help_text=_("As in the award rules: padapa, wiwerda, wistara...")
    )
    decree = models.CharField(_("decree reference"), max_length=200, blank=True)
    file = models.ForeignKey(
        "evidence.EvidenceFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["regency__code", "-year"]
        verbose_name = _("past award")
        verbose_name_plural = _("past awards")
        constraints = [models.UniqueConstraint(fields=["regency", "year"], name="past_award_once_a_year")]

    def __str__(self) -> str:
        return f"{self.regency_id} {self.year}: {self.category}"
