"""Indonesia's administrative areas with their Kemendagri codes.

Codes are the natural keys (`11`, `11.01`, `11.01.01`, `11.01.01.2001`); integer ids stay the
primary keys so that foreign keys are small and joins fast at 83,763 villages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(_("code"), max_length=5, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """The name without its KABUPATEN/KOTA prefix, e.g. 'INDRAGIRI HILIR'."""
        prefix = "KABUPATEN " if self.kind == self.Kind.KABUPATEN else "KOTA "
        return self.name.removeprefix(prefix)


class District(models.Model):
    """Kecamatan."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """Desa or kelurahan."""

    class Kind(models.TextChoices):
        DESA = "desa", _("Village (desa)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")

    code = models.CharField(_("code"), max_length=13, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("village (desa/kelurahan)")
        verbose_name_plural = _("villages (desa/kelurahan)")

    def __str__(self) -> str:
        return self.name
