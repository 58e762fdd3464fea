from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import services


class LoginForm(AuthenticationForm):
    """Django's login form with a lockout after repeated failures (counted in the database)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed attempts. This account is locked until %(until)s; "
            "try again then or ask your administrator."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        locked_until = services.login_locked_until(username) if username else None
        if locked_until:
            until = formats.time_format(timezone.localtime(locked_until), "H:i")
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"until": until}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_record_failure(username)
            raise
        services.login_record_success(username)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100,
        help_text=_("What will use it, e.g. 'Bappeda spreadsheet sync'."),
    )
