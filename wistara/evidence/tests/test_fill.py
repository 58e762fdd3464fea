"""The item form's one save: the answer and several files, each for one or both data years, as one.

Both or neither: a refused file leaves the answer unsaved and nothing stored; a stale answer leaves
no file behind.
"""

import pytest
from django.core.exceptions import ValidationError

from wistara.assessments.models import Response, ResponseChange
from wistara.assessments.services import ConflictError

from ..fill import response_fill
from ..kinds import BOTH, TaggedFile, guess_kind, guess_years, parse_years
from ..models import Evidence
from . import files
from .conftest import assert_nothing_left, stored_files

pytestmark = pytest.mark.django_db
YEARS = [2023, 2024]


def _fill(response, user, tagged, data=None, revision=0):
    return response_fill(
        response=response,
        user=user,
        base_revision=revision,
        data=data or {"value_prev": "12", "value_curr": "9"},
        files=tagged,
    )


def _tagged(name, years, content=None, kind="report"):
    return TaggedFile(file=files.upload(content or files.pdf(name), name), years=years, kind=kind)


def test_it_saves_the_answer_and_two_files_one_per_year(world, response, media):
    saved, batch = _fill(
        response,
        world.user("opd_operator"),
        [_tagged("laporan-2023.pdf", [2023]), _tagged("laporan-2024.pdf", [2024])],
    )
    fresh = Response.objects.get(pk=response.pk)
    assert (fresh.value_prev, fresh.value_curr, fresh.revision) == (12, 9, 1)
    assert (fresh.evidence_prev, fresh.evidence_curr) == (1, 1)
    assert (saved.evidence_prev, saved.evidence_curr) == (1, 1)
    assert sorted((e.data_year, e.title) for e in batch.added) == [
        (2023, "laporan-2023"),
        (2024, "laporan-2024"),
    ]
    assert len(stored_files(media)) == 2


def test_it_attaches_one_file_for_both_years_and_stores_it_once(world, response, media):
    _saved, batch = _fill(response, world.user("opd_operator"), [_tagged("laporan.pdf", YEARS)])
    assert sorted(e.data_year for e in batch.added) == YEARS
    assert len({e.file_id for e in batch.added}) == 1 and len(stored_files(media)) == 1
    assert ResponseChange.objects.filter(response=response, field="evidence").count() == 2


def test_it_keeps_a_file_already_attached_for_a_year_once_and_says_so(world, response, media):
    user = world.user("opd_operator")
    content = files.pdf("sama")
    _fill(response, user, [_tagged("a.pdf", [2023], content)])
    _saved, batch = _fill(
        response, user, [_tagged("a.pdf", YEARS, content)], revision=1, data={"unit": "kasus"}
    )
    assert [e.data_year for e in batch.added] == [2024]
    assert batch.already == ["a.pdf (2023)"]
    assert Evidence.objects.filter(response=response, data_year=2023).count() == 1


def test_a_refused_file_saves_neither_the_answer_nor_any_file(world, response, media):
    with pytest.raises(ValidationError) as refused:
        _fill(
            response,
            world.user("opd_operator"),
            [_tagged("baik.pdf", [2023]), _tagged("program.exe", [2024], b"MZ\x90\x00binary")],
        )
    assert "program.exe" in refused.value.messages[0]
    assert Response.objects.get(pk=response.pk).revision == 0
    assert_nothing_left(media)


def test_a_stale_answer_leaves_no_file_behind(world, response, media):
    user = world.user("opd_operator")
    _fill(response, user, [], data={"unit": "kasus"})
    with pytest.raises(ConflictError):
        _fill(response, user, [_tagged("laporan.pdf", YEARS)], data={"unit": "persen"}, revision=0)
    assert_nothing_left(media)


def test_a_file_without_a_year_is_refused_with_its_name(world, response, media):
    with pytest.raises(ValidationError) as refused:
        _fill(response, world.user("opd_operator"), [_tagged("laporan.pdf", [])])
    assert "laporan.pdf" in refused.value.messages[0] and "tahun" in refused.value.messages[0]
    assert_nothing_left(media)


@pytest.mark.parametrize(
    ("name", "content_type", "kind"),
    [
        ("SK Tim Pembina 2023.pdf", "application/pdf", "decree"),
        ("Daftar_Hadir-rakor.pdf", "application/pdf", "attendance"),
        ("Notulen rapat.docx", "", "minutes"),
        ("Perbup 12 2022.pdf", "application/pdf", "regulation"),
        ("IMG_2034.jpg", "image/jpeg", "photo"),
        ("kegiatan.png", "image/png", "photo"),
        ("laporan capaian.pdf", "application/pdf", "report"),
        ("risk.pdf", "application/pdf", "report"),  # "sk" only as a whole word
    ],
)
def test_it_guesses_the_kind_from_the_name_and_type(name, content_type, kind):
    assert guess_kind(name, content_type) == kind


@pytest.mark.parametrize(
    ("name", "years"),
    [
        ("laporan-2023.pdf", [2023]),
        ("Laporan_2024_final.pdf", [2024]),
        ("laporan 2023-2024.pdf", YEARS),
        ("laporan.pdf", YEARS),
        ("scan20231.pdf", YEARS),
    ],
)
def test_it_guesses_the_data_years_from_the_name(name, years):
    assert guess_years(name, YEARS) == years


def test_it_reads_a_posted_year_choice():
    assert parse_years(BOTH, YEARS) == YEARS
    assert parse_years("2024", YEARS) == [2024]
    assert parse_years("2022", YEARS) is None and parse_years("", YEARS) is None
