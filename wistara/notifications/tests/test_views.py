"""The bell, the notifications page, the settings, the delivery log and the missing-list send."""

import pytest

from wistara.notifications.models import Delivery, Notification, Preference
from wistara.notifications.services import notify
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db


def note(user, key="1"):
    return notify(
        [user],
        kind="item_returned",
        event_key=key,
        url="/ruang/11.01/TEST-2025/indikator/7/",
        params={
            "regency": "KABUPATEN A SATU",
            "item": "T1.1",
            "level": "provinsi",
            "deadline": "08-12-2026 15:00",
        },
    )[0]


def test_the_bell_counts_unread_and_the_page_marks_read(world, client):
    operator = world.user("opd_operator")
    first, _second = note(operator, "1"), note(operator, "2")
    client.force_login(operator)
    page = client.get("/notifikasi/").content.decode()
    assert 'data-testid="bell-count">2<' in page and page.count('data-testid="notification"') == 2
    assert "T1.1" in page and "15:00" in page
    opened = client.post("/notifikasi/baca/", {"id": first.id, "open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/ruang/11.01/TEST-2025/indikator/7/"
    assert 'data-testid="bell-count">1<' in client.get("/notifikasi/?status=baru").content.decode()
    client.post("/notifikasi/baca/", {})
    assert not Notification.objects.filter(user=operator, read_at__isnull=True).exists()
    assert "bell-count" not in client.get("/notifikasi/").content.decode()


def test_nobody_reads_or_marks_anothers_notifications(world, client):
    mine = note(world.user("opd_operator"))
    client.force_login(world.user("other_coordinator"))
    assert "T1.1" not in client.get("/notifikasi/").content.decode()
    client.post("/notifikasi/baca/", {"id": mine.id})
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_settings_page_saves_modes_and_says_when_channels_are_missing(world, client, settings):
    settings.EMAIL_HOST = ""
    client.force_login(world.user("opd_operator"))
    page = client.get("/notifikasi/pengaturan/").content.decode()
    assert "Email belum disiapkan" in page and "WhatsApp belum disiapkan" in page
    client.post(
        "/notifikasi/pengaturan/",
        {"action": "modes", "item_returned:email": "digest", "deadline:whatsapp": "off", "language": "en"},
    )
    modes = dict(Preference.objects.values_list("kind", "mode").filter(channel="email", kind="item_returned"))
    assert modes == {"item_returned": "digest"}
    assert Preference.objects.get(kind="deadline", channel="whatsapp").mode == "off"


def test_the_delivery_log_is_for_national_admins(world, client, settings):
    settings.EMAIL_HOST = "127.0.0.1"
    operator = world.user("opd_operator")
    operator.email = "op@example.org"
    operator.save()
    note(operator)
    Delivery.objects.update(status="failed", last_error="HTTP 400: template not approved")
    client.force_login(world.user("national_admin"))
    page = client.get("/notifikasi/pengiriman/?status=failed").content.decode()
    assert "template not approved" in page
    client.post("/notifikasi/pengiriman/", {"id": Delivery.objects.get().id})
    assert Delivery.objects.get().status in ("pending", "sending", "sent", "failed")
    client.force_login(world.user("regency_coordinator"))
    assert client.get("/notifikasi/pengiriman/").status_code == 403


def test_the_coordinator_sends_an_office_its_missing_list(world, client):
    registration = register(world.regency_a1)
    registration.responses.update(office=None)
    registration.responses.filter(indicator__code="T1.1").update(office=world.office_a1)
    client.force_login(world.user("regency_coordinator"))
    answer = client.post(
        "/ruang/11.01/TEST-2025/kekurangan/kirim/", {"office": world.office_a1.id}, follow=True
    )
    assert "dikirim ke Dinkes" in answer.content.decode()
    assert set(Notification.objects.filter(kind="missing_list").values_list("user__username", flat=True)) == {
        "opd.operator",
        "office.head",
    }
    client.force_login(world.user("opd_operator"))
    assert (
        client.post("/ruang/11.01/TEST-2025/kekurangan/kirim/", {"office": world.office_a1.id}).status_code
        == 403
    )


def test_the_calendar_page_is_read_by_all_and_saved_by_national_admins(world, client):
    register(world.regency_a1)
    client.force_login(world.user("opd_operator"))
    page = client.get("/siklus/TEST-2025/kalender/").content.decode()
    assert "Kalender tahapan" in page and 'type="datetime-local"' not in page
    assert client.post("/siklus/TEST-2025/kalender/", {}).status_code == 403
    client.force_login(world.user("national_admin"))
    page = client.get("/siklus/TEST-2025/kalender/").content.decode()
    assert 'name="self_assessment-end"' in page
    bad = client.post(
        "/siklus/TEST-2025/kalender/", {"year1": "2025", "year2": "2027", "correction_hours": "48"}
    )
    assert bad.status_code == 400 and "dua tahun data berurutan" in bad.content.decode()


def test_a_national_admin_moves_the_self_assessment_end_to_the_hour(world, client):
    from wistara.assessments.models import Cycle
    from wistara.assessments.services import calendar
    from wistara.audit.models import AuditEvent

    cycle = register(world.regency_a1).cycle
    form = {
        f"{s.code}-{edge}": getattr(s, f"{edge}s_at").astimezone(calendar.WIB).strftime("%Y-%m-%dT%H:%M")
        for s in calendar.stages(cycle)
        for edge in ("start", "end")
    }
    end = calendar.stage(cycle, "self_assessment").ends_at.astimezone(calendar.WIB)
    form.update(
        {
            "self_assessment-end": end.strftime("%Y-%m-%dT") + "15:00",
            "year1": "2023",
            "year2": "2024",
            "correction_hours": "48",
            "correction_end_hour": "15",
        }
    )
    client.force_login(world.user("national_admin"))
    assert client.post("/siklus/TEST-2025/kalender/", form).status_code == 302
    saved = calendar.self_assessment_end(Cycle.objects.get(pk=cycle.pk))
    assert saved.astimezone(calendar.WIB).strftime("%H:%M") == "15:00"
    assert AuditEvent.objects.filter(action="cycle.calendar_changed").exists()
    client.force_login(world.user("opd_operator"))
    page = client.get("/ruang/11.01/TEST-2025/kekurangan/").content.decode()
    assert end.strftime("%Y") in page and "15:00" in page  # the deadline text reads the calendar
