"""One review-in-rounds mechanism: items, narratives and provincial documents share the models'
fields and the rules about rounds (verification.rounds)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.dossier.models import (
    DossierCorrection,
    NarrativeReview,
    ProvincialCorrection,
    ProvincialDocumentReview,
)
from wistara.verification import rounds
from wistara.verification.models import CorrectionRound, Review


def test_the_three_kinds_are_built_on_one_pair_of_models():
    for review in (Review, NarrativeReview, ProvincialDocumentReview):
        assert issubclass(review, rounds.RoundReview)
        assert review._meta.get_field("verdict").choices == rounds.Verdict.choices
    for returned in (CorrectionRound, DossierCorrection, ProvincialCorrection):
        assert issubclass(returned, rounds.ReturnRound)
    assert Review.Verdict is rounds.Verdict


def test_a_correction_must_say_what_to_correct_whatever_the_kind():
    rounds.check_verdict("accepted", "")
    with pytest.raises(ValidationError):
        rounds.check_verdict("maybe", "x")
    for message in (None, "Sebutkan yang harus diperbaiki provinsi."):
        with pytest.raises(ValidationError) as refused:
            rounds.check_verdict("needs_correction", "  ", correction_message=message)
        assert "note" in refused.value.message_dict


@pytest.mark.parametrize(
    ("verdict", "round_", "changed", "expected"),
    [
        (None, 1, False, rounds.NOT_REVIEWED),
        ("accepted", 1, False, None),
        ("accepted", 1, True, rounds.CHANGED),
        ("needs_correction", 2, False, rounds.NEEDS_CORRECTION),  # refused this round: return it
        ("needs_correction", 1, False, rounds.RETURNED),  # refused in an earlier round: review again
        ("needs_correction", 2, True, rounds.RETURNED),  # refused, then corrected in this round
    ],
)
def test_where_an_object_stands(verdict, round_, changed, expected):
    now = timezone.now()
    latest = None if verdict is None else NarrativeReview(verdict=verdict, round=round_, reviewed_at=now)
    changed_at = now + timedelta(minutes=1) if changed else now - timedelta(minutes=1)
    assert rounds.standing(latest, 2, changed_at) == expected


@pytest.mark.django_db
def test_rounds_count_the_returns_that_came_back_for_every_kind(rounds_world):
    for returns in rounds_world:
        assert rounds.round_of(returns) == 2 and rounds.next_return_number(returns) == 2


@pytest.fixture
def rounds_world(world, media):
    """One return that came back, of items (a provincial round of the verification fixture)."""
    from .conftest import build_rounds

    built = build_rounds(world)
    built.resubmit()
    return [built.registration.corrections.filter(level="provincial")]
