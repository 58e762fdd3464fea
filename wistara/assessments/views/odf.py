"""ODF (Stop BABS) per desa/kelurahan: the table saved row by row, the upload, its template.

Readers are whoever sees the regency; changes need the regency's coordinator or a national
admin (get_registration_for_user(change=True)) and stop at the self-assessment deadline.
"""

import csv
import io
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.common.htmx import is_htmx_fragment

from .. import selectors_odf as selectors
from ..access import get_registration_for_user
from ..models import Registration
from ..services.locking import today
from ..services.odf import odf_lock_reason, odf_set
from ..services.odf_file import MAX_UPLOAD_BYTES, OdfImportError, read_odf_file, template_stamp
from ..services.odf_stale import odf_apply, odf_check_file, pending_dump, pending_load

TEMPLATE_HEADER = (
    "Kode Desa/Kelurahan",
    "Kecamatan",
    "Nama Desa/Kelurahan",
    "Jenis",
    "Lokus",
    "Status ODF",
    "Tanggal Verifikasi",
)


class OdfRowForm(forms.Form):
    is_odf = forms.BooleanField(required=False)
    verified_on = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"])


class OdfUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or Excel file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not on the field: a lazy string formatted at import would freeze its language.
        self.fields["file"].help_text = _("Up to %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}


def _context(request: AuthedRequest, registration: Registration, **extra) -> dict:
    summary = selectors.odf_summary(registration)
    met, needed, actual = selectors.odf_gate(registration, summary)
    return {
        "registration": registration,
        "regency": registration.regency,
        "cycle": registration.cycle,
        "summary": summary,
        "gate": {"met": met, "needed": needed, "actual": actual},
        "can_change": scope_for(request.user).changes_regency(registration.regency),
        "lock_reason": odf_lock_reason(registration),
        "today": today(),
        **extra,
    }


@login_required
@require_GET
def odf_list(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    show = request.GET.get("tampil", "all")
    show = show if show in selectors.FILTERS else "all"
    pages = selectors.odf_pages(selectors.odf_rows(registration, show=show))
    try:
        number = min(max(int(request.GET.get("hal", 1)), 1), max(len(pages), 1))
    except ValueError:
        number = 1
    page = pages[number - 1] if pages else None
    return render(
        request,
        "assessments/odf.html",
        _context(
            request, registration, show=show, pages=pages, page=page, districts=page.districts if page else []
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def odf_row(request: AuthedRequest, regency_code: str, cycle_code: str, village_code: str) -> HttpResponse:
    """GET: one row (htmx). POST: save its status and date, answer with the row and the counts."""
    change = request.method == "POST"
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=change)
    row = selectors.odf_row(registration, village_code)
    if row is None:
        raise Http404
    error = _save_row(request, registration, row) if change else None
    if change and not is_htmx_fragment(request):
        messages.add_message(
            request,
            messages.ERROR if error else messages.SUCCESS,
            error or _("%(village)s saved.") % {"village": row.name},
        )
        return redirect(reverse("assessments:odf", args=[regency_code, cycle_code]) + f"#v-{row.code}")
    if change and not error:
        row = selectors.odf_row(registration, village_code)
    return _render_row(request, registration, row, error=error, saved=change and not error)


def _render_row(request: AuthedRequest, registration: Registration, row, *, error, saved) -> HttpResponse:
    """The row; after a save also the counts, the filter tabs and the kecamatan heading (oob)."""
    context = _context(
        request, registration, row=row, row_error=error, saved=saved, show=_shown_filter(request)
    )
    context["group"] = next(
        (d for d in context["summary"]["districts"] if d["code"] == row.district_code), None
    )
    return render(request, "assessments/partials/odf_row_response.html", context)


def _shown_filter(request: HttpRequest) -> str:
    """The filter of the page the row sits on, so that the refreshed tabs keep it."""
    htmx = getattr(request, "htmx", None)
    page = (htmx.current_url_abs_path if htmx else None) or ""
    show = parse_qs(urlsplit(page).query).get("tampil", ["all"])[0]
    return show if show in selectors.FILTERS else "all"


def _save_row(request: AuthedRequest, registration: Registration, row: selectors.OdfRow) -> str | None:
    """Save the posted values; on failure keep them on the row and return the message."""
    form = OdfRowForm(request.POST)
    if not form.is_valid():
        row.is_odf = request.POST.get("is_odf") in ("on", "1", "true")
        return " ".join(str(error) for error in form.errors.get("verified_on", []))
    row.is_odf, row.verified_on = form.cleaned_data["is_odf"], form.cleaned_data["verified_on"]
    try:
        odf_set(
            registration=registration,
            village_code=row.code,
            is_odf=row.is_odf,
            verified_on=row.verified_on,
            user=request.user,
        )
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def odf_upload(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    form = OdfUploadForm(request.POST, request.FILES) if request.method == "POST" else OdfUploadForm()
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            table = read_odf_file(form.cleaned_data["file"])
            rows, conflicts = odf_check_file(registration, table)
            result = (
                conflicts
                if conflicts
                else odf_apply(
                    registration=registration,
                    rows=rows,
                    since=table.downloaded_at,
                    shown=set(),
                    overwrite=True,
                    user=request.user,
                )
            )
        except OdfImportError as exc:
            errors = exc.errors
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if isinstance(result, list):  # newer changes the file would undo: ask first
                request.session[_pending_key(registration)] = pending_dump(rows, table.downloaded_at, result)
                return _confirm_page(request, registration, result, table.downloaded_at)
            messages.success(request, _import_message(result))
            return redirect("assessments:odf", regency_code, cycle_code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/odf_upload.html",
        _context(request, registration, form=form, errors=errors),
        status=status,
    )


@login_required
@require_POST
def odf_upload_confirm(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The importer's choice on a file that would undo newer changes: overwrite them or keep them."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    pending = request.session.get(_pending_key(registration))
    choice = request.POST.get("choice")
    if pending is None or choice not in ("overwrite", "keep"):
        if pending is None:
            messages.error(request, _("No uploaded file is waiting for your choice; upload it again."))
        return redirect("assessments:odf-upload", regency_code, cycle_code)
    rows, since, shown = pending_load(pending)
    try:
        result = odf_apply(
            registration=registration,
            rows=rows,
            since=since,
            shown=shown,
            overwrite=choice == "overwrite",
            user=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:odf", regency_code, cycle_code)
    if isinstance(result, list):  # more changes arrived while the importer was deciding
        request.session[_pending_key(registration)] = pending_dump(rows, since, result)
        return _confirm_page(request, registration, result, since, again=True)
    del request.session[_pending_key(registration)]
    message = _import_message(result)
    if choice == "keep":
        message += " " + _("The %(n)s newer changes were kept.") % {"n": len(shown)}
    messages.success(request, message)
    return redirect("assessments:odf", regency_code, cycle_code)


def _pending_key(registration: Registration) -> str:
    return f"odf-import-{registration.id}"


def _confirm_page(request, registration, conflicts, since, *, again: bool = False) -> HttpResponse:
    return render(
        request,
        "assessments/odf_confirm.html",
        _context(request, registration, conflicts=conflicts, since=since, again=again),
        status=409,
    )


def _import_message(result) -> str:
    return _(
        "File imported: %(rows)s villages read, %(changed)s changed, %(unchanged)s unchanged; "
        "%(odf)s of them ODF."
    ) % {"rows": result.rows, "changed": result.changed, "unchanged": result.unchanged, "odf": result.odf}


@login_required
@require_GET
def odf_template(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The regency's villages with their current status, ready to fill in and upload again."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    out = io.StringIO()
    # Semicolons and a BOM: how Excel set to Indonesian opens a CSV into columns, in UTF-8.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    # The first row says when the template was taken: an import of it then names the villages
    # changed in Wistara since, instead of silently undoing them (services.odf_stale).
    downloaded_at = timezone.now()
    writer.writerow(
        [
            _("ODF template of %(regency)s, %(cycle)s, downloaded %(when)s %(stamp)s")
            % {
                "regency": registration.regency.name,
                "cycle": registration.cycle.code,
                "when": timezone.localtime(downloaded_at).strftime("%d-%m-%Y %H:%M"),
                "stamp": template_stamp(downloaded_at),
            }
        ]
    )
    writer.writerow(TEMPLATE_HEADER)
    for district in selectors.odf_rows(registration):
        writer.writerows(_template_row(row) for row in district.rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"odf-{registration.regency.code}-{registration.cycle.code}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _template_row(row: selectors.OdfRow) -> tuple:
    return (
        row.code,
        row.district_name,
        row.name,
        row.kind,
        "Ya" if row.lokus else "",
        "Ya" if row.is_odf else "Tidak",
        row.verified_on.strftime("%d-%m-%Y") if row.verified_on else "",
    )
