"""Full page or fragment: one view serves both, as NetBox does."""

from django.http import HttpRequest


def is_htmx_fragment(request: HttpRequest) -> bool:
    # A boosted navigation wants the whole page; a targeted swap wants only the partial.
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.boosted


def template_for(request: HttpRequest, page: str, partial: str) -> str:
    return partial if is_htmx_fragment(request) else page
