"""The institution registry: the bodies, their decrees, members, work plans, budgets, photos.

Files come through the evidence app's one upload path (stored_file): checked from the content,
stored once per regency, and removed again if the row that would point to them is refused.
"""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import Office, User
from wistara.assessments.services.revisions import lock, revise
from wistara.common.numbers import rupiah
from wistara.common.text import clean_text
from wistara.evidence.models import EvidenceFile
from wistara.evidence.services import stored_file
from wistara.instruments.models import Section
from wistara.regions.models import District, Regency, Village

from ..models import (
    Activity,
    Body,
    Budget,
    Decree,
    Institution,
    Member,
    Removable,
    SecretariatPhoto,
    WorkPlan,
)
from .common import audit, day, year


def default_name(regency: Regency, body: str, area: District | Village | None) -> str:
    place = area.name.title() if area is not None else regency.name.title()
    names: dict[str, str] = {
        Body.TIM_PEMBINA: _("Tim Pembina KKS %(place)s"),
        Body.FORUM: _("Forum %(place)s Sehat"),
        Body.FKK: _("Forum Komunikasi Kecamatan %(place)s"),
        Body.POKJA: _("Pokja %(place)s Sehat"),
    }
    return names[body] % {"place": place}


@transaction.atomic
def institution_get_or_create(*, regency: Regency, body: str, area_code: str = "", user: User) -> Institution:
    """The regency's body of that kind (for FKK a kecamatan's, for Pokja a village's)."""
    if body not in Body.values:
        raise ValidationError(_("Choose one of the four bodies."), code="body")
    district = village = None
    if body == Body.FKK:
        district = District.objects.filter(code=area_code, regency=regency).first()
        if district is None:
            raise ValidationError(_("Choose a kecamatan of this regency."), code="area")
    elif body == Body.POKJA:
        village = Village.objects.filter(code=area_code, district__regency=regency).first()
        if village is None:
            raise ValidationError(_("Choose a desa/kelurahan of this regency."), code="area")
    found = Institution.objects.filter(regency=regency, body=body, district=district, village=village).first()
    if found:
        return found
    institution = Institution.objects.create(
        regency=regency,
        body=body,
        district=district,
        village=village,
        name=default_name(regency, body, district or village),
    )
    audit("institution.created", user, institution, regency, body=body, name=institution.name)
    return institution


@transaction.atomic
def institution_update(
    *, institution: Institution, user: User, base_revision: int | None, data: dict
) -> Institution:
    current = lock(Institution.objects, pk=institution.pk, base_revision=base_revision)
    values = {
        "name": clean_text(data.get("name"), "name", limit=200, required=True, one_line=True),
        "address": clean_text(data.get("address"), "address", limit=500, one_line=True),
    }
    revise(current, values, always=True)
    audit("institution.updated", user, current, current.regency, name=current.name, address=current.address)
    return current


def decree_add(
    *, institution: Institution, user: User, data: dict, uploaded_file: File | None = None
) -> Decree:
    """Record a decree (SK) with its file; the checks (age, validity, signer) are selectors'."""
    authority = data.get("signer_authority")
    if authority not in Decree.Authority.values:
        raise ValidationError({"signer_authority": _("Choose who signed the decree.")})
    fields = {
        "number": clean_text(data.get("number"), "number", limit=120, required=True, one_line=True),
        "signed_on": day(data, "signed_on"),
        "signer_name": clean_text(
            data.get("signer_name"), "signer_name", limit=150, required=True, one_line=True
        ),
        "signer_authority": authority,
        "valid_until": day(data, "valid_until", required=False),
        "is_draft": bool(data.get("is_draft")),
        "names_kks": bool(data.get("names_kks", True)),
    }
    if fields["signed_on"] > timezone.localdate():
        raise ValidationError({"signed_on": _("A decree cannot be signed in the future.")})
    if fields["valid_until"] and fields["valid_until"] < fields["signed_on"]:
        raise ValidationError({"valid_until": _("The end of validity comes before the signing date.")})

    def create(file: EvidenceFile | None) -> Decree:
        decree = Decree.objects.create(institution=institution, file=file, added_by=user, **fields)
        audit(
            "institution.decree_added",
            user,
            decree,
            institution.regency,
            institution=institution.name,
            number=decree.number,
            signed_on=decree.signed_on,
            file=file.original_name if file else "",
        )
        return decree

    return _with_file(institution.regency, uploaded_file, user, create)


@transaction.atomic
def member_add(*, institution: Institution, user: User, data: dict) -> Member:
    office = None
    if data.get("office"):
        office = Office.objects.filter(id=data["office"], regency_id=institution.regency_id).first()
        if office is None:
            raise ValidationError({"office": _("Choose an office of this regency.")})
    member = Member(
        institution=institution,
        office=office,
        added_by=user,
        name=clean_text(data.get("name"), "name", limit=150, required=True, one_line=True),
        position=clean_text(data.get("position"), "position", limit=120, required=True, one_line=True),
        organisation=clean_text(data.get("organisation"), "organisation", limit=200, one_line=True),
        period_start=day(data, "period_start", required=False),
        period_end=day(data, "period_end", required=False),
    )
    if member.period_start and member.period_end and member.period_end < member.period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    member.save()
    audit(
        "institution.member_added",
        user,
        member,
        institution.regency,
        institution=institution.name,
        name=member.name,
        position=member.position,
    )
    return member


