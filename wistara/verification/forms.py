from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Review


class ReviewForm(forms.Form):
    option = forms.ChoiceField(label=_("Option"), required=False)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Review.Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [("", "—")] + [(str(o.id), str(o.points)) for o in options]


class DecisionForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("No category"))] + [(c.code, c.name) for c in categories]


class FieldVisitForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    team = forms.CharField(
        label=_("Team"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One member a line: name, position, institution."),
    )
    villages = forms.MultipleChoiceField(
        label=_("Lokus visited"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registration, sections, visit=None, **kwargs):
        if visit is not None and not args:
            kwargs["initial"] = {
                "starts_on": visit.starts_on,
                "ends_on": visit.ends_on,
                "team": "\n".join(m.get("name", "") for m in visit.team),
                "villages": list(visit.villages.values_list("code", flat=True)),
                **{f"finding_{f.section.code}": f.finding for f in visit.findings.select_related("section")},
            }
        super().__init__(*args, **kwargs)
        self.fields["villages"].choices = [
            (v.code, v.name) for v in registration.lokus_villages.order_by("code")
        ]
        self.section_codes = [s.code for s in sections]
        for section in sections:
            self.fields[f"finding_{section.code}"] = forms.CharField(
                label=f"{section.code} {section.name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "team": [{"name": line.strip()} for line in data["team"].splitlines() if line.strip()],
            "village_codes": data["villages"],
            "findings": {
                code: data[f"finding_{code}"]
                for code in self.section_codes
                if data.get(f"finding_{code}", "").strip()
            },
        }


class DeadlineForm(forms.Form):
    """A correction deadline, picked in the browser's local form (read in WIB, the site's zone)."""

    deadline = forms.DateTimeField(
        label=_("Deadline (WIB)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
