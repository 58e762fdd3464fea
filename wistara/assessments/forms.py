from django import forms
from django.utils.translation import gettext_lazy as _

from wistara.common.forms import choice_field
from wistara.regions.models import District

from .models import Cycle, Response
from .services.cycles import MILESTONES


class ResponseForm(forms.Form):
    """Collects the answer; the rules live in services.response_update."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    value_prev = forms.CharField(required=False, max_length=30)
    value_curr = forms.CharField(required=False, max_length=30)
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=40, help_text=_("e.g. %, per 100.000 penduduk, dokumen")
    )
    note_prev = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note_curr = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    option = forms.ChoiceField(label=_("Score option"), required=False, widget=forms.RadioSelect)
    explanation = forms.CharField(
        label=_("Office's explanation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, response: Response, options: list, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in year_labels(response.registration.cycle.data_years).items():
            self.fields[name].label = label
        choice_field(self, "option").choices = [("", _("Not chosen yet"))] + [
            (str(o.id), f"{o.points} — {o.description}") for o in options
        ]


def year_labels(years) -> dict[str, str]:
    """The labels of an answer's per-year fields (the first and the last of `years`)."""
    first, second = years[0], years[-1]
    return {
        "value_prev": _("Achievement %(year)s") % {"year": first},
        "value_curr": _("Achievement %(year)s") % {"year": second},
        "note_prev": _("Note on %(year)s") % {"year": first},
        "note_curr": _("Note on %(year)s") % {"year": second},
    }


def response_initial(response: Response) -> dict:
    def number(value):
        return "" if value is None else f"{value.normalize():f}".replace(".", ",")

    return {
        "revision": response.revision,
        "value_prev": number(response.value_prev),
        "value_curr": number(response.value_curr),
        "unit": response.unit,
        "note_prev": response.note_prev,
        "note_curr": response.note_curr,
        "option": str(response.option_id or ""),
        "explanation": response.explanation,
    }


class RegistrationForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    target_category = forms.ChoiceField(label=_("Target category"))
    districts = forms.MultipleChoiceField(
        label=_("Participating kecamatan (lokus)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    villages = forms.MultipleChoiceField(
        label=_("Participating desa/kelurahan (lokus)"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cycle: Cycle, regency, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "target_category").choices = [
            (c.code, c.name) for c in cycle.instrument.award_categories.order_by("rank")
        ]
        districts = District.objects.filter(regency=regency).prefetch_related("villages")
        self.district_groups = list(districts)
        choice_field(self, "districts").choices = [(d.code, d.name) for d in self.district_groups]
        choice_field(self, "villages").choices = [
            (v.code, v.name) for d in self.district_groups for v in d.villages.all()
        ]


CONTACT_ROWS = 3


def contacts_from_post(data) -> list[dict]:
    return [
        {key: data.get(f"contact-{i}-{key}", "") for key in ("name", "position", "phone", "email")}
        for i in range(CONTACT_ROWS)
    ]


class CycleForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("e.g. KKS-2027"))
    name = forms.CharField(label=_("Name"), max_length=200)
    instrument = forms.ChoiceField(label=_("Instrument version"))
    previous = forms.ChoiceField(label=_("Previous cycle"), required=False)

    def __init__(self, *args, instruments, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "instrument").choices = [(v.code, f"{v.code} · {v.name}") for v in instruments]
        choice_field(self, "previous").choices = [("", "—")] + [(c.code, c.name) for c in cycles]
        for name in MILESTONES:
            self.fields[name] = forms.DateField(
                label=Cycle._meta.get_field(name).verbose_name, widget=forms.DateInput(attrs={"type": "date"})
            )
