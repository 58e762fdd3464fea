"""The access matrix: every URL and API endpoint, every role, own versus other tenant.

The URL list is read from the URL configuration and the OpenAPI schema, so a new URL without a
rule here fails `test_it_has_a_rule_for_every_url`. Who may see and change which tenant is
written out below independently of wistara.accounts.access, so the two must agree.

Every regency of the test world is registered; each tenant URL is called with the parameters of
each regency in turn (its code, its response T1.1, its office, its evidence...), so "own" and
"other" tenant are both exercised for every role.
"""

import json
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from tests.conftest import PDF

pytestmark = pytest.mark.django_db

ROLES = [
    "national_admin",
    "national_verifier",
    "provincial_verifier",
    "regency_coordinator",
    "opd_operator",
    "office_head",
    "leader",
    "other_coordinator",
    "no_role",
]
ALL_REGENCIES = {"11.01", "11.71", "12.01"}
VISIBLE_REGENCIES = {
    "national_admin": ALL_REGENCIES,
    "national_verifier": ALL_REGENCIES,
    "provincial_verifier": {"11.01", "11.71"},
    "regency_coordinator": {"11.01"},
    "opd_operator": {"11.01"},
    "office_head": {"11.01"},
    "leader": {"11.01"},
    "other_coordinator": {"12.01"},
    "no_role": set(),
}
# Who may change a regency's own records (registration, offices, assignments, ODF).
REGENCY_CHANGERS = {
    "national_admin": ALL_REGENCIES,
    "regency_coordinator": {"11.01"},
    "other_coordinator": {"12.01"},
}
# Who may judge a regency at the provincial level (the matrix calls review URLs with it).
PROVINCIAL_REVIEWERS = {"national_admin": ALL_REGENCIES, "provincial_verifier": {"11.01", "11.71"}}
NATIONAL_DECIDERS = {"national_admin": ALL_REGENCIES, "national_verifier": ALL_REGENCIES}
# Who may change item T1.1, which belongs to the Dinkes office (the operator's office in 11.01).
ITEM_CHANGERS = {**REGENCY_CHANGERS, "opd_operator": {"11.01"}, "office_head": {"11.01"}}
# Who may validate the items of T1.1's office (Dinkes in 11.01): its head, or who stands in; the
# bulk pages (a head's validation list, a bulk change of T1.1) are theirs alone (issue 10).
VALIDATORS = {**REGENCY_CHANGERS, "office_head": {"11.01"}}
# Who may change a province's own documents, and who reviews them (the nation).
PROVINCE_CHANGERS = {"national_admin": {"11", "12"}, "provincial_verifier": {"11"}}
PROVINCE_REVIEWERS = {"national_admin": {"11", "12"}, "national_verifier": {"11", "12"}}
VISIBLE_PROVINCES = {
    "national_admin": {"11", "12"},
    "national_verifier": {"11", "12"},
    "provincial_verifier": {"11"},
}
REGENCY_NAMES = {"11.01": "KABUPATEN A SATU", "11.71": "KOTA A DUA", "12.01": "KABUPATEN B SATU"}
PROVINCE_OF = {"11.01": "11", "11.71": "11", "12.01": "12"}


@dataclass(frozen=True)
class Rule:
    """kind: public | signed_in | reference | national_admin | own_token | province | regency |
    regency_change | item | item_change | review (provincial verification of the regency) |
    validate (the head of T1.1's office, or who stands in: a bulk validation)."""

    kind: str
    method: str = "GET"
    # province_change / province_review: a province's own documents, changed by its verifiers,
    # reviewed by the nation.


def R(kind: str, method: str = "GET") -> Rule:  # noqa: N802 - reads as a table
    return Rule(kind, method)


