"""The dossier's records through the one update path (issue 15): an over-long text is refused on
its field (never cut) by the services and the API, and a stale save of each record is refused
the same way: ConflictError with the current revision, who saved and when."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wistara.assessments.services import ConflictError
from wistara.dossier.models import Funding, GeneralData, Narrative
from wistara.dossier.services import (
    funding_create,
    funding_update,
    general_data_update,
    narrative_save,
    provincial_document_add,
    provincial_document_update,
)
from wistara.dossier.testing import pdf_upload
from wistara.testing.assessments import open_test_cycle

pytestmark = pytest.mark.django_db
A = "/api/v1/dossier/11.01/TEST-2025"
FUNDING = {"data_year": 2024, "source": "apbd", "activity": "Pembinaan Pokja", "amount": "1.000.000"}
TOO_LONG = "Paling banyak %s karakter; isian ini %s karakter."


def _refused(save) -> ValidationError:
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        save()
    return refused.value


def test_over_long_texts_are_refused_by_the_services_and_nothing_is_cut(registration, coordinator):
    regency = registration.regency
    refused = _refused(
        lambda: general_data_update(
            regency=regency,
            user=coordinator,
            base_revision=0,
            data={"leader_name": "Bupati", "forum_address": "x" * 1001},
        )
    )
    assert refused.message_dict["forum_address"][0].startswith(TOO_LONG % (1000, 1001))
    assert not GeneralData.objects.filter(leader_name="Bupati").exists()  # nothing half-saved
    refused = _refused(
        lambda: funding_create(
            registration=registration, user=coordinator, data={**FUNDING, "note": "x" * 2001}
        )
    )
    assert refused.message_dict["note"][0].startswith(TOO_LONG % (2000, 2001))
    refused = _refused(
        lambda: funding_create(
            registration=registration, user=coordinator, data={**FUNDING, "activity": "x" * 301}
        )
    )
    assert list(refused.message_dict) == ["activity"] and not Funding.objects.exists()
    refused = _refused(
        lambda: general_data_update(
            regency=regency,
            user=coordinator,
            base_revision=0,
            data={"contacts": [{"name": f"Kontak {n}"} for n in range(21)]},
        )
    )  # the 21st is not dropped
    assert refused.message_dict == {"contacts": ["Paling banyak 20 kontak."]}


def test_over_long_texts_are_a_400_through_the_api(registration, coordinator, login):
    client = login(coordinator)
    lang = {"Accept-Language": "id"}
    answer = client.put(
        A + "/general",
        json.dumps({"revision": 0, "forum_address": "x" * 1001}),
        content_type="application/json",
        headers=lang,
    )
    assert answer.status_code == 400 and TOO_LONG % (1000, 1001) in answer.content.decode()
    answer = client.post(
        A + "/funding",
        json.dumps({**FUNDING, "note": "x" * 2001}),
        content_type="application/json",
        headers=lang,
    )
    assert answer.status_code == 400 and TOO_LONG % (2000, 2001) in answer.content.decode()
    assert not Funding.objects.exists()
    kept = client.put(
        A + "/general",
        json.dumps({"revision": 0, "forum_address": "x" * 1000}),
        content_type="application/json",
    )
    assert kept.status_code == 200 and GeneralData.objects.get().forum_address == "x" * 1000


def _stale(save) -> ConflictError:
    with translation.override("id"), pytest.raises(ConflictError) as refused:
        save()
    return refused.value


def test_a_stale_save_of_each_record_names_who_saved_and_when(registration, coordinator, world):
    other = world.user("national_admin")
    regency = registration.regency
    general_data_update(regency=regency, user=coordinator, base_revision=0, data={"leader_name": "A"})
    row = funding_create(registration=registration, user=coordinator, data=FUNDING)
    funding_update(funding=row, user=coordinator, base_revision=row.revision, data={**FUNDING, "note": "B"})
    narrative_save(
        registration=registration, section=None, user=coordinator, base_revision=0, body="<p>A</p>"
    )
    conflicts = {
        "general": _stale(
            lambda: general_data_update(
                regency=regency, user=other, base_revision=0, data={"leader_name": "Z"}
            )
        ),
        "funding": _stale(
            lambda: funding_update(
                funding=row, user=other, base_revision=row.revision, data={**FUNDING, "note": "Z"}
            )
        ),
        "narrative": _stale(
            lambda: narrative_save(
                registration=registration, section=None, user=other, base_revision=0, body="<p>Z</p>"
            )
        ),
    }
    assert {k: (c.code, c.current_revision, c.changed_by) for k, c in conflicts.items()} == {
        "general": ("conflict", 1, coordinator),
        "funding": ("conflict", 2, coordinator),
        "narrative": ("conflict", 1, coordinator),
    }
    assert all(c.changed_at is not None for c in conflicts.values())
    assert all(c.message.startswith(f"{coordinator} ") and " pada " in c.message for c in conflicts.values())
    assert conflicts["narrative"].changes[0].body == "<p>A</p>"  # theirs, to merge with the caller's
    assert (
        GeneralData.objects.get().leader_name,
        Funding.objects.get().note,
        Narrative.objects.get().body,
    ) == ("A", "B", "<p>A</p>")


def test_a_stale_provincial_document_names_who_changed_it(world):
    verifier = world.user("provincial_verifier")
    cycle = open_test_cycle()
    document = provincial_document_add(
        province=world.province_a,
        cycle=cycle,
        user=verifier,
        kind="decree",
        title="SK Tim Pembina",
        uploaded_file=pdf_upload("sk.pdf", "sk"),
    )
    provincial_document_update(
        document=document, user=verifier, base_revision=1, kind="decree", title="SK Tim Pembina Provinsi"
    )
    conflict = _stale(
        lambda: provincial_document_update(
            document=document, user=verifier, base_revision=1, kind="decree", title="Lain"
        )
    )
    assert (conflict.current_revision, conflict.changed_by) == (2, verifier)
    assert conflict.message.startswith(f"{verifier} mengubah dokumen ini pada ")
    refused = _refused(
        lambda: provincial_document_update(
            document=document, user=verifier, base_revision=2, kind="decree", title="x" * 201
        )
    )
    assert refused.message_dict["title"][0].startswith(TOO_LONG % (200, 201))
