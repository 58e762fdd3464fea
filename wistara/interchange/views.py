"""The coordinator's workbook import (upload, review the matches, dry run, import) and the
official workbook download. Thin: reading and writing happen in services_import / exports."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_registration_for_user
from wistara.assessments.models import Registration
from wistara.common.forms import choice_field
from wistara.instruments.models import Indicator
from wistara.jobs.services import job_start

from .exports import workbook_filename, write_official_workbook
from .models import ImportBatch
from .services_import import (
    ImportRefused,
    import_batch_apply,
    import_batch_choose,
    import_batch_create,
    import_batch_discard,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    data_year = forms.TypedChoiceField(label=gettext_lazy("Data year of links that name no year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "data_year").choices = [(y, y) for y in years]
        self.fields["data_year"].initial = years[-1] if years else None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES >> 20})
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            raise ValidationError(_("Upload an Excel workbook (.xlsx)."))
        return upload


def _indicators(registration: Registration) -> dict[str, int]:
    return dict(
        Indicator.objects.filter(section__version=registration.cycle.instrument)
        .order_by("section__order", "order")
        .values_list("code", "id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    years = [int(y) for y in registration.cycle.instrument.data_years]
    form = UploadForm(years=years)
    context: dict = {}
    batches = ImportBatch.objects.filter(registration=registration)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "upload":
            form = UploadForm(request.POST, request.FILES, years=years)
            if form.is_valid():
                context = _upload(request, registration, form)
                if not context:
                    return redirect(request.path)
        else:
            batch = batches.filter(
                pk=request.POST.get("batch") or 0, status=ImportBatch.Status.PREVIEW
            ).first()
            if batch is None:
                messages.error(request, _("This import is already closed."))
                return redirect(request.path)
            context = _act(request, registration, batch, action)
            if not context:
                return redirect(request.path)
    batch = batches.filter(status=ImportBatch.Status.PREVIEW).first()
    codes = _indicators(registration)
    by_id = {v: k for k, v in codes.items()}
    rows = []
    if batch:
        for index, item in enumerate(batch.content["items"]):
            rows.append({"index": index, "item": item, "code": by_id.get(item["match"]["indicator"], "")})
    return render(
        request,
        "interchange/import.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "form": form,
            "batch": batch,
            "rows": rows,
            "codes": list(codes),
            "history": batches.exclude(status=ImportBatch.Status.PREVIEW)[:10],
            **context,
        },
    )


def _upload(request: AuthedRequest, registration: Registration, form: UploadForm) -> dict:
    upload = form.cleaned_data["file"]
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            import_batch_create(
                path=Path(handle.name),
                registration=registration,
                user=request.user,
                data_year=form.cleaned_data["data_year"],
                display_name=upload.name,
            )
        except ImportRefused as exc:
            return {"problems": exc.problems}
        except ValidationError as exc:
            return {"problems": exc.messages}
    return {}


def _act(request: AuthedRequest, registration: Registration, batch: ImportBatch, action: str) -> dict:
    if action == "discard":
        import_batch_discard(batch=batch)
        messages.success(request, _("The import was discarded; nothing was changed."))
        return {}
    codes = _indicators(registration)
    choices = {}
    for index in range(len(batch.content["items"])):
        key = f"m-{index}"
        if key in request.POST:
            code = request.POST[key].strip().upper()
            if code and code not in codes:
                return {
                    "problems": [
                        _("Row %(n)s: “%(code)s” is not an indicator code of this instrument.")
                        % {"n": index + 1, "code": code}
                    ]
                }
            choices[index] = codes.get(code)
    try:
        import_batch_choose(batch=batch, choices=choices)
        if action == "save":
            messages.success(request, _("The matches were saved."))
            return {}
        summary = import_batch_apply(batch=batch, user=request.user, dry_run=action != "apply")
    except ImportRefused as exc:
        return {"problems": exc.problems}
    except ValidationError as exc:
        return {"problems": exc.messages}
    if action == "apply":
        messages.success(
            request,
            _("Imported as drafts: %(answers)s answers, %(links)s links, %(history)s earlier scores.")
            % summary,
        )
        return {}
    return {"dry_summary": summary}


@login_required
@require_GET
def workbook_download(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{workbook_filename(registration)}"'
    write_official_workbook(registration, response, user=request.user)
    return response


@login_required
@require_POST
def bundle_start(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """Start the evidence bundle (or, with ?paket, the SIPANTAS package) as a background job."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    package = request.POST.get("what") == "sipantas"
    title = (_("SIPANTAS package · %(regency)s") if package else _("Evidence bundle · %(regency)s")) % {
        "regency": registration.regency.name
    }
    job = job_start(
        kind="sipantas_package" if package else "evidence_bundle",
        title=title,
        params={"registration": registration.id},
        user=request.user,
    )
    return redirect("jobs:detail", job.id)
