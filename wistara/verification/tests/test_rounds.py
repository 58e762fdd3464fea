"""What changed since the last round: the selectors, on a history built through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.assessments.services import response_update
from wistara.evidence.services import evidence_remove
from wistara.verification.models import Review
from wistara.verification.selectors import review_rows
from wistara.verification.selectors_rounds import change_counts, item_changes, last_return
from wistara.verification.services import (
    correction_return,
    review_record,
    verification_complete,
)

from .conftest import NOTE, build_rounds, upload

pytestmark = pytest.mark.django_db


def _fields(item):
    return [(c.field, c.old, c.new, c.changed_by.username) for c in item.fields]


def _files(item):
    return [(e.added, e.data_year, e.name, e.by.username) for e in item.evidence]


def test_it_shows_exactly_what_the_office_changed_beside_the_note(rounds):
    t11 = rounds.item("T1.1")
    items = item_changes(rounds.registration, "provincial")
    assert list(items) == [t11.id]  # only the returned item
    item = items[t11.id]
    assert item.round == 1 and item.review.note == NOTE
    assert item.review.verdict == Review.Verdict.NEEDS_CORRECTION
    assert item.review.reviewer == rounds.verifier
    assert _fields(item) == [("value_curr", "1", "2.5", "opd.operator")]
    assert item.fields[0].label == "Capaian 2024"
    assert _files(item) == [(True, 2023, "laporan-T1.1-2023-ttd.pdf", "opd.operator")]
    assert item.returned_at <= item.fields[0].changed_at <= item.resubmitted_at
    assert item.edits == 2 and item.changed


def test_it_counts_the_office_edits_in_one_query(rounds):
    correction = last_return(rounds.registration, "provincial")
    with CaptureQueriesContext(connection) as queries:
        counts = change_counts(correction)
    assert counts == {rounds.item("T1.1").id: 2}  # the value and the file, not the workflow's moves
    assert len(queries) == 1


def test_it_compares_with_the_live_item_while_the_office_is_still_fixing_it(world, media):
    rounds = build_rounds(world)
    t11 = rounds.item("T1.1")
    item = item_changes(rounds.registration, "provincial")[t11.id]
    assert not item.changed and item.edits == 0 and item.resubmitted_at is None
    rounds.fix("T1.1")
    item = item_changes(rounds.registration, "provincial")[t11.id]
    assert _fields(item) == [("value_curr", "1", "2.5", "opd.operator")]
    assert len(item.evidence) == 1


def test_it_shows_removed_files_and_hides_edits_that_were_undone(world, media):
    rounds = build_rounds(world)
    t11 = rounds.item("T1.1")
    for unit in ("persen", "%"):
        t11 = response_update(
            response=t11, user=rounds.operator, base_revision=t11.revision, data={"unit": unit}
        )
    evidence_remove(evidence=t11.evidence.get(), user=rounds.operator)
    rounds.resubmit()
    item = item_changes(rounds.registration, "provincial")[t11.id]
    assert item.fields == [] and item.edits == 3
    assert _files(item) == [(False, 2023, "laporan-T1.1-2023.pdf", "opd.operator")]


def test_it_keeps_each_round_to_its_own_changes(rounds):
    """A later national return does not show in the provincial rounds, and the reverse."""
    registration = rounds.registration
    t11, t12 = rounds.item("T1.1"), rounds.item("T1.2")
    review_record(
        response=t11,
        level="provincial",
        user=rounds.verifier,
        verdict="accepted",
        option_id=t11.indicator.options.get(points=100).id,
    )
    verification_complete(registration=registration, level="provincial", user=rounds.verifier)
    nation = rounds.world.user("national_verifier")
    for item in registration.responses.select_related("indicator"):
        verdict = "needs_correction" if item == t12 else "accepted"
        review_record(
            response=item,
            level="national",
            user=nation,
            verdict=verdict,
            note="Foto kegiatan belum ada." if item == t12 else "",
            option_id=item.indicator.options.get(points=100).id,
        )
    correction_return(registration=registration, level="national", user=nation)
    upload(t12, "foto-kegiatan.pdf", rounds.operator, year=2024)
    provincial = item_changes(registration, "provincial")
    national = item_changes(registration, "national")
    assert list(provincial) == [t11.id] and _fields(provincial[t11.id])[0][2] == "2.5"
    assert len(provincial[t11.id].evidence) == 1
    assert list(national) == [t12.id] and national[t12.id].review.note == "Foto kegiatan belum ada."
    assert _files(national[t12.id]) == [(True, 2024, "foto-kegiatan.pdf", "opd.operator")]
    assert change_counts(last_return(registration, "provincial")) == {t11.id: 2}


def test_it_has_nothing_to_compare_before_the_first_return(world, media):
    from wistara.testing.assessments import register

    registration = register(world.regency_a1)
    assert item_changes(registration, "provincial") == {}
    listing = review_rows(registration, "provincial")
    assert listing.last_return is None and listing.changed == 0
    assert all(row.since is None and row.changed_since == 0 for row in listing.rows)


def test_it_lists_only_the_changed_items_when_asked(world, media):
    rounds = build_rounds(world, returned=("T1.1", "T1.2"))
    rounds.fix("T1.2")
    rounds.resubmit()
    listing = review_rows(rounds.registration, "provincial", changed_only=True)
    assert [row.response.indicator.code for row in listing.rows] == ["T1.2"]
    assert listing.changed == 1 and listing.rows[0].since.changed
    everything = review_rows(rounds.registration, "provincial")
    unchanged = next(row for row in everything.rows if row.response.indicator.code == "T1.1")
    assert unchanged.since.review.note == NOTE and not unchanged.since.changed
    assert unchanged.in_round and unchanged.changed_since == 0


def test_it_compares_every_field_the_office_can_change(world, media):
    rounds = build_rounds(world)
    t11 = rounds.item("T1.1")
    worse = t11.indicator.options.get(points=0)
    response_update(
        response=t11,
        user=rounds.operator,
        base_revision=t11.revision,
        data={
            "value_prev": "0,75",
            "unit": "kasus",
            "note_prev": "Angka dari SIMPUS",
            "note_curr": "Angka dari laporan",
            "explanation": "Diperbaiki",
            "option": worse.id,
        },
    )
    item = item_changes(rounds.registration, "provincial")[t11.id]
    assert [(c.field, c.old, c.new) for c in item.fields] == [
        ("value_prev", "0.5", "0.75"),
        ("unit", "%", "kasus"),
        ("note_prev", "", "Angka dari SIMPUS"),
        ("note_curr", "", "Angka dari laporan"),
        ("explanation", "", "Diperbaiki"),
        ("option", "100 · Nilai 100 jika baik", "0 · Nilai 0 jika tidak"),
    ]
    assert [c.label for c in item.fields][:3] == ["Capaian 2023", "Satuan", "Keterangan 2023"]