PAGES = {
    "home": R("signed_in"),
    "accounts:login": R("public"),
    "accounts:logout": R("public", "POST"),
    # Issue 14: password reset by email, the locked-out user's way back (public by nature).
    "accounts:password-reset": R("public"),
    "accounts:password-reset-done": R("public"),
    "accounts:password-reset-confirm": R("public"),
    "accounts:password-reset-complete": R("public"),
    "healthz": R("public"),  # issue 14: the load balancer's probe
    "accounts:profile": R("signed_in"),
    "accounts:password-change": R("signed_in"),
    "accounts:password-change-done": R("signed_in"),
    "accounts:token-create": R("signed_in", "POST"),
    "accounts:token-revoke": R("own_token", "POST"),
    "regions:province-detail": R("province"),
    "regions:regency-detail": R("regency"),
    "instruments:version-list": R("reference"),
    "instruments:version-detail": R("reference"),
    "instruments:section-detail": R("reference"),
    # Issue 13: read by everyone who reads instruments; the POST is a national admin's (below).
    "instruments:award-settings": R("reference"),
    "cycles:cycle-list": R("signed_in"),
    "cycles:cycle-create": R("national_admin"),
    "cycles:regency-cycles": R("regency"),
    "cycles:registration-create": R("regency_change"),
    "assessments:dashboard": R("regency"),
    "assessments:missing": R("regency"),
    "workspace:checklist": R("regency"),
    "assessments:registration-edit": R("regency"),
    "bulk:assignment-list": R("regency_change"),
    "bulk:assignment-set": R("regency_change", "POST"),
    "assessments:response-list": R("regency"),
    "bulk:validation-queue": R("validate"),
    "bulk:validation-plan": R("validate", "POST"),
    "bulk:change": R("validate"),
    "bulk:change-apply": R("validate", "POST"),
    "bulk:change-undo": R("validate", "POST"),
    "assessments:response-detail": R("item"),
    "assessments:response-proposal": R("item"),
    "assessments:response-status": R("item_change", "POST"),
    "evidence:evidence-panel": R("item"),
    "evidence:evidence-upload": R("item_change", "POST"),
    "evidence:response-fill": R("item_change", "POST"),
    "evidence:evidence-link": R("item_change", "POST"),
    "evidence:evidence-download": R("item"),
    "evidence:evidence-remove": R("item_change", "POST"),
    "evidence:evidence-restore": R("item_change", "POST"),
    # Issue 16: the automatic check's findings, seen by whoever sees the item or the regency.
    "evidence:evidence-check": R("item"),
    "evidence_checks:flagged": R("regency"),
    "evidence_checks:counts": R("regency"),
    "assessments:odf": R("regency"),
    "assessments:odf-row": R("regency_change", "POST"),
    "assessments:odf-upload": R("regency_change"),
    "assessments:odf-upload-confirm": R("regency_change", "POST"),
    "assessments:odf-template": R("regency"),
    "offices:office-list": R("regency"),
    "offices:office-create": R("regency_change"),
    "offices:office-edit": R("regency_change"),
    "offices:office-toggle": R("regency_change", "POST"),
    "offices:office-defaults": R("regency_change", "POST"),
    "offices:operator-create": R("regency_change"),
    "offices:operator-revoke": R("regency_change", "POST"),
    # "dashboard": national roles see every regency, a provincial verifier its province's, others
    # get 404 (tested in wistara/reports/tests/test_views.py, which the generic cases cannot do).
    "reports:national-dashboard": R("dashboard"),
    "reports:latest-national-dashboard": R("dashboard"),
    "reports:latest-province-dashboard": R("province"),
    "reports:province-dashboard": R("province"),
    "reports:table-export": R("dashboard", "POST"),  # issue 14: starts the xlsx job
    "verification:submission": R("regency"),
    "verification:resubmit": R("regency_change", "POST"),
    "verification:decision": R("regency"),
    "verification:what-if": R("regency"),
    "verification:minutes": R("regency"),
    "verification:field-visit": R("regency"),
    "verification:response-reviews": R("item"),
    "verification:review-list": R("regency"),
    "verification:review-save": R("review", "POST"),
    "verification:review-return": R("review", "POST"),
    "verification:review-complete": R("review", "POST"),
    # issue 11: the deadline extension (the return page is GET and POST under review-return)
    "verification:deadline-extend": R("review", "POST"),
    "verification:review-screen": R("regency"),
    "verification:review-item": R("item"),
    "verification:common-note-create": R("review", "POST"),
    "verification:accept-provincial": R("decide", "POST"),
    "verification_queue:queue": R("signed_in"),
    "institutions:overview": R("regency"),
    "institutions:prefill": R("regency_change", "POST"),
    "institutions:file": R("regency"),
    "institutions:record-change": R("regency_change", "POST"),
    "institutions:body-detail": R("regency"),
    "institutions:body-save": R("regency_change", "POST"),
    "institutions:area-detail": R("regency"),
    "institutions:area-save": R("regency_change", "POST"),
    "meetings:meeting-list": R("regency"),
    "meetings:meeting-create": R("regency_change"),
    "meetings:action-list": R("regency"),
    "meetings:overdue-box": R("regency"),
    # An action item belongs to the office of item T1.1: its operators move it along too.
    "meetings:action-update": R("item_change", "POST"),
    "meetings:handover": R("regency_change"),
    "meetings:meeting-detail": R("regency"),
    "meetings:meeting-edit": R("regency_change"),
    "meetings:meeting-attendance": R("regency_change", "POST"),
    "meetings:meeting-step": R("regency_change", "POST"),
    "meetings:meeting-pdf": R("regency"),
    "dossier:index": R("regency"),
    "dossier:general": R("regency"),
    "dossier:pdf": R("regency"),
    "dossier:file": R("regency"),
    "dossier:narrative": R("regency"),
    "dossier:narrative-save": R("regency_change", "POST"),
    "dossier:narrative-pdf": R("regency_change", "POST"),
    "dossier:narrative-image": R("regency_change", "POST"),
    "dossier:narrative-history": R("regency"),
    "dossier:funding": R("regency"),
    "dossier:funding-chart": R("regency"),
    "dossier:funding-create": R("regency_change", "POST"),
    "dossier:funding-edit": R("regency_change"),
    "dossier:funding-remove": R("regency_change", "POST"),
    "dossier:funding-restore": R("regency_change", "POST"),
    "dossier:funding-evidence": R("regency_change", "POST"),
    "dossier:funding-evidence-remove": R("regency_change", "POST"),
    "dossier:resubmit": R("regency_change", "POST"),
    "dossier:review": R("regency"),
    "dossier:review-save": R("review", "POST"),
    "dossier:review-return": R("review", "POST"),
    "provincial:documents": R("province"),
    "provincial:document-upload": R("province_change", "POST"),
    "provincial:submit": R("province_change", "POST"),
    "provincial:resubmit": R("province_change", "POST"),
    "provincial:return": R("province_review", "POST"),
    "provincial:document": R("province"),
    "provincial:document-replace": R("province_change", "POST"),
    "provincial:document-remove": R("province_change", "POST"),
    "provincial:document-download": R("province"),
    "provincial:document-review": R("province_review", "POST"),
    # Issue 12: the stage calendar (read by all, edited by national admins), notifications.
    "cycles:cycle-calendar": R("signed_in"),
    "notifications:list": R("signed_in"),
    "notifications:read": R("signed_in", "POST"),
    "notifications:preferences": R("signed_in"),
    "notifications:delivery-log": R("national_admin"),
    "reminders:missing-send": R("regency_change", "POST"),
    # Issue 13 (interchange)
    "interchange:import": R("regency_change"),
    "interchange:workbook": R("regency"),
    "interchange:sipantas": R("regency_change"),
    "interchange:sipantas-xlsx": R("regency_change"),
    "interchange:sipantas-push": R("regency_change", "POST"),
    "sipantas:ids": R("national_admin"),
    # A signed, expiring link for the national system: no session (wistara/interchange/tests).
    "sipantas:file": R("public"),
    "interchange:bundle": R("regency_change", "POST"),
    # A file job is its starter's alone (others get 404: wistara/jobs/tests).
    "jobs:detail": R("own_job"),
    "jobs:download": R("own_job"),
    "past_awards:list": R("national_admin"),
}
INST = "/api/v1/institutions/{regency_code}/{cycle_code}"  # institutions and meetings
API = {
    "GET /api/v1/me": R("signed_in"),
    "GET /api/v1/regions/provinces": R("reference"),
    "GET /api/v1/regions/regencies": R("reference"),
    "GET /api/v1/regions/regencies/{code}/districts": R("reference"),
    "GET /api/v1/regions/districts/{code}/villages": R("reference"),
    "GET /api/v1/workspaces/provinces": R("signed_in"),
    "GET /api/v1/workspaces/provinces/{code}": R("province"),
    "GET /api/v1/workspaces/regencies": R("signed_in"),
    "GET /api/v1/workspaces/regencies/{code}": R("regency"),
    "GET /api/v1/instruments": R("reference"),
    "GET /api/v1/instruments/{code}": R("reference"),
    "GET /api/v1/instruments/{code}/sections/{section_code}": R("reference"),
    "GET /api/v1/assessments/cycles": R("signed_in"),
    "POST /api/v1/assessments/cycles": R("national_admin", "POST"),
    "GET /api/v1/assessments/registrations/{regency_code}/{cycle_code}": R("regency"),
    "POST /api/v1/assessments/registrations/{regency_code}/{cycle_code}": R("regency_change", "POST"),
    "PUT /api/v1/assessments/registrations/{regency_code}/{cycle_code}": R("regency_change", "PUT"),
    "GET /api/v1/assessments/registrations/{regency_code}/{cycle_code}/progress": R("regency"),
    "GET /api/v1/assessments/registrations/{regency_code}/{cycle_code}/responses": R("regency"),
    "GET /api/v1/assessments/registrations/{regency_code}/{cycle_code}/missing": R("regency"),
    "POST /api/v1/assessments/registrations/{regency_code}/{cycle_code}/assign-section": R(
        "regency_change", "POST"
    ),
    "POST /api/v1/assessments/registrations/{regency_code}/{cycle_code}/assign-suggested": R(
        "regency_change", "POST"
    ),
    "GET /api/v1/assessments/responses/{response_id}": R("item"),
    "PATCH /api/v1/assessments/responses/{response_id}": R("item_change", "PATCH"),
    "POST /api/v1/assessments/responses/{response_id}/status": R("item_change", "POST"),
    "PUT /api/v1/assessments/responses/{response_id}/office": R("regency_change", "PUT"),
    "GET /api/v1/assessments/responses/{response_id}/history": R("item"),
    "GET /api/v1/evidence/responses/{response_id}": R("item"),
    "POST /api/v1/evidence/responses/{response_id}/files": R("item_change", "MULTIPART"),
    "POST /api/v1/evidence/responses/{response_id}/links": R("item_change", "POST"),
    "GET /api/v1/evidence/{evidence_id}": R("item"),
    "POST /api/v1/evidence/{evidence_id}/remove": R("item_change", "POST"),
    "POST /api/v1/evidence/{evidence_id}/restore": R("item_change", "POST"),
    "GET /api/v1/evidence/{evidence_id}/download": R("item"),
    "GET /api/v1/evidence/{evidence_id}/check": R("item"),  # issue 16
    "POST /api/v1/verification/{regency_code}/{cycle_code}/submit": R("regency_change", "POST"),
    "POST /api/v1/verification/{regency_code}/{cycle_code}/resubmit": R("regency_change", "POST"),
    "GET /api/v1/verification/{regency_code}/{cycle_code}/{level}/reviews": R("regency"),
    "GET /api/v1/verification/{regency_code}/{cycle_code}/{level}/changes": R("regency"),
    "GET /api/v1/verification/{regency_code}/{cycle_code}/{level}/changes/{response_id}": R("regency"),
    "POST /api/v1/verification/{regency_code}/{cycle_code}/{level}/reviews/{response_id}": R(
        "review", "POST"
    ),
    "POST /api/v1/verification/{regency_code}/{cycle_code}/{level}/return": R("review", "POST"),
    "POST /api/v1/verification/{regency_code}/{cycle_code}/{level}/complete": R("review", "POST"),
    # issue 11: a deadline extension, the nation's acceptance of the province's results
    "POST /api/v1/verification/{regency_code}/{cycle_code}/{level}/extend": R("review", "POST"),
    "POST /api/v1/verification/{regency_code}/{cycle_code}/national/accept-provincial": R("decide", "POST"),
    "GET /api/v1/verification/{regency_code}/{cycle_code}/award": R("regency"),
    "POST /api/v1/verification/{regency_code}/{cycle_code}/decision": R("decide", "POST"),
    "GET /api/v1/odf/{regency_code}/{cycle_code}": R("regency"),
    "GET /api/v1/odf/{regency_code}/{cycle_code}/villages": R("regency"),
    "PUT /api/v1/odf/{regency_code}/{cycle_code}/villages/{village_code}": R("regency_change", "PUT"),
    "POST /api/v1/odf/{regency_code}/{cycle_code}/upload": R("regency_change", "POST"),
    "GET /api/v1/offices/{regency_code}": R("regency"),
    "POST /api/v1/offices/{regency_code}": R("regency_change", "POST"),
    "POST /api/v1/offices/{regency_code}/defaults": R("regency_change", "POST"),
    "PATCH /api/v1/offices/{regency_code}/{office_id}": R("regency_change", "PATCH"),
    "POST /api/v1/offices/{regency_code}/{office_id}/operators": R("regency_change", "POST"),
    "POST /api/v1/offices/{regency_code}/{office_id}/operators/grant": R("regency_change", "POST"),
    "DELETE /api/v1/offices/{regency_code}/operators/{assignment_id}": R("regency_change", "DELETE"),
    "GET /api/v1/reports/{cycle_code}/regencies": R("dashboard"),
    "GET /api/v1/reports/{cycle_code}/provinces": R("dashboard"),
    "GET " + INST: R("regency"),
    "GET " + INST + "/kelembagaan": R("regency"),
    "POST " + INST + "/kelembagaan/prefill": R("regency_change", "POST"),
    "POST " + INST + "/bodies": R("regency_change", "POST"),
    "GET " + INST + "/bodies/{institution_id}": R("regency"),
    "PATCH " + INST + "/bodies/{institution_id}": R("regency_change", "PATCH"),
    "POST " + INST + "/bodies/{institution_id}/decrees": R("regency_change", "MULTIPART"),
    "POST " + INST + "/bodies/{institution_id}/members": R("regency_change", "POST"),
    "POST " + INST + "/bodies/{institution_id}/activities": R("regency_change", "POST"),
    "POST " + INST + "/bodies/{institution_id}/work-plans/{year}/file": R("regency_change", "MULTIPART"),
    "POST " + INST + "/bodies/{institution_id}/budgets": R("regency_change", "MULTIPART"),
    "POST " + INST + "/bodies/{institution_id}/photos": R("regency_change", "MULTIPART"),
    "POST " + INST + "/records/{kind}/{record_id}/{verb}": R("regency_change", "POST"),
    "GET " + INST + "/meetings": R("regency"),
    "POST " + INST + "/meetings": R("regency_change", "POST"),
    "GET " + INST + "/meetings/{meeting_id}": R("regency"),
    "PUT " + INST + "/meetings/{meeting_id}": R("regency_change", "PUT"),
    "POST " + INST + "/meetings/{meeting_id}/minutes": R("regency_change", "POST"),
    "POST " + INST + "/meetings/{meeting_id}/attendance": R("regency_change", "POST"),
    "POST " + INST + "/meetings/{meeting_id}/files": R("regency_change", "MULTIPART"),
    "POST " + INST + "/meetings/{meeting_id}/evidence": R("regency_change", "POST"),
    "POST " + INST + "/meetings/{meeting_id}/action-items": R("regency_change", "POST"),
    "GET " + INST + "/action-items": R("regency"),
    "PATCH " + INST + "/action-items/{item_id}": R("item_change", "PATCH"),
    "POST " + INST + "/handover": R("regency_change", "POST"),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}": R("regency"),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}/general": R("regency"),
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/general": R("regency_change", "PUT"),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}/narratives": R("regency"),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}/narratives/{key}": R("regency"),
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/narratives/{key}": R("regency_change", "PUT"),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/narratives/{key}/pdf": R("regency_change", "MULTIPART"),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/narratives/{key}/images": R(
        "regency_change", "MULTIPART"
    ),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}/narratives/{key}/history": R("regency"),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}/files/{attachment_id}": R("regency"),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}/{level}/reviews": R("regency"),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/{level}/reviews/{key}": R("review", "POST"),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/{level}/return": R("review", "POST"),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/resubmit": R("regency_change", "POST"),
    "GET /api/v1/dossier/{regency_code}/{cycle_code}/funding": R("regency"),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/funding": R("regency_change", "POST"),
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/funding/{funding_id}": R("regency_change", "PUT"),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/funding/{funding_id}/remove": R(
        "regency_change", "POST"
    ),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/funding/{funding_id}/restore": R(
        "regency_change", "POST"
    ),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/funding/{funding_id}/evidence": R(
        "regency_change", "MULTIPART"
    ),
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/funding/evidence/{attachment_id}/remove": R(
        "regency_change", "POST"
    ),
    "GET /api/v1/provincial-documents/{cycle_code}/status": R("signed_in"),
    "GET /api/v1/provincial-documents/{code}/{cycle_code}": R("province"),
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/documents": R("province_change", "MULTIPART"),
    "GET /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}": R("province"),
    "PATCH /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}": R(
        "province_change", "PATCH"
    ),
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}/file": R(
        "province_change", "MULTIPART"
    ),
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}/remove": R(
        "province_change", "POST"
    ),
    "GET /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}/download": R("province"),
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/submit": R("province_change", "POST"),
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/resubmit": R("province_change", "POST"),
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}/review": R(
        "province_review", "POST"
    ),
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/return": R("province_review", "POST"),
}
MEETING = {
    "title": "Rakor",
    "starts_at": "2030-01-01T09:00:00+07:00",
    "place": "Aula",
    "chair": "Sekda",
    "agenda": "A",
}
# A valid body for each API write, so that the answer is about access, not about the input.
API_BODIES = {
    "POST /api/v1/assessments/cycles": {
        "code": "NEW-1",
        "name": "Baru",
        "instrument": "TEST-2025",
        **{
            name: "2030-01-01"
            for name in (
                "registration_opens",
                "registration_closes",
                "self_assessment_deadline",
                "provincial_verification_start",
                "provincial_verification_end",
                "national_verification_start",
                "national_verification_end",
                "field_validation_start",
                "field_validation_end",
                "award_date",
            )
        },
    },
    "POST /api/v1/assessments/registrations/{regency_code}/{cycle_code}": {"target_category": "padapa"},
    "PUT /api/v1/assessments/registrations/{regency_code}/{cycle_code}": {
        "target_category": "padapa",
        "revision": 1,
    },
    "PATCH /api/v1/assessments/responses/{response_id}": {"revision": 0},
    "POST /api/v1/verification/{regency_code}/{cycle_code}/{level}/reviews/{response_id}": {
        "verdict": "accepted",
        "option_id": None,
    },
    "POST /api/v1/verification/{regency_code}/{cycle_code}/decision": {"reason": "x"},
    "POST /api/v1/verification/{regency_code}/{cycle_code}/{level}/extend": {
        "deadline": "2030-01-01T15:00:00+07:00"
    },
    "POST /api/v1/assessments/registrations/{regency_code}/{cycle_code}/assign-section": {
        "section_code": "T1",
        "office_id": None,
    },
    "POST /api/v1/assessments/responses/{response_id}/status": {"revision": 0, "status": "validated"},
    "PUT /api/v1/assessments/responses/{response_id}/office": {"office_id": None},
    "POST /api/v1/evidence/responses/{response_id}/links": {
        "url": "https://example.go.id/laporan",
        "data_year": 2024,
        "kind": "report",
    },
    "PUT /api/v1/odf/{regency_code}/{cycle_code}/villages/{village_code}": {"is_odf": False},
    "POST /api/v1/offices/{regency_code}": {"short_name": "Baru", "name": "Kantor Baru"},
    "PATCH /api/v1/offices/{regency_code}/{office_id}": {"is_active": True},
    "POST /api/v1/offices/{regency_code}/{office_id}/operators": {
        "username": "op.baru",
        "full_name": "Op Baru",
        "password": "kelapa-muda-Sore-42",
    },
    "POST /api/v1/offices/{regency_code}/{office_id}/operators/grant": {"username": "leader"},
    "POST " + INST + "/bodies": {"body": "forum", "area_code": ""},
    "PATCH " + INST + "/bodies/{institution_id}": {"revision": 0, "name": "Tim"},
    "POST " + INST + "/bodies/{institution_id}/members": {"name": "A", "position": "Ketua"},
    "POST " + INST + "/bodies/{institution_id}/activities": {"year": 2024, "name": "A", "target": "1"},
    "POST " + INST + "/meetings": MEETING,
    "PUT " + INST + "/meetings/{meeting_id}": {"revision": 0, **MEETING},
    "POST " + INST + "/meetings/{meeting_id}/minutes": {"revision": 0, "minutes": "Notulen"},
    "POST " + INST + "/meetings/{meeting_id}/attendance": [],
    "POST " + INST + "/meetings/{meeting_id}/evidence": {"response_ids": [], "data_year": 2024},
    "POST " + INST + "/meetings/{meeting_id}/action-items": {
        "description": "A",
        "office": 0,
        "due_on": "2030-01-01",
    },
    "PATCH " + INST + "/action-items/{item_id}": {"revision": 0, "status": "done"},
    "POST " + INST + "/handover": {"predecessor": 0, "successor": 0},
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/general": {"revision": 0},
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/narratives/{key}": {
        "revision": 1,
        "body": "<p>Baru</p>",
    },
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/{level}/reviews/{key}": {"verdict": "accepted"},
    "POST /api/v1/dossier/{regency_code}/{cycle_code}/funding": {
        "data_year": 2024,
        "source": "apbd",
        "activity": "Kegiatan",
        "amount": "1000",
    },
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/funding/{funding_id}": {
        "revision": 1,
        "data_year": 2024,
        "source": "csr",
        "activity": "Kegiatan",
        "amount": "2000",
    },
    "PATCH /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}": {
        "revision": 1,
        "kind": "decree",
        "title": "SK Tim Pembina",
    },
    "POST /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}/review": {
        "verdict": "accepted"
    },
}
# Form fields beside the file of a multipart write (the default is an evidence upload's).
MULTIPART_FIELDS: dict[str, dict[str, object]] = {
    "POST " + INST + "/bodies/{institution_id}/decrees": {
        "number": "1",
        "signed_on": "2023-01-01",
        "signer_name": "B",
        "signer_authority": "bupati",
    },
    "POST " + INST + "/bodies/{institution_id}/budgets": {"year": 2024, "source": "apbd", "amount": "1"},
    "POST " + INST + "/meetings/{meeting_id}/files": {"which": "minutes"},
}
REFERENCE_PARAMS = {
    "code": "TEST-2025",
    "section_code": "T1",
    "cycle_code": "TEST-2025",
    "job_id": "00000000-0000-4000-8000-000000000000",
}
API_REFERENCE_URLS = {
    "GET /api/v1/regions/regencies/{code}/districts": "/api/v1/regions/regencies/12.01/districts",
    "GET /api/v1/regions/districts/{code}/villages": "/api/v1/regions/districts/12.01.01/villages",
}
SKIPPED_NAMESPACES = {"admin", "api"}  # admin: test_admin below; api: read from OpenAPI
PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def _page_patterns(patterns=None, prefix="", namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _page_patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name and entry.name != "set_language":
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, "/" + prefix + str(entry.pattern)


def _api_operations() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def test_it_has_a_rule_for_every_url():
    assert {name for name, _ in _page_patterns()} == set(PAGES)
    assert _api_operations() == set(API)


def _fill(template: str, params: dict) -> str:
    return PARAM.sub(lambda m: str(params[m.group(1) or m.group(2)]), template)


def _expected(role: str, rule: Rule, code: str) -> str:
    """ok | 403 | 404 for a role on the tenant `code` (a regency, or a province for 'province')."""
    if rule.kind.startswith("province"):
        if code not in VISIBLE_PROVINCES.get(role, set()):
            return "404"
        kinds = {"province_change": PROVINCE_CHANGERS, "province_review": PROVINCE_REVIEWERS}
        changers = kinds.get(rule.kind)
        return "403" if changers is not None and code not in changers.get(role, set()) else "ok"
    if code not in VISIBLE_REGENCIES[role]:
        return "404"
    changers = {
        "regency_change": REGENCY_CHANGERS,
        "item_change": ITEM_CHANGERS,
        "review": PROVINCIAL_REVIEWERS,
        "decide": NATIONAL_DECIDERS,
        "validate": VALIDATORS,
    }.get(rule.kind)
    if changers is not None and code not in changers.get(role, set()):
        return "403"
    return "ok"


def _call(client, method: str, url: str, key: str = ""):
    if method == "GET":
        return client.get(url)
    if method == "MULTIPART":
        upload = SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf")
        fields = MULTIPART_FIELDS.get(key, {"data_year": 2024, "kind": "report"})
        return client.post(url, {"file": upload, **fields})
    body = json.dumps(API_BODIES.get(key, {}))
    return client.generic(method, url, data=body, content_type="application/json")


def _assert_no_leak(response, role: str) -> None:
    if response.streaming or not response["Content-Type"].startswith(("text/html", "application/json")):
        return  # a file (download, PDF), already checked to be the caller's own by its status
    body = response.content.decode()
    for code, name in REGENCY_NAMES.items():
        if code not in VISIBLE_REGENCIES[role]:
            assert name not in body, f"{role} sees {name}"


TENANT_KINDS = (
    "province",
    "regency",
    "regency_change",
    "item",
    "item_change",
    "review",
    "decide",
    "province_change",
    "province_review",
    "validate",
)


def _cases():
    for name, template in _page_patterns():
        rule = PAGES.get(name)
        if rule and rule.kind in TENANT_KINDS:
            yield name, template, rule
    for key, rule in API.items():
        if rule.kind in TENANT_KINDS:
            yield key, key, rule


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "template", "rule"), list(_cases()), ids=lambda v: str(v)[:60])
def test_it_shows_and_changes_a_tenant_object_only_for_its_tenant(
    tenants, client, role, name, template, rule
):
    client.force_login(tenants.world.user(role))
    for regency_code in sorted(ALL_REGENCIES):
        of_province = rule.kind.startswith("province")
        code = PROVINCE_OF[regency_code] if of_province else regency_code
        path = template.split(" ", 1)[-1]
        url = _fill(path, tenants.params(regency_code, province=of_province))
        response = _call(client, rule.method, url, template)
        expected = _expected(role, rule, code)
        got = response.status_code
        if expected == "ok":
            assert got not in (403, 404) and got < 500, (role, rule.method, url, got)
            if rule.method == "GET":
                assert got == 200, (role, url, got)
                _assert_no_leak(response, role)
        else:
            assert got == int(expected), (role, rule.method, url, got, expected)


