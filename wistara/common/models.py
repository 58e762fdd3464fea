from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # the stubs' own alias (dev dependency only)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def field_label(model: type[models.Model], name: str) -> "StrOrPromise":
    """The verbose name of one of the model's columns. `get_field` may also answer a reverse
    relation, which has no verbose name; the callers name columns only."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return field.verbose_name
