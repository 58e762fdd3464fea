"""Serving a stored file: only to someone who passed the access check.

As an attachment, except PDFs and images asked for with ?lihat=1, which the browser shows in place.
"""

import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from .models import Evidence, EvidenceFile

logger = logging.getLogger(__name__)

# Should a browser render the file after all, it runs nothing and loads nothing.
SANDBOX = "default-src 'none'; sandbox"


# Types a browser shows itself (its PDF viewer, its image decoder): verifiers open them in place.
VIEWABLE = {"application/pdf", "image/jpeg", "image/png", "image/webp", "image/gif"}
# A PDF needs the browser's viewer, which a sandboxed document may not load; it still gets nothing
# else: no scripts, no connections, no frames of ours. Our own pages may frame it (the review
# screen shows a PDF beside the item, issue 11); nobody else's.
VIEW_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def evidence_file_response(evidence: Evidence, *, inline: bool = False) -> FileResponse:
    if evidence.file is None:
        raise Http404  # a link has no file: it is shown as a link
    return stored_file_response(evidence.file, inline=inline)


def stored_file_response(file: EvidenceFile, *, inline: bool = False) -> FileResponse:
    """The file itself; the caller has checked that the user may see what points to it."""
    try:
        handle = default_storage.open(file.storage_name, "rb")
    except FileNotFoundError:
        logger.error("evidence file %s (%s) is missing from the storage", file.id, file.storage_name)
        raise Http404 from None
    inline = inline and file.content_type in VIEWABLE
    response = FileResponse(
        handle, as_attachment=not inline, filename=file.download_name, content_type=file.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = VIEW_POLICY if inline else SANDBOX
    response["Cache-Control"] = "private, no-cache"
    return response
