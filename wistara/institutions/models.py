"""The regency's KKS institutions and its coordination meetings (rakor).

An Institution is one of the four bodies the instrument scores (Section.Body): the regency's Tim
Pembina and Forum (one each), an FKK per kecamatan and a Pokja per desa/kelurahan. Its records
(decrees, members, work plans, budgets, secretariat photos) belong to the regency, not to a cycle:
they carry over, and the kelembagaan items of each cycle are derived from them
(services.kelembagaan). Files are EvidenceFile blobs of the regency, stored once by the evidence
app's one upload path, so a decree attached to an item is the same file as the registry's.

Nothing is deleted: records are removed softly (removed_at) and stay in the history; only the
services write these tables.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wistara.accounts.models import Office
from wistara.common.models import TimeStampedModel
from wistara.evidence.models import EvidenceFile
from wistara.instruments.models import Indicator, Section
from wistara.regions.models import District, Regency, Village

Body = Section.Body
# One per regency; FKK and Pokja: one per lokus area.
SINGLE_BODIES: tuple[str, ...] = (Body.TIM_PEMBINA, Body.FORUM)


class Institution(TimeStampedModel):
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="institutions")
    body = models.CharField(_("institution"), max_length=20, choices=Body.choices)
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    village = models.ForeignKey(
        Village,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("secretariat address"), blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["regency_id", "body", "district__code", "village__code"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "body"],
                condition=Q(body__in=SINGLE_BODIES),
                name="institution_one_per_regency",
            ),
            models.UniqueConstraint(
                fields=["district"], condition=Q(body=Body.FKK), name="institution_one_fkk_per_district"
            ),
            models.UniqueConstraint(
                fields=["village"], condition=Q(body=Body.POKJA), name="institution_one_pokja_per_village"
            ),
            models.CheckConstraint(
                condition=(
                    Q(body=Body.FKK, district__isnull=False, village__isnull=True)
                    | Q(body=Body.POKJA, village__isnull=False, district__isnull=True)
                    | Q(body__in=SINGLE_BODIES, district__isnull=True, village__isnull=True)
                ),
                name="institution_area_matches_body",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Removable(models.Model):
    """Soft removal: the row stays, with who removed it and when, and can be restored."""

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Decree(Removable):
    class Authority(models.TextChoices):
        BUPATI = "bupati", _("Bupati")
        WALIKOTA = "walikota", _("Walikota")
        SEKDA = "sekda", _("Regional secretary (Sekda)")
        CAMAT = "camat", _("Camat")
        KEPALA_DESA = "kepala_desa", _("Kepala desa")
        LURAH = "lurah", _("Lurah")
        OTHER = "other", _("Other")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="decrees")
    number = models.CharField(_("decree number"), max_length=120)
    signed_on = models.DateField(_("date signed"))
    signer_name = models.CharField(_("signed by (name)"), max_length=150)
    signer_authority = models.CharField(_("signed as"), max_length=20, choices=Authority.choices)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the decree states no end date."),
    )
    is_draft = models.BooleanField(_("still a draft"), default=False)
    names_kks = models.BooleanField(
        _("names the KKS programme"),
        default=True,
        help_text=_("A decree not made for KKS counts only when it names the programme's work."),
    )
    file = models.ForeignKey(
        EvidenceFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
    )

    class Meta:
        ordering = ["institution_id", "-signed_on", "-id"]
        verbose_name = _("decree")
        verbose_name_plural = _("decrees")

    def __str__(self) -> str:
        return self.number


class Member(Removable):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position in the body"), max_length=120)
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["institution_id", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class WorkPlan(TimeStampedModel):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="work_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    file = models.ForeignKey(
        EvidenceFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("work plan document"),
    )

    class Meta:
        ordering = ["institution_id", "year"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="work_plan_once_a_year")]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"


class Activity(Removable):
    work_plan = models.ForeignKey(WorkPlan, on_delete=models.PROTECT, related_name="activities")
    name = models.CharField(_("activity"), max_length=300)
    target = models.CharField(_("target"), max_length=200)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("tatanan")
    )

    class Meta:
        ordering = ["work_plan_id", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name

    @property
    def institution(self) -> Institution:
        return self.work_plan.institution


class Budget(Removable):
    class Source(models.TextChoices):
        APBD = "apbd", _("APBD (regional budget)")
        APBDES = "apbdes", _("APBDes (village budget)")
        HIBAH = "hibah", _("Grant (hibah)")
        CSR = "csr", _("CSR")
        SWADAYA = "swadaya", _("Community (swadaya)")
        OTHER = "other", _("Other")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=15, decimal_places=0)
    file = models.ForeignKey(
        EvidenceFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("budget document"),
    )

    class Meta:
        ordering = ["institution_id", "year", "id"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()} {self.amount}"


class SecretariatPhoto(Removable):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="photos")
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["institution_id", "id"]
        verbose_name = _("secretariat photo")
        verbose_name_plural = _("secretariat photos")

    def __str__(self) -> str:
        return self.caption or self.file.original_name


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    chair = models.CharField(
        _("chaired by"),
        max_length=200,
        help_text=_("Name and position, e.g. Sekda as chair of the Tim Pembina."),
    )
    agenda = models.TextField(_("agenda"))
    invited_offices = models.ManyToManyField(
        Office, blank=True, related_name="+", verbose_name=_("invited offices")
    )
    invited_institutions = models.ManyToManyField(
        Institution, blank=True, related_name="+", verbose_name=_("invited bodies")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    minutes_file = models.ForeignKey(
        EvidenceFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed minutes"),
    )
    attendance_file = models.ForeignKey(
        EvidenceFile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed attendance list"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One invited office or body at a meeting, present or not, with who came for it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    office = models.ForeignKey(Office, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("present"), default=False)
    represented_by = models.CharField(_("represented by"), max_length=150, blank=True)

    class Meta:
        ordering = ["meeting_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "office"], condition=Q(office__isnull=False), name="attendance_office_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "institution"],
                condition=Q(institution__isnull=False),
                name="attendance_institution_once",
            ),
            models.CheckConstraint(
                condition=Q(office__isnull=True) ^ Q(institution__isnull=True),
                name="attendance_office_or_institution",
            ),
        ]

    def __str__(self) -> str:
        return str(self.office or self.institution)


class ActionItem(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    description = models.TextField(_("action"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible office")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicators served")
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
