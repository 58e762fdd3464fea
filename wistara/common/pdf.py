"""PDF from HTML templates with WeasyPrint, loaded only when a PDF is asked for.

WeasyPrint needs the Pango system library. Importing it lazily keeps every other page working
on a machine without Pango; asking for a PDF there gives a clear error instead.
"""

import os
from functools import cache


@cache
def pdf_available() -> bool:
    if os.getenv("WISTARA_REQUIRE_PDF"):
        return True  # CI installs Pango: there a missing library must fail, not skip
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
