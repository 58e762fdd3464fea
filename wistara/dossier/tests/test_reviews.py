from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.assessments.models import Registration
from wistara.assessments.services.calendar import correction_deadline_default
from wistara.audit.selectors import audit_events_for
from wistara.dossier.models import DossierCorrection, Narrative, NarrativeReview
from wistara.dossier.services import (
    dossier_resubmit,
    dossier_return,
    narrative_review_record,
    narrative_save,
)

pytestmark = pytest.mark.django_db
P = "provincial"


def _section(registration, code="T1"):
    return registration.cycle.instrument.sections.get(code=code)


def _review(registration, user, verdict, *, section="T1", note="", level=P):
    section = _section(registration, section) if section else None
    return narrative_review_record(
        registration=registration, section=section, level=level, user=user, verdict=verdict, note=note
    )


@pytest.fixture
def written(registration, coordinator):
    for section in (None, _section(registration), _section(registration, "T2")):
        narrative_save(
            registration=registration,
            section=section,
            user=coordinator,
            base_revision=0,
            body="<p>Kegiatan tatanan dan hasilnya.</p>",
        )
    return registration


@pytest.fixture
def written_and_submitted(written, submitted):
    return submitted


def test_it_reviews_returns_and_takes_back_a_narrative_in_rounds(written_and_submitted, coordinator, world):
    registration, verifier = written_and_submitted, world.user("provincial_verifier")
    _review(registration, verifier, "needs_correction", note="Tambahkan capaian 2024")
    _review(registration, verifier, "accepted", section=None)
    _review(registration, verifier, "accepted", section="T2")
    correction = dossier_return(registration=registration, level=P, user=verifier)
    # The cycle calendar's rule (issue 12): 2x24 hours, ending at the next 15.00 WIB.
    assert correction.deadline == correction_deadline_default(
        correction.registration.cycle, correction.returned_at
    )
    from wistara.notifications.models import Notification  # issue 12: the coordinator is told

    told = Notification.objects.filter(kind="document_returned").values_list("user__username", flat=True)
    assert set(told) == {"regency.coordinator"}
    assert correction.deadline - correction.returned_at >= timedelta(hours=48)  # to 15.00 WIB
    t1 = Narrative.objects.get(registration=registration, section__code="T1")
    assert (t1.status, t1.returned_until) == (Narrative.Status.RETURNED, correction.deadline)

    # Only the returned narrative opens; the level waits for it.
    narrative_save(
        registration=registration,
        section=_section(registration),
        user=coordinator,
        base_revision=1,
        body="<p>Kegiatan tatanan dan capaian 2024.</p>",
    )
    with pytest.raises(ValidationError) as locked:
        narrative_save(
            registration=registration,
            section=_section(registration, "T2"),
            user=coordinator,
            base_revision=1,
            body="<p>Diam-diam</p>",
        )
    assert locked.value.code == "locked"
    with pytest.raises(ValidationError):
        _review(registration, verifier, "accepted")

    dossier_resubmit(registration=registration, user=coordinator)
    t1.refresh_from_db()
    assert t1.status == Narrative.Status.DRAFT and t1.returned_until is None
    second = _review(registration, verifier, "accepted")
    assert second.round == 2 and second.revision == 2
    with pytest.raises(ValidationError) as again:
        _review(registration, verifier, "needs_correction", section="T2", note="Ubah")
    assert again.value.code == "accepted"  # accepted in round 1: not reviewed again
    rounds = list(NarrativeReview.objects.filter(narrative=t1).values_list("round", "verdict"))
    assert rounds == [(1, "needs_correction"), (2, "accepted")]
    actions = set(audit_events_for(regency=registration.regency).values_list("action", flat=True))
    assert {"dossier.narrative_reviewed", "dossier.returned", "dossier.resubmitted"} <= actions


def test_it_needs_a_note_to_ask_for_a_correction(written_and_submitted, world):
    with pytest.raises(ValidationError) as refused:
        _review(written_and_submitted, world.user("provincial_verifier"), "needs_correction")
    assert "note" in refused.value.message_dict


def test_it_reviews_only_at_the_registrations_level(written, world):
    with pytest.raises(ValidationError) as early:
        _review(written, world.user("provincial_verifier"), "accepted")
    assert early.value.code == "illegal_transition"
    Registration.objects.filter(pk=written.pk).update(status=Registration.Status.PROVINCIAL_VERIFIED)
    with pytest.raises(ValidationError):
        _review(written, world.user("provincial_verifier"), "accepted")
    review = _review(written, world.user("national_verifier"), "accepted", level="national")
    assert (review.level, review.round) == ("national", 1)


def test_it_returns_nothing_when_nothing_needs_correction(written_and_submitted, world):
    _review(written_and_submitted, world.user("provincial_verifier"), "accepted")
    with pytest.raises(ValidationError):
        dossier_return(registration=written_and_submitted, level=P, user=world.user("provincial_verifier"))
    assert not DossierCorrection.objects.exists()


def test_it_locks_a_returned_narrative_when_the_correction_window_closes(
    written_and_submitted, coordinator, world
):
    registration = written_and_submitted
    _review(registration, world.user("provincial_verifier"), "needs_correction", note="Perbaiki")
    dossier_return(registration=registration, level=P, user=world.user("provincial_verifier"))
    Narrative.objects.filter(registration=registration).update(
        returned_until=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as refused:
        narrative_save(
            registration=registration,
            section=_section(registration),
            user=coordinator,
            base_revision=1,
            body="<p>Terlambat</p>",
        )
    assert refused.value.code == "locked"


def test_it_reviews_an_unwritten_narrative_as_missing(submitted, world):
    review = _review(
        submitted,
        world.user("provincial_verifier"),
        "needs_correction",
        section="T2",
        note="Narasi belum ditulis",
    )
    assert review.narrative.is_empty and review.narrative.section.code == "T2"
