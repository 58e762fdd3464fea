from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wistara.common.compression import never_compress

from . import selectors, services
from .access import scope_for
from .context_processors import USES_API_KEY
from .forms import ApiTokenForm, LoginForm
from .http import AuthedRequest
from .models import ApiToken
from .throttle import clear_failures


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation; a new password also lifts the sign-in lockout (issue 14)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        clear_failures(self.user.get_username())
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Each role lands where it works: the nation, its province, or its regency."""
    scope = scope_for(request.user)
    spaces = selectors.workspaces_for_user(request.user)
    if scope.national:
        return render(
            request,
            "accounts/home_national.html",
            {
                "provinces": selectors.provinces_overview(),
                "spaces": spaces,
            },
        )
    if len(spaces) == 1:
        return redirect(spaces[0].url)
    return render(request, "accounts/home_choose.html", {"spaces": spaces})


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": selectors.roles_for_user(request.user),
            "tokens": request.user.api_tokens.all(),
            "form": ApiTokenForm(),
        },
    )


@login_required
@require_POST
@never_compress  # the page shows the new token's secret beside the name the user typed (BREACH)
def token_create(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            request.session.pop(USES_API_KEY, None)  # the menu's API link asks again
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "accounts/token_created.html", {"token": token, "secret": secret})
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": selectors.roles_for_user(request.user),
            "tokens": request.user.api_tokens.all(),
            "form": form,
        },
        status=400,
    )


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    # Tokens belong to one user: another user's token is "not found", never "forbidden".
    token = ApiToken.objects.filter(id=token_id, user=request.user).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token)
    request.session.pop(USES_API_KEY, None)  # the menu's API link asks again
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:profile")
