"""The base of the JSON API's input schemas: numbers are numbers.

Pydantic's lax mode takes `false` for 0 and `true` for 1, so `{"office_id": false}` would read as
"no office" and unassign an item. Strict mode for a whole schema would also refuse dates written
as text, which JSON has no other way to send; so only numbers are made strict, here, once.
"""

from decimal import Decimal
from typing import Any, get_args

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

_NUMBERS = {int, float, Decimal}


def _leaves(annotation: Any) -> set:
    found, stack = set(), [annotation]
    while stack:
        current = stack.pop()
        args = get_args(current)
        if args:
            stack.extend(args)
        else:
            found.add(current)
    return found


def takes_numbers_only(annotation: Any) -> bool:
    """A field for numbers (or lists of them) that has no business taking true or false."""
    leaves = _leaves(annotation)
    return bool(leaves & _NUMBERS) and bool not in leaves


def _holds_bool(value: Any) -> bool:
    if isinstance(value, list | tuple | set):
        return any(isinstance(item, bool) for item in value)
    return isinstance(value, bool)


class InSchema(Schema):
    """Every JSON input schema derives from this one."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_bool_for_number(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _holds_bool(value) and takes_numbers_only(field.annotation):
            raise PydanticCustomError("bool_for_number", _("A number is expected here, not true or false."))
        return value
