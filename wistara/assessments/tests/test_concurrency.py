"""Two people saving one indicator at the same moment: one wins, the other is told, nothing lost."""

import threading

import pytest
from django.db import close_old_connections, connection

from wistara.assessments.models import Response
from wistara.assessments.services import ConflictError, response_update
from wistara.testing.assessments import register


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="in-memory SQLite test databases are not shared across threads; "
    "bench/saves.py runs this race on a SQLite file",
)
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_simultaneous_saves_win(world):
    response = register(world.regency_a1).responses.get(indicator__code="T1.1")
    users = [world.user("opd_operator"), world.user("regency_coordinator")]
    start, outcomes = threading.Barrier(2), []

    def save(user, value):
        try:
            start.wait()
            response_update(response=response, user=user, base_revision=0, data={"value_curr": value})
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=save, args=(u, v)) for u, v in zip(users, ("7", "9"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    response = Response.objects.get(pk=response.pk)
    assert response.revision == 1 and response.changes.count() == 1
