"""ODF (Stop BABS) endpoints: the same access functions, selectors and services as the pages.

Reading needs a user who sees the regency; writing needs its coordinator or a national admin.
Errors answer the API's one error body (wistara.common.api_errors): 400 for refused data (an
upload adds every bad row under "rows") and for data the self-assessment deadline has locked
(code "locked"), 403 for "yours to see, not to change", 404 for missing or not yours.
"""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.common.api_errors import READ, WRITE
from wistara.common.errors import Invalid, NotFound

from . import selectors_odf as selectors
from .access import get_registration_for_user
from .schemas_odf import OdfImportOut, OdfSummaryOut, OdfVillageIn, OdfVillageOut
from .services.odf import odf_import, odf_lock_reason, odf_set

router = Router()
# selectors_odf.FILTERS, spelled out so the document lists them (a test holds the two equal).
OdfFilter = Literal["all", "odf", "not_odf", "lokus"]


@router.get(
    "/{regency_code}/{cycle_code}",
    response={200: OdfSummaryOut, **READ},
    summary="ODF counts of a registration, per kecamatan, and the gate of its target",
)
def odf_summary(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    summary = selectors.odf_summary(registration)
    met, needed, _actual = selectors.odf_gate(registration, summary)
    can_change = scope_for(request.user).changes_regency(registration.regency)
    return {
        **summary,
        "regency": registration.regency.code,
        "cycle": registration.cycle.code,
        "gate": {"category": registration.target_category.code, "needed": needed, "met": met},
        "locked": odf_lock_reason(registration),
        "can_change": can_change,
        "sipantas": {
            "tahun": registration.cycle.instrument.award_year,
            "jumlah_kecamatan": summary["district_count"],
            "jumlah_desa_kelurahan": summary["villages"],
            "jumlah_desa_stop_babs": summary["odf"],
            "persentase_desa_stop_babs": summary["percent"],
        },
    }


@router.get(
    "/{regency_code}/{cycle_code}/villages",
    response={200: list[OdfVillageOut], **READ},
    summary="Every desa/kelurahan of the regency with its ODF status",
)
def odf_village_list(request: AuthedRequest, regency_code: str, cycle_code: str, show: OdfFilter = "all"):
    """`show`: all, odf, not_odf or lokus (another value: 422, like any input off the schema)."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    return [row for district in selectors.odf_rows(registration, show=show) for row in district.rows]


@router.put(
    "/{regency_code}/{cycle_code}/villages/{village_code}",
    response={200: OdfVillageOut, **WRITE},
    summary="Set one village's ODF status and verification date",
)
def odf_village_set(
    request: AuthedRequest, regency_code: str, cycle_code: str, village_code: str, payload: OdfVillageIn
):
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    if selectors.odf_row(registration, village_code) is None:
        raise NotFound(_("No desa/kelurahan %(code)s in this regency.") % {"code": village_code})
    odf_set(
        registration=registration,
        village_code=village_code,
        is_odf=payload.is_odf,
        verified_on=payload.verified_on,
        user=request.user,
    )
    return Status(200, selectors.odf_row(registration, village_code))


@router.post(
    "/{regency_code}/{cycle_code}/upload",
    response={200: OdfImportOut, **WRITE},
    summary="Import a CSV or xlsx file by village code (all rows or none)",
)
def odf_upload(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja's way to declare a file
):
    # The file is optional in the signature so that access is checked before the input.
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    if file is None:
        raise Invalid(
            {"file": _("Send the CSV or xlsx file as multipart/form-data in a field named “file”.")}
        )
    return Status(200, odf_import(registration=registration, uploaded_file=file, user=request.user))
