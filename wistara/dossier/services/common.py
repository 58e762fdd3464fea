"""Small pieces the dossier's services share."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from wistara.assessments.services.revisions import refuse_locked as refuse_if
from wistara.common.text import clean_text

PDF = {"application/pdf"}
IMAGES = {"image/jpeg", "image/png", "image/webp", "image/gif"}

__all__ = ["IMAGES", "PDF", "file_title", "has_file", "refuse_if"]


def file_title(title: str, name: str) -> str:
    """The title typed (refused when too long), else the file's name without its extension (a
    name is not what someone wrote: shortened to fit)."""
    typed = clean_text(title, "title", limit=200, one_line=True)
    return typed or " ".join(name.rsplit(".", 1)[0].split())[:200] or name[:200]


def has_file(uploaded: File | None) -> File:
    if uploaded is None:
        raise ValidationError({"file": _("Choose a file.")})
    return uploaded
