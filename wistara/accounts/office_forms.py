"""Forms of the offices (OPD) pages. They collect input; the rules live in the services."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from .models import Office


class OfficeForm(forms.Form):
    short_name = forms.CharField(
        label=_("Short name"), max_length=40, help_text=_("As people say it, e.g. Dinkes, DLH, Bappeda.")
    )
    name = forms.CharField(label=_("Full name"), max_length=200, help_text=_("e.g. Dinas Kesehatan"))


def office_initial(office: Office) -> dict:
    return {"short_name": office.short_name, "name": office.name}


class OperatorCreateForm(forms.Form):
    mode = forms.CharField(widget=forms.HiddenInput, initial="new")
    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("Letters, digits and . _ - only, e.g. dinkes.budi")
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(
        label=_("Position"),
        max_length=150,
        required=False,
        help_text=_("e.g. Kepala Seksi Kesehatan Lingkungan"),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Initial password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") != cleaned["password1"]:
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class OperatorGrantForm(forms.Form):
    mode = forms.CharField(widget=forms.HiddenInput, initial="existing")
    username = forms.CharField(
        label=_("Username of an existing account"),
        max_length=150,
        help_text=_("Someone who already has a role in this regency."),
    )
