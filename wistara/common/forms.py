from django import forms
from django.core.exceptions import ValidationError


def add_validation_errors(
    form: forms.Form, exc: ValidationError, *, rename: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: per field where it names one.

    `rename` maps a service's field names to the form's where they differ."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = (rename or {}).get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field `name`, to set its choices (`form.fields` types every field as a
    plain Field)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    return field
