"""The regency's dossier beside its indicators, and the province's own Tim Pembina documents.

GeneralData (data umum) belongs to the regency and is carried from cycle to cycle; the counts of
kecamatan and desa/kelurahan are never stored: they come from the region list and the lokus.
Narrative is the overview (gambaran umum, no section) or one tatanan's narrative of a
registration: sanitised HTML written in the app and/or an uploaded PDF, saved with a revision so
that two editors never overwrite each other, each save kept as a NarrativeVersion. Provinces and
the nation review narratives per level in rounds (NarrativeReview) and return them for correction
with a deadline (DossierCorrection), as they do indicators. Funding rows give amounts per data
year and source, with their evidence. ProvincialDossier is a province's set of documents for a
cycle (ProvincialDocument, each file version kept), reviewed by the nation in rounds.

Files are the evidence app's EvidenceFile blobs (stored once per owner, content-checked); rows
point to them with PROTECT, so a file is never deleted while a record needs it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wistara.accounts.models import Office
from wistara.assessments.models import Cycle, Registration
from wistara.evidence.models import EvidenceFile
from wistara.instruments.models import Section
from wistara.regions.models import Province, Regency
from wistara.verification.models import Level, Review
from wistara.verification.rounds import ReturnRound, RoundReview

OVERVIEW_KEY = "gambaran-umum"
Verdict = Review.Verdict


class GeneralData(models.Model):
    """Data umum: filled once per regency, carried into every cycle, export and berita acara."""

    regency = models.OneToOneField(Regency, on_delete=models.PROTECT, related_name="general_data")
    leader_name = models.CharField(_("Bupati/Walikota"), max_length=150, blank=True)
    leader_office_address = models.TextField(_("address of the Bupati/Walikota's office"), blank=True)
    tim_pembina_chair = models.CharField(_("chair of the Tim Pembina"), max_length=150, blank=True)
    forum_name = models.CharField(_("name of the Forum"), max_length=200, blank=True)
    forum_chair = models.CharField(_("chair of the Forum"), max_length=150, blank=True)
    forum_address = models.TextField(_("address of the Forum's secretariat"), blank=True)
    forum_phone = models.CharField(_("Forum's phone"), max_length=40, blank=True)
    forum_email = models.EmailField(_("Forum's e-mail"), blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    contacts = models.JSONField(_("contact persons"), default=list, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("general data")
        verbose_name_plural = _("general data")

    def __str__(self) -> str:
        return str(self.regency)


class Narrative(models.Model):
    """The overview (no section) or one tatanan's narrative of a registration."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Written by the regency")
        RETURNED = "returned", _("Returned for correction")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="narratives")
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tatanan"),
    )
    body = models.TextField(_("text"), blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    pdf = models.ForeignKey(
        "Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded PDF"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # While returned: when the correction window closes (the open DossierCorrection's deadline).
    returned_until = models.DateTimeField(_("correction deadline"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "section"],
                name="narrative_once_per_section",
                condition=Q(section__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["registration"], name="narrative_one_overview", condition=Q(section__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.key}"

    @property
    def key(self) -> str:
        """The narrative's name in URLs: the section code, or OVERVIEW_KEY."""
        return self.section.code if self.section is not None else OVERVIEW_KEY

    @property
    def is_empty(self) -> bool:
        return not self.word_count and self.pdf_id is None


class NarrativeVersion(models.Model):
    """A narrative as one save left it (the history; never changed)."""

    narrative = models.ForeignKey(Narrative, on_delete=models.CASCADE, related_name="versions")
    revision = models.PositiveIntegerField()
    body = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    pdf = models.ForeignKey("Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-revision"]
        verbose_name = _("narrative version")
        verbose_name_plural = _("narrative versions")
        constraints = [
            models.UniqueConstraint(fields=["narrative", "revision"], name="narrative_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.narrative_id} r{self.revision}"


class NarrativeReview(RoundReview):
    """One level's judgement of one narrative in one round."""

    narrative = models.ForeignKey(Narrative, on_delete=models.PROTECT, related_name="reviews")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    revision = models.PositiveIntegerField(_("revision reviewed"), default=0)

    class Meta:
        ordering = ["narrative_id", "level", "round"]
        verbose_name = _("narrative review")
        verbose_name_plural = _("narrative reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["narrative", "level", "round"], name="narrative_review_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.narrative_id} {self.level} r{self.round}: {self.verdict}"


class DossierCorrection(ReturnRound):
    """One level's return of narratives to the regency, with the deadline to fix them."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="dossier_corrections"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)

    class Meta:
        ordering = ["registration_id", "level", "number"]
        verbose_name = _("dossier correction round")
        verbose_name_plural = _("dossier correction rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "level", "number"], name="dossier_correction_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.level} #{self.number}"


class Attachment(models.Model):
    """A file of the dossier: an image in a narrative, a narrative's PDF, or funding evidence."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image in a narrative")
        NARRATIVE_PDF = "narrative_pdf", _("Narrative (PDF)")
        FUNDING = "funding", _("Funding evidence")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="dossier_files")
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    funding = models.ForeignKey(
        "Funding", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="funding", funding__isnull=False)
                | (~Q(kind="funding") & Q(funding__isnull=True)),
                name="dossier_file_funding_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Funding(models.Model):
    """An amount of the programme's funding: one data year, one source, a tatanan where known."""

    class Source(models.TextChoices):
        APBD = "apbd", "APBD"
        APBDES = "apbdes", "APBDes"
        GRANT = "hibah", _("Grant (hibah)")
        CSR = "csr", "CSR"
        COMMUNITY = "swadaya", _("Community (swadaya)")
        OTHER = "other", _("Other")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="funding")
    data_year = models.PositiveSmallIntegerField(_("data year"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tatanan"),
    )
    office = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("office (OPD)"),
    )
    activity = models.CharField(_("programme or activity"), max_length=300)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=16, decimal_places=0)
    note = models.TextField(_("note"), blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["data_year", "source", "id"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        indexes = [models.Index(fields=["registration", "data_year"], name="funding_year_idx")]

    def __str__(self) -> str:
        return f"{self.data_year} {self.source}: {self.amount}"


class ProvincialDossier(models.Model):
    """A province's Tim Pembina documents for one cycle, as a set that is submitted and reviewed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        SUBMITTED = "submitted", _("Submitted to the nation")
        RETURNED = "returned", _("Returned for correction")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="dossiers")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    correction_deadline = models.DateTimeField(_("correction deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("provincial dossier")
        verbose_name_plural = _("provincial dossiers")
        constraints = [
            models.UniqueConstraint(fields=["province", "cycle"], name="provincial_dossier_once"),
        ]

    def __str__(self) -> str:
        return f"{self.province} · {self.cycle.code}"


class ProvincialDocument(models.Model):
    class Kind(models.TextChoices):
        DECREE = "decree", _("Decree of the provincial Tim Pembina")
        WORK_PLAN = "work_plan", _("Work plan")
        COACHING_REPORT = "coaching_report", _("Coaching report")
        OTHER = "other", _("Other")

    # The kinds a complete set has at least one of.
    REQUIRED = (Kind.DECREE, Kind.WORK_PLAN, Kind.COACHING_REPORT)

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        RETURNED = "returned", _("Returned for correction")

    dossier = models.ForeignKey(ProvincialDossier, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    revision = models.PositiveIntegerField(default=1)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"))
    updated_at = models.DateTimeField(_("updated at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "added_at", "id"]
        verbose_name = _("provincial document")
        verbose_name_plural = _("provincial documents")

    def __str__(self) -> str:
        return self.title


class ProvincialDocumentVersion(models.Model):
    """Each file a document has had: a replacement keeps the one before."""

    document = models.ForeignKey(ProvincialDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="provincial_document_version"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class ProvincialDocumentReview(RoundReview):
    """The nation's judgement of one provincial document in one round."""

    document = models.ForeignKey(ProvincialDocument, on_delete=models.PROTECT, related_name="reviews")

    class Meta:
        ordering = ["document_id", "round"]
        verbose_name = _("provincial document review")
        verbose_name_plural = _("provincial document reviews")
        constraints = [
            models.UniqueConstraint(fields=["document", "round"], name="provincial_review_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} r{self.round}: {self.verdict}"


class ProvincialCorrection(ReturnRound):
    """The nation's return of a province's documents, with the deadline to fix them."""

    dossier = models.ForeignKey(ProvincialDossier, on_delete=models.PROTECT, related_name="corrections")

    class Meta:
        ordering = ["dossier_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="provincial_correction_round"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.number}"
