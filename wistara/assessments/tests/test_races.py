"""Two requests at once: a registration that lost the race, a version frozen meanwhile."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wistara.assessments.models import Registration
from wistara.assessments.services import registrations
from wistara.instruments.models import InstrumentVersion
from wistara.testing.assessments import open_test_cycle, register

pytestmark = pytest.mark.django_db


def test_it_refuses_a_registration_that_another_request_saved_first(world, monkeypatch):
    cycle, regency = open_test_cycle(), world.regency_a1
    real_category = registrations._category

    def category_while_the_other_request_commits(cycle, code):
        # Runs after the "already registered?" check: the other request's registration lands now.
        category = real_category(cycle, code)
        Registration.objects.create(cycle=cycle, regency=regency, target_category=category)
        return category

    monkeypatch.setattr(registrations, "_category", category_while_the_other_request_commits)
    with pytest.raises(ValidationError) as caught:
        register(regency, cycle)
    # Not an IntegrityError (a 500), and on PostgreSQL the check after it ran: only the savepoint
    # of the failed insert was rolled back, not the whole transaction.
    assert caught.value.code == "registered" and regency.name in caught.value.messages[0]


def test_it_freezes_the_version_as_the_database_has_it(world):
    version = InstrumentVersion.objects.get(code="TEST-2025")
    InstrumentVersion.objects.filter(pk=version.pk).update(frozen_at=None)
    stale = InstrumentVersion.objects.get(pk=version.pk)
    first = timezone.make_aware(datetime(2025, 1, 2, 3, 4, 5))
    InstrumentVersion.objects.filter(pk=version.pk).update(frozen_at=first)  # another cycle froze it
    with CaptureQueriesContext(connection) as queries:
        open_test_cycle(stale, code="RACE-2025")
    assert InstrumentVersion.objects.get(pk=version.pk).frozen_at == first  # the first date is kept
    assert stale.frozen_at == first
    if connection.features.has_select_for_update_of:
        table = InstrumentVersion._meta.db_table
        assert any("FOR UPDATE OF" in q["sql"] and table in q["sql"] for q in queries)
