"""Small pieces the dossier's services share."""


from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

PDF = {"application/pdf"}
IMAGES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def refuse_if(reason: str | None) -> None:
    if reason:
        raise ValidationError(reason, code="locked")


def text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def one_line(value, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def file_title(title: str, name: str) -> str:
    return one_line(title, 200) or one_line(name.rsplit(".", 1)[0], 200) or name[:200]


def has_file(uploaded: File | None) -> File:
    if uploaded is None:
        raise ValidationError({"file": _("Choose a file.")})
    return uploaded
