"""The option two achievements imply, read from the 2025 rubrics' own wording; never a guess."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from ..proposal import propose


@dataclass
class Option:
    id: int
    points: int
    description: str


def _options(*texts):
    return [Option(i, points, text) for i, (points, text) in enumerate(texts, start=1)]


MATERNAL = _options(
    (100, "Nilai 100 jika jumlah kematian ibu menurun"),
    (50, "Nilai 50 jika jumlah kematian ibu tetap"),
    (0, "Nilai 0 jika jumlah kematian ibu meningkat"),
)
STUNTING = _options(
    (
        100,
        "Nilai 100 jika capaian prevalensi stunting pada balita menurun dalam 2 tahun terakhir dan "
        "di bawah 14% pada tahun 2024",
    ),
    (
        50,
        "Nilai 50 jika capaian prevalensi stunting meningkat dalam 2 tahun terakhir namun masih di "
        "bawah 14% atau capaian prevalensi stunting pada balita menurun dalam 2 tahun terakhir namun "
        "di atas 14% pada tahun 2024",
    ),
    (
        0,
        "Nilai 0 jika capaian prevalensi stunting meningkat dalam 2 tahun terakhir dan di atas 14% "
        "pada tahun 2024",
    ),
)
TRAVEL = _options(
    (
        100,
        "Nilai 100 jika capaian ≥ 75% Desa/Kelurahan memiliki fasilitas pelayanan kesehatan dengan "
        "rata-rata waktu tempuh ≤ 30 menit",
    ),
    (75, "Nilai 75 jika capaian ≥ 50% - 74% Desa memiliki fasilitas, waktu tempuh ≤ 30 menit"),
    (50, "Nilai 50 jika capaian ≥ 25% - 49% Desa memiliki fasilitas, waktu tempuh ≤ 30 menit"),
    (0, "Nilai 0 jika capaian < 25% Desa/Kelurahan memiliki fasilitas dengan waktu tempuh ≤ 30 menit"),
)
BEDS = _options(
    (100, "Nilai 100 jika rasio ≥ 1 tempat tidur per 1.000 penduduk"),
    (50, "Nilai 50 jika rasio 0,5 - < 1 tempat tidur per 1.000 penduduk"),
    (0, "Nilai 0 jika rasio < 0,5 tempat tidur per 1.000 penduduk"),
)
TARGET = _options(
    (100, "Nilai 100 jika capaian meningkat dalam 2 tahun terakhir dan di atas target nasional"),
    (50, "Nilai 50 jika capaian menurun namun masih di atas target nasional"),
    (0, "Nilai 0 jika capaian menurun dan di bawah target nasional"),
)
FATALITY = _options(  # "penurunan" names what is measured, it is no trend
    (100, "Nilai 100 jika persentase penurunan fatalitas menurun dalam 2 tahun terakhir dan ≤ 65%"),
    (
        50,
        "Nilai 50 jika persentase penurunan fatalitas meningkat namun masih ≤ 65% atau persentase "
        "penurunan fatalitas menurun namun > 65%",
    ),
    (0, "Nilai 0 jika persentase penurunan fatalitas meningkat dan > 65%"),
)


def _points(options, first, second):
    proposal = propose(options, first, second)
    return proposal.points if proposal else None


@pytest.mark.parametrize(("first", "second", "points"), [(12, 9, 100), (9, 9, 50), (9, 12, 0)])
def test_it_proposes_by_the_trend(first, second, points):
    assert _points(MATERNAL, first, second) == points


@pytest.mark.parametrize(
    ("first", "second", "points"), [("20", "12,5", 100), ("10", "12", 50), ("20", "16", 50), ("14", "16", 0)]
)
def test_it_proposes_by_trend_and_threshold_on_the_second_year(first, second, points):
    assert _points(STUNTING, first, second) == points


@pytest.mark.parametrize(("second", "points"), [(80, 100), (75, 100), (60, 75), (74, 75), (30, 50), (10, 0)])
def test_it_reads_bands_and_not_the_minutes_of_travel_time(second, points):
    assert _points(TRAVEL, 1, second) == points


@pytest.mark.parametrize(("second", "points"), [("1,2", 100), ("1", 100), ("0,7", 50), ("0,3", 0)])
def test_it_reads_decimal_commas_and_thousands(second, points):
    assert _points(BEDS, "1", second) == points


def test_it_proposes_nothing_when_the_rubric_needs_a_figure_it_does_not_have():
    assert propose(TARGET, 10, 12) is None


def test_a_measured_decrease_is_not_read_as_a_falling_trend():
    assert _points(FATALITY, 70, 60) == 100
    assert _points(FATALITY, 50, 60) == 50


def test_it_proposes_nothing_without_both_values_or_with_text():
    assert propose(MATERNAL, None, 3) is None
    assert propose(MATERNAL, "", "3") is None
    assert propose(MATERNAL, "dua", "3") is None
    assert propose(MATERNAL, "NaN", "3") is None


def test_it_reads_stored_decimals():
    assert propose(MATERNAL, Decimal("12.0000"), Decimal("9")).points == 100


def test_it_proposes_nothing_for_a_document_rubric():
    documents = _options((100, "Nilai 100 jika ada Peraturan Daerah"), (0, "Nilai 0 jika tidak ada"))
    assert propose(documents, 1, 2) is None
