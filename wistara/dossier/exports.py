"""The dossier as one document (PDF): general data, overview, narratives, funding."""

import base64
import re

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.safestring import mark_safe

from wistara.assessments.models import Registration

from . import selectors
from .models import Attachment

IMAGE_SRC = re.compile(r'src="[^"]*/profil/berkas/(\d+)/\?lihat=1"')
MAX_INLINE_BYTES = 8 * 1024 * 1024


def _inline_images(registration: Registration, body: str) -> str:
    """The PDF renderer fetches nothing over HTTP (it would have no session): images go in as data."""
    ids = {int(i) for i in IMAGE_SRC.findall(body)}
    if not ids:
        return body
    files = {
        a.id: a.file
        for a in Attachment.objects.filter(registration=registration, id__in=ids).select_related("file")
    }

    def data_uri(match: re.Match) -> str:
        file = files.get(int(match.group(1)))
        if file is None or file.size > MAX_INLINE_BYTES:
            return 'src=""'
        try:
            with default_storage.open(file.storage_name, "rb") as handle:
                encoded = base64.b64encode(handle.read()).decode("ascii")
        except FileNotFoundError:
            return 'src=""'
        return f'src="data:{file.content_type};base64,{encoded}"'

    return IMAGE_SRC.sub(data_uri, body)


def dossier_pdf_context(registration: Registration) -> dict:
    rows = selectors.narrative_rows(registration)
    for row in rows:
        # The body was sanitised when saved (dossier.html); only image sources change here.
        row.pdf_body = mark_safe(_inline_images(registration, row.narrative.body)) if row.narrative else ""  # noqa: S308
    return {
        **selectors.general_data_context(registration),
        "registration": registration,
        "cycle": registration.cycle,
        "rows": rows,
        "funding": selectors.funding_rows(registration),
        "totals": selectors.funding_totals(registration),
        "today": timezone.localdate(),
    }
