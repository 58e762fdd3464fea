from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import scope_for

# The session key that remembers whether a regency user holds an API token (see uses_api).
USES_API_KEY = "wistara_uses_api"


def access(request: HttpRequest) -> dict:
    # Lazy: pages that never ask for the scope never query it; pages that do ask once.
    scope = SimpleLazyObject(lambda: scope_for(request.user))
    return {"scope": scope, "uses_api": SimpleLazyObject(lambda: uses_api(request, scope))}


def uses_api(request: HttpRequest, scope) -> bool:
    """Whether the menu shows the API link (issue 10): those whose work spans regencies (national
    and provincial users, who pull data into their own reports) and anyone holding an API token.
    Regency staff work in the pages; their profile, where tokens are made, links the docs.

    Whether a user holds a token is asked once per session and remembered there, so that pages
    do not pay a query for a menu link; creating or revoking a token forgets it (accounts.views)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if scope.national or scope.province_ids:
        return True
    session = getattr(request, "session", None)
    if session is not None and USES_API_KEY in session:
        return session[USES_API_KEY]
    holds = user.api_tokens.filter(revoked_at__isnull=True).exists()
    if session is not None:
        session[USES_API_KEY] = holds
    return holds
