"""The dossier's forms. They parse the input; the services decide (and check again)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Registration
from wistara.common.forms import choice_field
from wistara.common.models import field_label

from .models import Funding, GeneralData, ProvincialDocument, Verdict

CONTACT_ROWS = 4
CONTACT_KEYS = ("name", "position", "phone", "email")
CONTACT_LABELS = {"name": _("Name"), "position": _("Position"), "phone": _("Phone"), "email": _("E-mail")}


class RevisionMixin(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class GeneralDataForm(RevisionMixin):
    leader_name = forms.CharField(max_length=150, required=False)
    leader_office_address = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    tim_pembina_chair = forms.CharField(max_length=150, required=False)
    forum_name = forms.CharField(max_length=200, required=False)
    forum_chair = forms.CharField(max_length=150, required=False)
    forum_address = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    forum_phone = forms.CharField(max_length=40, required=False)
    forum_email = forms.CharField(max_length=254, required=False, widget=forms.EmailInput)
    area_km2 = forms.CharField(max_length=20, required=False)
    population = forms.CharField(max_length=20, required=False)
    population_year = forms.CharField(max_length=4, required=False)

    def __init__(self, *args, leader_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "revision":
                field.label = capfirst(field_label(GeneralData, name))
        self.fields["leader_name"].label = _("Name of the %(title)s") % {"title": leader_title}
        for index in range(CONTACT_ROWS):
            for key in CONTACT_KEYS:
                self.fields[f"contact_{index}_{key}"] = forms.CharField(
                    label=CONTACT_LABELS[key], max_length=200, required=False
                )

    def contact_rows(self):
        return [[self[f"contact_{i}_{key}"] for key in CONTACT_KEYS] for i in range(CONTACT_ROWS)]

    def service_data(self) -> dict:
        data = {
            k: v for k, v in self.cleaned_data.items() if k != "revision" and not k.startswith("contact_")
        }
        data["contacts"] = [
            {key: self.cleaned_data[f"contact_{i}_{key}"] for key in CONTACT_KEYS}
            for i in range(CONTACT_ROWS)
        ]
        return data


def general_initial(data: GeneralData, contacts: list[dict]) -> dict:
    initial = {f: getattr(data, f) or "" for f in GeneralDataForm.base_fields if f != "revision"}
    initial["revision"] = data.revision
    for index, contact in enumerate(contacts[:CONTACT_ROWS]):
        for key in CONTACT_KEYS:
            initial[f"contact_{index}_{key}"] = contact.get(key, "")
    return initial


class NarrativeForm(RevisionMixin):
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 18}))
    remove_pdf = forms.BooleanField(label=_("Remove the uploaded PDF"), required=False)


def _file_field(label, help_text: str, accept: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=help_text,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": accept,
                "data-max-bytes": settings.EVIDENCE_MAX_BYTES,
                "data-too-large": _("This file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
            }
        ),
    )


class PdfForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field(
            _("PDF"), _("At most %(limit)s.") % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)}, ".pdf"
        )


class EvidenceFileForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Leave empty to use the file's name.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field(
            _("File"),
            _("PDF, image, office document or CSV; at most %(limit)s.")
            % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
            "",
        )
        self.order_fields(["file", "title"])


class FundingForm(forms.Form):
    data_year = forms.TypedChoiceField(label=_("Data year"), coerce=int)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *Funding.Source.choices])
    section = forms.ChoiceField(label=_("Tatanan"), required=False)
    office = forms.ChoiceField(label=_("Office (OPD)"), required=False)
    activity = forms.CharField(label=_("Programme or activity"), max_length=300)
    amount = forms.CharField(
        label=_("Amount (Rp)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "1.250.000"}),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        years = [int(y) for y in registration.cycle.data_years]
        choice_field(self, "data_year").choices = [(y, str(y)) for y in years]
        choice_field(self, "section").choices = [("", _("Not per tatanan"))] + [
            (s.code, f"{s.code} {s.name}")
            for s in registration.cycle.instrument.sections.filter(kind="tatanan")
        ]
        choice_field(self, "office").choices = [("", "—")] + [
            (str(o.id), o.short_name) for o in registration.regency.offices.filter(is_active=True)
        ]
        if years and not self.is_bound:
            self.initial.setdefault("data_year", years[-1])


def funding_initial(funding: Funding) -> dict:
    return {
        "data_year": funding.data_year,
        "source": funding.source,
        "section": funding.section.code if funding.section else "",
        "office": str(funding.office_id or ""),
        "activity": funding.activity,
        "amount": f"{funding.amount:,.0f}".replace(",", "."),
        "note": funding.note,
        "revision": funding.revision,
    }


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProvincialDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *ProvincialDocument.Kind.choices])
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Leave empty to use the file's name.")
    )
    document_date = forms.DateField(
        label=_("Date of the document"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, with_file: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_file:
            self.fields["file"] = _file_field(
                _("File"),
                _("PDF, image or office document; at most %(limit)s.")
                % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
                "",
            )
            self.order_fields(["file", "kind", "title", "document_date", "description"])
        else:
            self.fields["revision"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=0, max_value=2**31
            )
