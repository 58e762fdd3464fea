"""Users, the offices (OPD) they work in, the roles they hold, API tokens and login throttling."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wistara.common.models import TimeStampedModel
from wistara.regions.models import Province, Regency


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


class Office(TimeStampedModel):
    """An OPD (Organisasi Perangkat Daerah) of one regency, or another body that owns items."""

    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="offices", verbose_name=_("regency")
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["regency_id", "short_name"]
        verbose_name = _("office (OPD)")
        verbose_name_plural = _("offices (OPD)")
        constraints = [
            models.UniqueConstraint(fields=["regency", "short_name"], name="office_unique_short"),
        ]

    def __str__(self) -> str:
        return self.short_name


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    NATIONAL_VERIFIER = "national_verifier", _("National verifier")
    PROVINCIAL_VERIFIER = "provincial_verifier", _("Provincial verifier")
    REGENCY_COORDINATOR = "regency_coordinator", _("Regency coordinator (Tim Pembina)")
    OPD_OPERATOR = "opd_operator", _("Office (OPD) operator")
    OFFICE_HEAD = "office_head", _("Head of office (validates its items)")
    LEADER = "leader", _("Leader (read only)")


NATIONAL_ROLES = {Role.NATIONAL_ADMIN, Role.NATIONAL_VERIFIER}
REGENCY_ROLES = {Role.REGENCY_COORDINATOR, Role.OPD_OPERATOR, Role.OFFICE_HEAD, Role.LEADER}
OFFICE_ROLES = [Role.OPD_OPERATOR, Role.OFFICE_HEAD]


class RoleAssignment(TimeStampedModel):
    """One role held by one user, with the scope it applies to.

    The scope columns that must be filled depend on the role (enforced by a constraint):
    national roles have none, a provincial verifier a province, regency roles a regency, and an
    OPD operator also the office (whose regency must be the same, checked by the service).
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("province")
    )
    regency = models.ForeignKey(
        Regency, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("regency")
    )
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("office (OPD)")
    )
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("granted by")
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(
                        role__in=[Role.NATIONAL_ADMIN, Role.NATIONAL_VERIFIER],
                        province__isnull=True,
                        regency__isnull=True,
                        office__isnull=True,
                    )
                    | Q(
                        role=Role.PROVINCIAL_VERIFIER,
                        province__isnull=False,
                        regency__isnull=True,
                        office__isnull=True,
                    )
                    | Q(
                        role__in=[Role.REGENCY_COORDINATOR, Role.LEADER],
                        province__isnull=True,
                        regency__isnull=False,
                        office__isnull=True,
                    )
                    | Q(
                        role__in=[Role.OPD_OPERATOR, Role.OFFICE_HEAD],
                        province__isnull=True,
                        regency__isnull=False,
                        office__isnull=False,
                    )
                ),
            ),
            # One row per user, role and scope; partial indexes because NULL scopes never clash.
            models.UniqueConstraint(
                fields=["user", "role"],
                name="role_unique_national",
                condition=Q(role__in=[Role.NATIONAL_ADMIN, Role.NATIONAL_VERIFIER]),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                name="role_unique_province",
                condition=Q(role=Role.PROVINCIAL_VERIFIER),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "regency"],
                name="role_unique_regency",
                condition=Q(role__in=[Role.REGENCY_COORDINATOR, Role.LEADER]),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "office"],
                name="role_unique_office",
                condition=Q(role__in=[Role.OPD_OPERATOR, Role.OFFICE_HEAD]),
            ),
        ]

    def __str__(self) -> str:
        scope = self.office or self.regency or self.province or _("national")
        return f"{self.get_role_display()} · {scope}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
