from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.assessments.models import Registration, Response, ResponseChange
from wistara.assessments.services import (
    ConflictError,
    registration_create,
    registration_update,
    response_set_status,
    response_update,
)
from wistara.testing.assessments import open_test_cycle

pytestmark = pytest.mark.django_db


def _option(response, points):
    return response.indicator.options.get(points=points).id


def test_it_registers_with_one_response_per_item(registration, world):
    assert registration.responses.count() == 5
    assert registration.target_category.code == "wiwerda"
    assert registration.lokus_districts.count() == 1 and registration.lokus_villages.count() == 2
    assert registration.cycle.instrument.is_frozen


def test_it_refuses_a_second_registration_and_foreign_lokus(registration, world):
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        registration_create(
            cycle=registration.cycle,
            regency=world.regency_a1,
            target_category="padapa",
            district_codes=[],
            village_codes=[],
            allow_late=True,
        )
    with pytest.raises(ValidationError):
        registration_create(
            cycle=registration.cycle,
            regency=world.regency_a2,
            target_category="padapa",
            district_codes=["12.01.01"],
            village_codes=[],
            allow_late=True,
        )
    assert Registration.objects.count() == 1


def test_it_refuses_registration_outside_the_window(world):
    cycle = open_test_cycle()
    cycle.registration_closes = timezone.localdate() - timedelta(days=1)
    cycle.save()
    with pytest.raises(ValidationError, match="Pendaftaran"):
        registration_create(
            cycle=cycle,
            regency=world.regency_a2,
            target_category="padapa",
            district_codes=[],
            village_codes=[],
        )


def test_it_saves_an_answer_with_its_points_and_history(response, world):
    user = world.user("opd_operator")
    saved = response_update(
        response=response,
        user=user,
        base_revision=0,
        data={"value_prev": "12,5", "value_curr": "10", "option": _option(response, 100), "unit": "kasus"},
    )
    assert (saved.points, saved.revision, saved.value_prev) == (100, 1, pytest.approx(12.5))
    fields = set(ResponseChange.objects.filter(response=saved).values_list("field", flat=True))
    assert fields == {"value_prev", "value_curr", "option", "unit"}


def test_it_refuses_the_second_of_two_concurrent_saves(response, world):
    first, second = world.user("opd_operator"), world.user("regency_coordinator")
    response_update(response=response, user=first, base_revision=0, data={"value_curr": "7"})
    with pytest.raises(ConflictError) as caught:
        response_update(response=response, user=second, base_revision=0, data={"value_curr": "9"})
    assert caught.value.current_revision == 1
    assert [(c.field, c.new) for c in caught.value.changes] == [("value_curr", "7")]
    response.refresh_from_db()
    assert response.value_curr == 7


def test_it_rejects_bad_numbers_and_foreign_options(response, registration, world):
    user = world.user("opd_operator")
    with pytest.raises(ValidationError):
        response_update(response=response, user=user, base_revision=0, data={"value_prev": "abc"})
    other = registration.responses.get(indicator__code="T1.2").indicator.options.first()
    with pytest.raises(ValidationError):
        response_update(response=response, user=user, base_revision=0, data={"option": other.id})
    response.refresh_from_db()
    assert response.revision == 0


def test_it_locks_items_after_the_deadline_except_returned_ones(response, world):
    cycle = response.registration.cycle
    cycle.self_assessment_deadline = timezone.localdate() - timedelta(days=1)
    cycle.save()
    with pytest.raises(ValidationError, match="Batas penilaian"):
        response_update(
            response=response, user=world.user("opd_operator"), base_revision=0, data={"unit": "%"}
        )
    Response.objects.filter(pk=response.pk).update(status=Response.Status.RETURNED)
    saved = response_update(
        response=response, user=world.user("opd_operator"), base_revision=0, data={"unit": "%"}
    )
    assert saved.unit == "%"


def test_it_walks_the_status_and_resets_validation_on_change(response, world):
    user, head = world.user("opd_operator"), world.user("office_head")
    with pytest.raises(ValidationError) as no_option:
        response_set_status(response=response, user=head, base_revision=0, status="validated")
    assert no_option.value.code != "not_head"
    response = response_update(
        response=response, user=user, base_revision=0, data={"option": _option(response, 0)}
    )
    with pytest.raises(ValidationError) as not_head:
        response_set_status(response=response, user=user, base_revision=1, status="validated")
    assert not_head.value.code == "not_head"
    response = response_set_status(response=response, user=head, base_revision=1, status="validated")
    assert response.validated_by == head
    with pytest.raises(ValidationError):
        response_set_status(response=response, user=user, base_revision=2, status="returned")
    with pytest.raises(ValidationError, match="actual"):  # no status at all: refused, not a crash
        response_set_status(response=response, user=user, base_revision=2, status="actual")
    response = response_update(
        response=response, user=user, base_revision=2, data={"option": _option(response, 100)}
    )
    assert response.status == "draft" and response.validated_by is None


def test_it_keeps_the_registration_safe_from_lost_updates(registration, world):
    user = world.user("regency_coordinator")
    registration_update(
        registration=registration,
        base_revision=1,
        target_category="wistara",
        district_codes=[],
        village_codes=[],
        contacts=[],
        user=user,
    )
    with pytest.raises(ConflictError):
        registration_update(
            registration=registration,
            base_revision=1,
            target_category="padapa",
            district_codes=[],
            village_codes=[],
            contacts=[],
            user=user,
        )
    registration.refresh_from_db()
    assert registration.target_category.code == "wistara"


def test_it_locks_the_registration_after_the_deadline(registration, world):
    cycle = registration.cycle
    cycle.self_assessment_deadline = timezone.localdate() - timedelta(days=1)
    cycle.save()
    with pytest.raises(ValidationError) as caught:
        registration_update(
            registration=registration,
            base_revision=1,
            target_category="wistara",
            district_codes=[],
            village_codes=[],
            contacts=[],
            user=world.user("regency_coordinator"),
        )
    assert caught.value.code == "locked"
    registration.refresh_from_db()
    assert registration.target_category.code == "wiwerda"
