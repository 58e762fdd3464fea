"""Forms of the institutions and meetings pages. They collect input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionItem, Budget, Decree, Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_ACCEPT = {"accept": ".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx"}


class InstitutionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(
        label=_("Secretariat address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecreeForm(forms.Form):
    number = forms.CharField(
        label=_("Decree number"),
        max_length=120,
        help_text=_("As written on the decree, e.g. 188.45/123/KPTS/2023"),
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=DATE)
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=150)
    signer_authority = forms.ChoiceField(label=_("Signed as"), choices=Decree.Authority.choices)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty when the decree states no end date."),
    )
    is_draft = forms.BooleanField(label=_("Still a draft (not signed yet)"), required=False)
    names_kks = forms.BooleanField(
        label=_("Names the KKS programme"),
        required=False,
        initial=True,
        help_text=_("A decree not made for KKS counts only when it names the programme's work."),
    )
    file = forms.FileField(
        label=_("Scan of the signed decree"),
        required=False,
        widget=forms.ClearableFileInput(attrs=FILE_ACCEPT),
    )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(
        label=_("Position in the body"), max_length=120, help_text=_("e.g. Ketua, Sekretaris, Anggota")
    )
    office = forms.ChoiceField(label=_("Office"), required=False)
    organisation = forms.CharField(
        label=_("Or organisation"),
        max_length=200,
        required=False,
        help_text=_("e.g. TP-PKK, a university, a community group"),
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", "—")] + [(o.id, o.short_name) for o in offices]


class ActivityForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    name = forms.CharField(label=_("Activity"), max_length=300)
    target = forms.CharField(label=_("Target"), max_length=200, help_text=_("e.g. 12 kecamatan, 4 times"))
    section = forms.ChoiceField(label=_("Tatanan served"), required=False)

    def __init__(self, *args, years=(), sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]
        self.fields["section"].choices = [("", "—")] + [(s.id, f"{s.code} {s.name}") for s in sections]


class YearFileForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    file = forms.FileField(
        label=_("Signed work plan document"), widget=forms.ClearableFileInput(attrs=FILE_ACCEPT)
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class BudgetForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    source = forms.ChoiceField(label=_("Source"), choices=Budget.Source.choices)
    amount = forms.CharField(label=_("Amount (Rp)"), max_length=30, help_text=_("e.g. 25.000.000"))
    file = forms.FileField(
        label=_("Budget document (DPA, RKA)"),
        required=False,
        widget=forms.ClearableFileInput(attrs=FILE_ACCEPT),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class PhotoForm(forms.Form):
    file = forms.FileField(
        label=_("Photo of the secretariat"),
        help_text=_("A photo with its time and place (from the camera or a time-stamp app)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class MeetingForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("e.g. Rakor Tim Pembina KKS: pembagian tugas per tatanan"),
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=200)
    chair = forms.CharField(
        label=_("Chaired by"),
        max_length=200,
        help_text=_("Name and position, e.g. Sekda as chair of the Tim Pembina."),
    )
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}))
    invited_offices = forms.MultipleChoiceField(
        label=_("Invited offices"), required=False, widget=forms.CheckboxSelectMultiple
    )
    invited_institutions = forms.MultipleChoiceField(
        label=_("Invited bodies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(Meeting.Status.SCHEDULED, _("Scheduled")), (Meeting.Status.CANCELLED, _("Cancelled"))],
    )

    def __init__(self, *args, offices=(), institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_offices"].choices = [(o.id, o.short_name) for o in offices]
        self.fields["invited_institutions"].choices = [(i.id, i.name) for i in institutions]


class MinutesForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MeetingFileForm(forms.Form):
    which = forms.ChoiceField(
        label=_("Document"),
        choices=[("minutes", _("Signed minutes")), ("attendance", _("Signed attendance list"))],
    )
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs=FILE_ACCEPT))


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    office = forms.ChoiceField(label=_("Responsible office"))
    assignee = forms.ChoiceField(label=_("Person responsible"), required=False)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators it serves"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )

    def __init__(self, *args, offices=(), people=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(o.id, o.short_name) for o in offices]
        self.fields["assignee"].choices = [("", "—")] + [
            (u.id, u.get_full_name() or u.username) for u in people
        ]
        self.fields["indicators"].choices = [(i.id, f"{i.code} {i.name[:70]}") for i in indicators]


class ProgressForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    progress_note = forms.CharField(
        label=_("Progress note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HandoverForm(forms.Form):
    predecessor = forms.ChoiceField(label=_("Person leaving"))
    successor = forms.ChoiceField(
        label=_("Successor"), help_text=_("Open an account for a new person on the offices page first.")
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(u.id, f"{u.get_full_name() or u.username} ({u.username})") for u in people]
        self.fields["predecessor"].choices = choices
        self.fields["successor"].choices = choices


class AttachForm(forms.Form):
    data_year = forms.TypedChoiceField(label=_("Data year"), coerce=int)
    responses = forms.MultipleChoiceField(
        label=_("Items this meeting supports"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, years=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_year"].choices = [(y, y) for y in years]
        self.fields["responses"].choices = [
            (r.id, f"{r.indicator.code} {r.indicator.name[:80]}") for r in items
        ]