@transaction.atomic
def activity_add(*, institution: Institution, user: User, data: dict) -> Activity:
    plan, _created = WorkPlan.objects.get_or_create(institution=institution, year=year(data))
    section = None
    if data.get("section"):
        section = Section.objects.filter(id=data["section"], kind=Section.Kind.TATANAN).first()
        if section is None:
            raise ValidationError({"section": _("Choose one of the tatanan.")})
    activity = Activity.objects.create(
        work_plan=plan,
        section=section,
        added_by=user,
        name=clean_text(data.get("name"), "name", limit=300, required=True, one_line=True),
        target=clean_text(data.get("target"), "target", limit=200, required=True, one_line=True),
    )
    audit(
        "institution.activity_added",
        user,
        activity,
        institution.regency,
        institution=institution.name,
        year=plan.year,
        name=activity.name,
        target=activity.target,
    )
    return activity


def work_plan_file_set(*, institution: Institution, user: User, data: dict, uploaded_file: File) -> WorkPlan:
    """Attach (or replace) the signed work plan document of one year."""
    plan_year = year(data)

    def attach(file: EvidenceFile | None) -> WorkPlan:
        plan, _created = WorkPlan.objects.select_for_update().get_or_create(
            institution=institution, year=plan_year
        )
        old = plan.file.original_name if plan.file is not None else ""
        plan.file = file
        plan.save(update_fields=["file", "updated_at"])
        audit(
            "institution.work_plan_file",
            user,
            plan,
            institution.regency,
            institution=institution.name,
            year=plan_year,
            old=old,
            new=file.original_name if file else "",
        )
        return plan

    return _with_file(institution.regency, uploaded_file, user, attach, required=True)


def budget_add(
    *, institution: Institution, user: User, data: dict, uploaded_file: File | None = None
) -> Budget:
    source = data.get("source")
    if source not in Budget.Source.values:
        raise ValidationError({"source": _("Choose the source of the funds.")})
    amount = rupiah("amount", data.get("amount"))
    budget_year = year(data)

    def create(file: EvidenceFile | None) -> Budget:
        budget = Budget.objects.create(
            institution=institution, year=budget_year, source=source, amount=amount, file=file, added_by=user
        )
        audit(
            "institution.budget_added",
            user,
            budget,
            institution.regency,
            institution=institution.name,
            year=budget_year,
            source=source,
            amount=amount,
        )
        return budget

    return _with_file(institution.regency, uploaded_file, user, create)


def photo_add(
    *, institution: Institution, user: User, uploaded_file: File, caption: str = ""
) -> SecretariatPhoto:
    """A photo of the secretariat; its time and place are read from the photo itself (EXIF)."""
    clean_caption = clean_text(caption, "caption", limit=200, one_line=True)

    def create(file: EvidenceFile | None) -> SecretariatPhoto:
        if file is None or not file.content_type.startswith("image/"):
            raise ValidationError({"file": _("Upload a photo (JPEG, PNG or WebP).")})
        photo = SecretariatPhoto.objects.create(
            institution=institution, file=file, caption=clean_caption, added_by=user
        )
        audit(
            "institution.photo_added",
            user,
            photo,
            institution.regency,
            institution=institution.name,
            file=file.original_name,
        )
        return photo

    return _with_file(institution.regency, uploaded_file, user, create, required=True)


@transaction.atomic
def record_remove(*, record: Removable, user: User) -> Removable:
    """Remove a decree, member, activity, budget or photo softly; it can be restored."""
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if current.removed_at is None:
        current.removed_at, current.removed_by = timezone.now(), user
        current.save(update_fields=["removed_at", "removed_by"])
        # Every Removable has its institution: a column, or the work plan's (Activity).
        audit(
            f"institution.{current._meta.model_name}_removed",
            user,
            current,
            current.institution.regency,  # type: ignore[attr-defined]
            what=str(current),
        )
    return current


@transaction.atomic
def record_restore(*, record: Removable, user: User) -> Removable:
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if current.removed_at is not None:
        current.removed_at, current.removed_by = None, None
        current.save(update_fields=["removed_at", "removed_by"])
        audit(
            f"institution.{current._meta.model_name}_restored",
            user,
            current,
            current.institution.regency,  # type: ignore[attr-defined]
            what=str(current),
        )
    return current


def _with_file(regency: Regency, uploaded_file: File | None, user: User, create, *, required: bool = False):
    """Run `create(file)` in one transaction with the upload's stored file (or None)."""
    if uploaded_file is None:
        if required:
            raise ValidationError({"file": _("Choose a file to upload.")})
        with transaction.atomic():
            return create(None)
    with stored_file(regency=regency, uploaded_file=uploaded_file, user=user) as (file, _name):
        return create(file)