def _plain_urls():
    for name, template in _page_patterns():
        rule = PAGES[name]
        if rule.kind in ("signed_in", "reference") and rule.method == "GET":
            yield _fill(template, REFERENCE_PARAMS)
    for key, rule in API.items():
        method, path = key.split(" ", 1)
        if rule.kind in ("signed_in", "reference") and method == "GET":
            yield API_REFERENCE_URLS.get(key, _fill(path, REFERENCE_PARAMS))


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_signed_in_pages_without_other_tenants(tenants, client, role):
    client.force_login(tenants.world.user(role))
    for url in _plain_urls():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (role, url)
        if "/regions/" not in url:  # the region list is open reference data by design
            _assert_no_leak(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_national_admins_do_national_admin_things(tenants, client, role):
    client.force_login(tenants.world.user(role))
    for key in [n for n, r in PAGES.items() if r.kind == "national_admin"]:
        template = dict(_page_patterns())[key]
        got = client.get(_fill(template, REFERENCE_PARAMS)).status_code
        assert got == (200 if role == "national_admin" else 403), (role, key, got)
    for key in [k for k, r in API.items() if r.kind == "national_admin"]:
        method, path = key.split(" ", 1)
        got = _call(client, method, path, key).status_code
        assert (got not in (403, 404)) if role == "national_admin" else got == 403, (role, key, got)


def test_it_asks_anonymous_visitors_to_sign_in(tenants, client):
    for name, template in _page_patterns():
        rule = PAGES[name]
        if rule.kind == "public" or rule.method != "GET":
            continue
        url = _fill(template, {**REFERENCE_PARAMS, **tenants.params("11.01")})
        if rule.kind == "province":
            url = _fill(template, tenants.params("11.01", province=True))
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], url
    for key in API:
        method, path = key.split(" ", 1)
        url = _fill(path, {**REFERENCE_PARAMS, **tenants.params("11.01")})
        assert _call(client, method, url, key).status_code == 401, key


