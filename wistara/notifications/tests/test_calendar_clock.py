"""The stage calendar drives locks and reminders to the hour: a test clock walks through a
self-assessment deadline and a correction window."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from wistara.assessments.services import calendar
from wistara.assessments.services.locking import response_lock_reason
from wistara.notifications.models import Notification
from wistara.reminders import scan
from wistara.testing.assessments import register
from wistara.verification.tests.conftest import build_rounds

pytestmark = pytest.mark.django_db
WIB = calendar.WIB


class Clock:
    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def at(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_correction_window_is_2x24_hours_ending_at_15_wib(world):
    cycle = register(world.regency_a1).cycle
    monday_10 = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
    assert calendar.correction_deadline_default(cycle, monday_10) == datetime(2026, 11, 25, 15, 0, tzinfo=WIB)
    monday_16 = datetime(2026, 11, 23, 16, 30, tzinfo=WIB)  # 48 h end after 15.00: the next day's
    assert calendar.correction_deadline_default(cycle, monday_16) == datetime(2026, 11, 26, 15, 0, tzinfo=WIB)


def _save_calendar(cycle, user, **changes):
    times = {s.code: (s.starts_at, s.ends_at) for s in calendar.stages(cycle)}
    times.update(changes.pop("times", {}))
    calendar.calendar_save(
        cycle=cycle,
        user=user,
        stage_times=times,
        data_years=changes.get("years", [2025, 2026]),
        correction_hours=changes.get("hours", 48),
        correction_end_hour=changes.get("end", 15),
    )


def test_the_data_years_come_from_the_calendar(world):
    cycle = register(world.regency_a1).cycle
    assert cycle.data_years == [2023, 2024]  # the instrument's until the calendar says otherwise
    _save_calendar(cycle, world.user("national_admin"), years=[2025, 2026])
    cycle.refresh_from_db()
    calendar.forget(cycle)
    assert cycle.data_years == [2025, 2026]
    from wistara.audit.models import AuditEvent

    change = AuditEvent.objects.filter(action="cycle.calendar_changed").latest("id")
    assert change.payload["after"]["data_years"] == [2025, 2026]


def test_the_self_assessment_locks_at_the_calendar_hour_and_reminds_once_per_threshold(world, clock):
    registration = register(world.regency_a1)
    register(world.regency_b1)
    cycle = registration.cycle
    end = (
        (timezone.now() + timedelta(days=5))
        .astimezone(WIB)
        .replace(hour=15, minute=0, second=0, microsecond=0)
    )
    sa = calendar.stage(cycle, "self_assessment")
    _save_calendar(cycle, world.user("national_admin"), times={"self_assessment": (sa.starts_at, end)})
    item = registration.responses.select_related("registration__cycle").get(indicator__code="T1.1")

    clock.at(end - timedelta(days=3, hours=1))
    assert scan.scan()["deadline"] == 4  # A1: coordinator, operator, head; B1: its coordinator
    a1 = set(
        Notification.objects.filter(kind="deadline", regency=world.regency_a1).values_list(
            "user__username", flat=True
        )
    )
    assert a1 == {"regency.coordinator", "opd.operator", "office.head"}
    b1 = set(
        Notification.objects.filter(kind="deadline", regency=world.regency_b1).values_list(
            "user__username", flat=True
        )
    )
    assert b1 == {"coordinator.b"}
    assert scan.scan()["deadline"] == 0  # run twice: nothing new
    clock.at(end - timedelta(hours=23))
    assert scan.scan()["deadline"] == 4  # the 1-day reminder
    clock.at(end - timedelta(minutes=1))
    item.registration.cycle = cycle = type(cycle).objects.get(pk=cycle.pk)
    assert response_lock_reason(item) is None
    assert scan.scan()["deadline"] == 4  # the 2-hour reminder
    clock.at(end)
    calendar.forget(item.registration.cycle)
    assert end.strftime("%d-%m-%Y 15:00") in response_lock_reason(item)
    assert scan.scan()["deadline"] == 0


def test_a_correction_window_opens_reminds_and_closes_to_the_hour(world, media, clock):
    start = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
    clock.at(start)
    rounds = build_rounds(world, returned=("T1.1",))
    item = rounds.item("T1.1")
    item.office = world.office_a1
    item.save(update_fields=["office"])
    closes = datetime(2026, 11, 25, 15, 0, tzinfo=WIB)
    rounds.registration.refresh_from_db()
    assert rounds.registration.correction_deadline == closes
    clock.at(closes - timedelta(hours=25))
    assert scan.scan()["correction_closing"] == 0  # more than a day left
    clock.at(closes - timedelta(hours=23))
    assert scan.scan()["correction_closing"] == 3  # coordinator, operator, head
    assert scan.scan()["correction_closing"] == 0
    clock.at(closes - timedelta(minutes=90))
    assert scan.scan()["correction_closing"] == 3
    item = rounds.item("T1.1")
    assert response_lock_reason(item) is None
    clock.at(closes + timedelta(seconds=1))
    assert "25-11-2026 15:00" in response_lock_reason(rounds.item("T1.1"))
    assert scan.scan()["correction_closing"] == 0


def test_cron_and_worker_entry_points_run_the_scan(world):
    from io import StringIO

    from django.core.management import call_command

    from wistara.reminders import tasks

    register(world.regency_a1)
    out = StringIO()
    call_command("run_due_jobs", "--once", stdout=out)
    assert out.getvalue().startswith("queued ")
    result = tasks.deadline_scan.enqueue()  # the test settings run tasks at once
    assert result.return_value["deadline"] == 0  # nothing due a month before the deadline
