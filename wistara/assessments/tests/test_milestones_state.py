"""The "Tahapan" card follows the regency's own stage, not only the calendar (issue 10)."""

import pytest

from wistara.assessments.models import Registration
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db


def _states(client, registration) -> list[str]:
    page = client.get(f"/ruang/{registration.regency.code}/{registration.cycle.code}/")
    return [m.state for m in page.context["progress"].milestones]


def test_a_decided_regency_is_not_told_its_registration_is_under_way(world, login):
    registration = register(world.regency_a1)
    client = login(world.user("regency_coordinator"))
    # The test cycle's registration window is open today, and a self-assessing regency may
    # still edit its registration: the calendar speaks.
    states = _states(client, registration)
    assert states[0] == "current" and states[5] == "future"
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.DECIDED)
    states = _states(client, registration)
    assert states[:5] == ["past"] * 5 and states[5] == "future"
    html = client.get(f"/ruang/{registration.regency.code}/{registration.cycle.code}/").content.decode()
    assert "sedang berlangsung" not in html


def test_a_regency_in_provincial_review_has_left_self_assessment(world, login):
    registration = register(world.regency_a1)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.PROVINCIAL_REVIEW)
    states = _states(login(world.user("regency_coordinator")), registration)
    assert states[:2] == ["past", "past"] and states[2] == "future"