def test_it_never_revokes_another_users_token(world, client):
    from wistara.accounts.services import api_token_create

    token, _secret = api_token_create(user=world.user("other_coordinator"), name="script")
    client.force_login(world.user("regency_coordinator"))
    assert client.post(f"/akun/token/{token.id}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_admin_to_national_admins_only(world, client, role):
    client.force_login(world.user(role))
    for url in ("/admin/", "/admin/accounts/user/", "/admin/regions/regency/"):
        response = client.get(url)
        if role == "national_admin":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_national_admins_change_the_award_settings(tenants, client, role):
    """Issue 13: the award settings page reads for every signed-in role, saves for a national
    admin only (the GET is in PAGES as reference data)."""
    from wistara.instruments.models import InstrumentVersion

    client.force_login(tenants.world.user(role))
    url = "/instrumen/TEST-2025/aturan-penghargaan/"
    page = client.get(url)
    assert page.status_code == 200
    assert (b'name="band_edge"' in page.content) == (role == "national_admin"), role
    got = client.post(
        url,
        {
            "band_edge": "exclusive",
            "score_method": "per_indicator",
            "odf_denominator": "all_villages",
            "odf_status": "claimed",
            "percent_rounding": "round",
            "percent_decimals": "2",
            "kelembagaan_pass_mark": "60",
        },
    )
    version = InstrumentVersion.objects.get(code="TEST-2025")
    if role == "national_admin":
        assert got.status_code == 302 and version.band_edge == "exclusive"
    else:
        assert got.status_code == 403 and version.band_edge == "inclusive", (role, got.status_code)
