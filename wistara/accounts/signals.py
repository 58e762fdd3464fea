"""At sign-in, remember in the session whether the user holds an API token (the menu's API link,
context_processors.uses_api), so that no page pays a query for it."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .context_processors import USES_API_KEY


@receiver(user_logged_in)
def remember_api_use(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[USES_API_KEY] = user.api_tokens.filter(revoked_at__isnull=True).exists()
