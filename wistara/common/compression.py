"""Compressed answers for slow lines (issue 10): HTML, JSON and CSV gzipped, nothing else.

A district office's line makes an uncompressed page of 200 KB to 1 MB a wait of seconds; gzip
cuts Wistara's HTML by 85-95 %. Only text is compressed: evidence files (PDF, images, office
documents) are already compressed, and streaming them through gzip would cost CPU and drop the
Content-Length that download progress and range requests need. Static files are compressed ahead
of time by WhiteNoise (CompressedManifestStaticFilesStorage) and never reach this.

BREACH (a secret in a compressed body guessed from its size while the attacker injects text):
acceptable for Wistara's pages because the secrets in them are not guessable that way: Django
masks the CSRF token with a fresh random value on every response, the session id lives in a
cookie, not the body, and Django's GZipMiddleware pads every answer with up to 100 random bytes
("Heal the BREACH"). The one body that carries a long-lived secret, the page that shows a new API
token once, is marked with `never_compress` and sent as it is.
"""

from collections.abc import Callable
from functools import wraps

from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = (
    "text/html",
    "application/json",
    "text/csv",
    "text/plain",
    "application/xml",
    "text/xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if getattr(response, "never_compress", False) or content_type not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)


def never_compress(view: Callable) -> Callable:
    """Send this view's answers uncompressed: it shows a secret next to text a user typed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.never_compress = True
        return response

    return wrapped
