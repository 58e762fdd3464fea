"""The national system (SIPANTAS): the regency's package page and push, the national admin's id
table, and the signed evidence file the national system fetches without a session."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import ensure_national_admin, get_registration_for_user
from wistara.assessments.models import Response
from wistara.instruments.models import InstrumentVersion

from .models import SipantasRecord
from .sipantas import files
from .sipantas.client import SipantasClient, sipantas_push
from .sipantas.package import records_xlsx
from .sipantas.records import build_records, ids_import_csv, unmapped

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def sipantas_page(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    records = build_records(registration, links=False)
    statuses = dict(SipantasRecord.objects.filter(registration=registration).values_list("key", "status"))
    failed = SipantasRecord.objects.filter(registration=registration, status=SipantasRecord.Status.FAILED)
    counts = {status: list(statuses.values()).count(status) for status in SipantasRecord.Status.values}
    counts["not_sent"] = len(records.keyed()) - counts["sent"] - counts["failed"]
    return render(
        request,
        "interchange/sipantas/page.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "records": records,
            "counts": counts,
            "failed": failed[:50],
        },
    )


@login_required
@require_GET
def sipantas_xlsx(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    response = HttpResponse(records_xlsx(build_records(registration)), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="sipantas-{registration.cycle.code}-{registration.regency.code}.xlsx"'
    )
    return response


@login_required
@require_POST
def sipantas_push_view(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    try:
        client = SipantasClient.from_env()
    except ImproperlyConfigured:
        messages.error(
            request,
            _(
                "The connection to the national system is not configured on this "
                "server (SIPANTAS_BASE_URL, SIPANTAS_USERNAME, SIPANTAS_PASSWORD)."
            ),
        )
        return redirect("interchange:sipantas", regency_code, cycle_code)
    try:
        counts = sipantas_push(registration=registration, client=client, force="ulang" in request.POST)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sent: %(sent)s, failed: %(failed)s, unchanged: %(unchanged)s.") % counts)
    return redirect("interchange:sipantas", regency_code, cycle_code)


@login_required
@require_http_methods(["GET", "POST"])
def sipantas_ids(request: AuthedRequest) -> HttpResponse:
    """The national admin's id table: a CSV import and the list of what is still unmapped."""
    ensure_national_admin(request.user)
    versions = list(InstrumentVersion.objects.order_by("-award_year", "code"))
    chosen = next(
        (v for v in versions if v.code == request.GET.get("versi")), versions[0] if versions else None
    )
    problems: list[str] = []
    if request.method == "POST" and chosen is not None:
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError(_("Choose a CSV file."))
            count = ids_import_csv(
                text=upload.read(2_000_000).decode("utf-8-sig", errors="replace"), version=chosen
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("%(n)s ids saved.") % {"n": count})
            return redirect(f"{request.path}?versi={chosen.code}")
    missing = _unmapped_for_version(chosen) if chosen else []
    return render(
        request,
        "interchange/sipantas/ids.html",
        {
            "versions": versions,
            "chosen": chosen,
            "missing": missing[:300],
            "missing_count": len(missing),
            "problems": problems,
        },
    )


def _unmapped_for_version(version: InstrumentVersion) -> list[tuple[str, str, str]]:
    cycle = version.cycles.first()
    registration = cycle.registrations.first() if cycle is not None else None
    if registration is not None:
        found = unmapped(registration)
        regencies = {
            r.regency.code: r.regency.name
            for c in version.cycles.all()
            for r in c.registrations.select_related("regency")
        }
        from .models import SipantasId

        mapped = set(SipantasId.objects.filter(kind="regency").values_list("local_code", flat=True))
        return [m for m in found if m[0] != "regency"] + [
            ("regency", code, name) for code, name in sorted(regencies.items()) if code not in mapped
        ]
    from wistara.instruments.models import Indicator, Section

    from .models import SipantasId

    known = set(SipantasId.objects.filter(instrument=version).values_list("kind", "local_code"))
    rows = [
        ("tatanan", s.code, s.name)
        for s in version.sections.filter(kind=Section.Kind.TATANAN)
        if ("tatanan", s.code) not in known
    ]
    for indicator in Indicator.objects.filter(section__version=version).select_related("section"):
        kind = "kelembagaan" if indicator.section.kind == Section.Kind.KELEMBAGAAN else "indicator"
        if (kind, indicator.code) not in known:
            rows.append((kind, indicator.code, indicator.name))
    return rows


@require_GET
def sipantas_file(request: HttpRequest, token: str) -> HttpResponse | FileResponse:
    """The merged PDF of one item and year, for whoever holds an unexpired signed link."""
    try:
        response_id, year = files.read_token(token)
    except files.LinkExpired:
        return HttpResponse(
            _("This link has expired; ask the regency for a new package."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    except files.LinkInvalid:
        raise Http404 from None
    response = (
        Response.objects.select_related("indicator", "registration__regency", "registration__cycle")
        .filter(pk=response_id)
        .first()
    )
    if response is None or not files.pieces(response, year):
        raise Http404
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    files.write_merged_pdf(response, year, handle)
    handle.seek(0)
    answer = FileResponse(
        handle, content_type="application/pdf", filename=f"{response.indicator.code}-{year}.pdf"
    )
    answer["X-Content-Type-Options"] = "nosniff"
    answer["Cache-Control"] = "private, no-store"
    return answer
