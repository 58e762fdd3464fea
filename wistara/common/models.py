from django.db import models
from django.utils.functional import Promise


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def field_label(model: type[models.Model], name: str) -> str | Promise:
    """The verbose name of one of the model's columns. `get_field` may also answer a reverse
    relation, which has no verbose name; the callers name columns only."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return field.verbose_name
