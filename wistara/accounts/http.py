"""The request a signed-in user makes, as the type checker should see it (issue 15).

Django types `request.user` as `User | AnonymousUser`, which is right for a request in general.
Behind `@login_required` and under the API's authentication (every router in config/api.py
requires a token or a session) the user is always a signed-in `User`, so views and API handlers
take an `AuthedRequest` instead of an `HttpRequest`: django-stubs' documented pattern for a view
that requires login. It is only an annotation: nothing checks it at run time, so use it only
where login is enforced before the view runs.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's HtmxMiddleware (settings.MIDDLEWARE) sets it on every request
