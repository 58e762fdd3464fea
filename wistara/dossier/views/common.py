"""What the dossier's views share: the workspace context, and running a service for a form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from wistara.assessments.models import Registration
from wistara.common.forms import add_validation_errors


def workspace(registration: Registration, **extra) -> dict:
    """The context of assessments/partials/workspace_head.html, plus the page's own."""
    return {
        "registration": registration,
        "regency": registration.regency,
        "cycle": registration.cycle,
        **extra,
    }


def run(request: HttpRequest, action, success: str, form=None) -> bool:
    """Call the service; show its refusal on the form (or as a message). True when it went through."""
    try:
        action()
    except ValidationError as exc:
        if form is not None:
            add_validation_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
