from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import scope_for


def access(request: HttpRequest) -> dict:
    # Lazy: pages that never ask for the scope never query it; pages that do ask once.
    return {"scope": SimpleLazyObject(lambda: scope_for(request.user))}
