"""The national admin's past awards: one by one (with the decree's file) or a CSV for everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import ensure_national_admin
from wistara.evidence.services import stored_file
from wistara.regions.models import Regency

from .models import PastAward
from .services import past_award_save, past_awards_import_csv


@login_required
@require_http_methods(["GET", "POST"])
def past_awards_page(request: AuthedRequest) -> HttpResponse:
    ensure_national_admin(request.user)
    problems: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("action") == "csv":
                upload = request.FILES.get("csv")
                if upload is None:
                    raise ValidationError(_("Choose a CSV file."))
                count = past_awards_import_csv(
                    text=upload.read(5_000_000).decode("utf-8-sig", errors="replace"), user=request.user
                )
                messages.success(request, _("%(n)s past awards saved.") % {"n": count})
            else:
                _save_one(request)
                messages.success(request, _("The past award was saved."))
            return redirect(request.path)
        except ValidationError as exc:
            problems = exc.messages
    awards = PastAward.objects.select_related("regency", "file")[:500]
    return render(
        request, "awards/past_awards.html", {"awards": awards, "problems": problems, "values": request.POST}
    )


def _save_one(request: AuthedRequest) -> None:
    data, upload = request.POST, request.FILES.get("file")
    if upload is None:
        past_award_save(
            regency_code=data.get("regency", ""),
            year=data.get("year", ""),
            category=data.get("category", ""),
            decree=data.get("decree", ""),
            user=request.user,
        )
        return
    regency = Regency.objects.filter(code=data.get("regency", "").strip()).first()
    if regency is None:
        raise ValidationError(_("No regency/city with code %(code)s.") % {"code": data.get("regency", "")})
    with stored_file(regency=regency, uploaded_file=upload, user=request.user) as (file, _name):
        past_award_save(
            regency_code=regency.code,
            year=data.get("year", ""),
            category=data.get("category", ""),
            decree=data.get("decree", ""),
            file=file,
            user=request.user,
        )
