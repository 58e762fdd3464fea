"""The one update path (services.revisions, issue 15) as the answers and registrations use it:
a stale save names who saved and when, an over-long text is refused (never cut), and a save
writes only what changed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wistara.assessments.models import Registration, Response
from wistara.assessments.services import ConflictError, registration_update, response_update
from wistara.assessments.services.revisions import revise

pytestmark = pytest.mark.django_db


def _stale(save) -> ConflictError:
    with translation.override("id"), pytest.raises(ConflictError) as refused:
        save()
    return refused.value


def test_a_stale_answer_names_who_saved_it_and_when(response, world):
    first, second = world.user("opd_operator"), world.user("regency_coordinator")
    response_update(response=response, user=first, base_revision=0, data={"value_curr": "5"})
    conflict = _stale(
        lambda: response_update(response=response, user=second, base_revision=0, data={"value_curr": "6"})
    )
    assert (conflict.code, conflict.current_revision, conflict.changed_by) == ("conflict", 1, first)
    assert conflict.changed_at is not None and [c.new for c in conflict.changes] == ["5"]
    assert conflict.message.startswith(f"{first} menyimpan indikator ini pada ")
    assert Response.objects.get(pk=response.pk).value_curr == 5


def test_a_stale_registration_names_who_changed_it_from_the_audit_trail(registration, world, login):
    """A registration keeps no editor of its own: the trail's last event by a person names them."""
    url = "/api/v1/assessments/registrations/11.01/TEST-2025"
    coordinator = world.user("regency_coordinator")
    body = {
        "revision": registration.revision,
        "target_category": registration.target_category.code,
        "contacts": [{"name": "Bu Ani"}],
    }
    assert login(coordinator).put(url, body, content_type="application/json").status_code == 200
    stale = login(world.user("national_admin")).put(
        url, {**body, "contacts": []}, content_type="application/json", headers={"Accept-Language": "id"}
    )
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith(f"{coordinator} mengubah pendaftaran ini pada ")
    assert Registration.objects.get(pk=registration.pk).contacts[0]["name"] == "Bu Ani"
    conflict = _stale(
        lambda: registration_update(
            registration=registration,
            base_revision=registration.revision,
            target_category=registration.target_category.code,
            district_codes=[],
            village_codes=[],
            contacts=[],
            user=coordinator,
        )
    )
    assert (conflict.current_revision, conflict.changed_by) == (registration.revision + 1, coordinator)


def test_an_over_long_explanation_is_refused_not_cut(response, world):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        response_update(
            response=response,
            user=world.user("opd_operator"),
            base_revision=0,
            data={"explanation": "x" * 5001, "value_curr": "5"},
        )
    assert refused.value.message_dict["explanation"] == [
        "Paling banyak 5000 karakter; isian ini 5001 karakter. Persingkat, lalu simpan lagi."
    ]
    saved = Response.objects.get(pk=response.pk)
    assert (saved.explanation, saved.value_curr, saved.revision) == ("", None, 0)  # nothing half-saved


def test_an_over_long_explanation_is_a_400_through_the_api(response, world, login):
    client = login(world.user("opd_operator"))
    url = f"/api/v1/assessments/responses/{response.id}"
    answer = client.patch(
        url,
        {"revision": 0, "explanation": "x" * 5001},
        content_type="application/json",
        headers={"Accept-Language": "id"},
    )
    assert answer.status_code == 400
    assert "Paling banyak 5000 karakter; isian ini 5001 karakter" in answer.content.decode()
    assert Response.objects.get(pk=response.pk).explanation == ""
    exact = client.patch(url, {"revision": 0, "explanation": "x" * 5000}, content_type="application/json")
    assert exact.status_code == 200 and len(exact.json()["explanation"]) == 5000


def test_revise_writes_only_what_changed_and_bumps_once(response, world):
    user = world.user("opd_operator")
    assert revise(response, {"unit": ""}, user=user) == {}  # nothing changed: nothing written
    assert Response.objects.get(pk=response.pk).revision == 0
    Response.objects.filter(pk=response.pk).update(note_prev="kept")  # not in this save
    assert revise(response, {"unit": "%", "note_curr": "baru"}, user=user) == {
        "unit": ("", "%"),
        "note_curr": ("", "baru"),
    }
    saved = Response.objects.get(pk=response.pk)
    assert (saved.unit, saved.note_curr, saved.note_prev, saved.revision, saved.updated_by) == (
        "%",
        "baru",
        "kept",
        1,
        user,
    )


def test_revise_validates_the_changed_fields_with_the_model_s_rules(response, world):
    with pytest.raises(ValidationError) as refused:
        revise(response, {"status": "nonsense"}, user=world.user("opd_operator"))
    assert list(refused.value.message_dict) == ["status"]
    assert Response.objects.get(pk=response.pk).revision == 0
