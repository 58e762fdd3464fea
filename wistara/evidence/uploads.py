"""Refusing an oversize upload before its body is read.

Django reads a multipart body the first time anything touches request.POST or request.FILES,
and the CSRF middleware does so before any view runs. The upload handler below is asked first
(settings.FILE_UPLOAD_HANDLERS) and, for a request declaring more bytes than any upload may
have, answers "no data" without reading a byte; the view (or API operation) then sees
`request_too_large()` and answers 413. Every other request is parsed as usual: the next handlers
keep small files in memory and stream larger ones to a temporary file.
"""

from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest, JsonResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, UploadedFile

from wistara.common.api_errors import error_body

# An API operation's optional file part: `file: OptionalFile = None`. At run time it is ninja's
# File[UploadedFile] (the OpenAPI document shows a binary string, not a nullable one); the type
# checker sees what the operation receives, the file or None.
if TYPE_CHECKING:
    OptionalFile = UploadedFile | None
else:
    OptionalFile = File[UploadedFile]

# Room for the multipart boundaries, part headers and the few small fields beside the file.
FORM_ALLOWANCE = 64 * 1024


def upload_request_limit() -> int:
    return settings.EVIDENCE_MAX_BYTES + FORM_ALLOWANCE


def too_large_message() -> str:
    return _(
        "Files larger than %(limit)s are not accepted. Make it smaller (for example, scan at a "
        "lower resolution) or split it into parts."
    ) % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)}


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_too_large(request: HttpRequest) -> bool:
    return declared_length(request) > upload_request_limit()


class RequestSizeLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        if content_length > upload_request_limit():
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # not ours: pass the data to the next handler

    def file_complete(self, file_size):
        return None


class TemporaryFolderUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for large files, making FILE_UPLOAD_TEMP_DIR the first time a file
    spools there: the settings only name the folder, importing them writes nothing (issue 15)."""

    def new_file(self, *args, **kwargs):
        if settings.FILE_UPLOAD_TEMP_DIR:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
        super().new_file(*args, **kwargs)


def refuse_oversize(run):
    """For an API operation that takes a file (ninja's decorate_view): it wraps the whole
    operation, authentication and parsing included, so nothing reads an oversize body."""

    @wraps(run)
    def checked(request: HttpRequest, *args, **kwargs):
        if request_too_large(request):
            # Outside ninja's operation, so its handlers cannot answer: the same body, written here.
            return JsonResponse(error_body(413, too_large_message(), "too_large"), status=413)
        return run(request, *args, **kwargs)

    return checked
