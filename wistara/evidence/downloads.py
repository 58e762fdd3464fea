"""Serving a stored file: only to someone who passed the access check, always as an attachment."""

import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from .models import Evidence

logger = logging.getLogger(__name__)

# Should a browser render the file after all, it runs nothing and loads nothing.
SANDBOX = "default-src 'none'; sandbox"


def evidence_file_response(evidence: Evidence) -> FileResponse:
    if evidence.file is None:
        raise Http404  # a link has no file: it is shown as a link
    file = evidence.file
    try:
        handle = default_storage.open(file.storage_name, "rb")
    except FileNotFoundError:
        logger.error("evidence file %s (%s) is missing from the storage", file.id, file.storage_name)
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=file.download_name,
                            content_type=file.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, no-cache"
    return response
