"""Sign-in throttling with django-axes (issue 14), replacing the hand-written per-username counter.

Why axes: a maintained library that hooks Django's own authenticate(), so every way to sign in
with a password (the login page, /admin/login/, anything calling authenticate) is counted and
refused alike; the old counter only sat in our login form, so /admin/login/ was a second door.

What is counted (settings AXES_LOCKOUT_PARAMETERS): a client address and a username together
(a user is locked out only for the address that failed, so nobody can lock a real user out from
elsewhere), and a client address alone (one client spraying many usernames is stopped). Rows are
kept per address+username pair and expire with the cool-off.

A locked-out user recovers without an administrator: the lockout page links to a password
reset by email, and a completed reset clears that username's failures.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind our own nginx the X-Real-IP it sets.

    Only the header our proxy writes is trusted (deploy/nginx sets it from $remote_addr), never
    the client-supplied X-Forwarded-For chain.
    """
    if settings.BEHIND_PROXY:
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real:
            return real[:45]
    return request.META.get("REMOTE_ADDR") or None


def clear_failures(username: str) -> None:
    from axes.utils import reset

    reset(username=username)


@receiver(user_logged_in)
def _forget_failures_on_success(sender, request, user, **kwargs) -> None:
    # A successful sign-in from this address clears this address+username's failures only.
    address = client_ip(request) if request is not None else None
    if address:  # force_login (tests, the admin's "log in as") has no client address
        from axes.models import AccessAttempt

        AccessAttempt.objects.filter(username=user.get_username(), ip_address=address).delete()


def username_of(request: HttpRequest, credentials: dict | None) -> str:
    """One spelling per account: "Budi " and "budi" are the same user to the throttle."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()[:150]
