"""Issue 15: every get_*_for_user checks its user. With the ids of regency 11.01's objects, the
regency's own coordinator gets each one and a coordinator of another province (12.01) gets 404,
as if it did not exist; the same for a user with no role at all."""

import pytest
from django.http import Http404

from wistara.accounts.access import get_office_for_user, get_province_for_user, get_regency_for_user
from wistara.assessments.access import get_registration_for_user, get_response_for_user
from wistara.bulk.access import get_change_for_user
from wistara.dossier.access import (
    get_attachment_for_user,
    get_dossier_for_user,
    get_funding_for_user,
    get_province_cycle_for_user,
    get_provincial_document_for_user,
)
from wistara.evidence.access import get_evidence_for_user
from wistara.reports.access import get_dashboard_scope_for_user, get_province_dashboard_for_user

pytestmark = pytest.mark.django_db

# Each: (user, ids of 11.01's objects) -> the object. The coordinator of 11.01 is "its own user",
# except for a province's objects, which its provincial verifier reads.
CALLS = {
    "province": (lambda u, o: get_province_for_user(u, "11"), "provincial_verifier"),
    "regency": (lambda u, o: get_regency_for_user(u, o["regency_code"]), "regency_coordinator"),
    "office": (lambda u, o: get_office_for_user(u, o["office_id"]), "regency_coordinator"),
    "registration": (
        lambda u, o: get_registration_for_user(u, o["regency_code"], o["cycle_code"]),
        "regency_coordinator",
    ),
    "response": (lambda u, o: get_response_for_user(u, o["response_id"]), "regency_coordinator"),
    "evidence": (lambda u, o: get_evidence_for_user(u, o["evidence_id"]), "regency_coordinator"),
    "bulk change": (
        lambda u, o: get_change_for_user(u, o["regency_code"], o["cycle_code"], o["change_id"]),
        "regency_coordinator",
    ),
    "dossier": (
        lambda u, o: get_dossier_for_user(u, o["regency_code"], o["cycle_code"]),
        "regency_coordinator",
    ),
    "funding": (
        lambda u, o: get_funding_for_user(u, o["regency_code"], o["cycle_code"], o["funding_id"]),
        "regency_coordinator",
    ),
    "attachment": (
        lambda u, o: get_attachment_for_user(u, o["regency_code"], o["cycle_code"], o["attachment_id"]),
        "regency_coordinator",
    ),
    "province cycle": (
        lambda u, o: get_province_cycle_for_user(u, "11", o["cycle_code"]),
        "provincial_verifier",
    ),
    "provincial document": (
        lambda u, o: get_provincial_document_for_user(u, "11", o["cycle_code"], o["document_id"]),
        "provincial_verifier",
    ),
    # get_job_for_user: a job is its starter's alone (wistara/jobs/tests/test_jobs.py).
    "province dashboard": (lambda u, o: get_province_dashboard_for_user(u, "11"), "provincial_verifier"),
}


@pytest.mark.parametrize("what", CALLS)
def test_its_own_user_gets_it_and_another_tenants_user_gets_404(tenants, what):
    world, objects = tenants.world, tenants.objects["11.01"]
    call, owner = CALLS[what]
    assert call(world.user(owner), objects) is not None
    for stranger in ("other_coordinator", "no_role"):
        with pytest.raises(Http404):
            call(world.user(stranger), objects)


def test_a_regency_role_has_no_dashboard(world):
    with pytest.raises(Http404):
        get_dashboard_scope_for_user(world.user("other_coordinator"))
    assert get_dashboard_scope_for_user(world.user("provincial_verifier")).provinces.count() == 1
