"""The workbook and scale parsers, against the real 2025 workbook and damaged copies of it."""

from collections import Counter
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from wistara.instruments.importer import InstrumentImportError, parse_workbook
from wistara.instruments.importer.scale import ScaleError, parse_scale
from wistara.instruments.models import Indicator, InstrumentVersion, ScaleOption, Section
from wistara.instruments.services import instrument_import, instrument_import_workbook

from .conftest import MakeCopy, insert_column, unmerge_all

TATANAN_COUNTS = {"T1": 29, "T2": 22, "T3": 11, "T4": 13, "T5": 11, "T6": 12, "T7": 11, "T8": 13, "T9": 14}
PATTERNS = {"100/50/0": 101, "100/75/50/0": 24, "100/75/50/25/0": 8, "100/50/25/0": 3}


def _section(data: dict, code: str) -> dict:
    return next(s for s in data["sections"] if s["code"] == code)


def _indicator(data: dict, code: str) -> dict:
    section = _section(data, code.split(".")[0])
    return next(i for i in section["indicators"] if i["code"] == code)


def _points(indicator: dict) -> list[int]:
    return [option["points"] for option in indicator["options"]]


def _parse_error(path: Path) -> InstrumentImportError:
    with pytest.raises(InstrumentImportError) as caught:
        parse_workbook(path)
    return caught.value


# --- the scale text --------------------------------------------------------------------------


def test_it_parses_numbered_options_with_points_and_descriptions() -> None:
    text = "1. Nilai 100 jika naik \n\n2. NIlai 50 jika tetap\n\n3. Nilai  0 jika turun"
    options = parse_scale(text)
    assert [(o.points, o.description) for o in options] == [
        (100, "Nilai 100 jika naik"),
        (50, "NIlai 50 jika tetap"),
        (0, "Nilai 0 jika turun"),
    ]


def test_it_keeps_continuation_lines_with_their_option() -> None:
    options = parse_scale("1. Nilai 100 jika ada\ndan lengkap\n2.Nilai 0 jika tidak ada")
    assert [o.description for o in options] == ["Nilai 100 jika ada dan lengkap", "Nilai 0 jika tidak ada"]


def test_it_accepts_options_on_one_line_and_glued_words() -> None:
    options = parse_scale("1. Nilai 100 jika ada 2. Nilai 50jika sebagian 3. Nilai 0 jika tidak")
    assert [o.points for o in options] == [100, 50, 0]


def test_it_accepts_the_workbooks_numbering_slips() -> None:
    options = parse_scale("1. Nilai 100 jika a\n2. Nilai 75 jika b\n3. Nilai 50 jika c\n3. Nilai 0 jika d")
    assert [o.points for o in options] == [100, 75, 50, 0]


def test_it_does_not_split_on_numbers_inside_an_option() -> None:
    options = parse_scale("1. Nilai 100 jika rasio ≥ 1 per 1.000 penduduk\n2. Nilai 0 jika tidak")
    assert options[0].description == "Nilai 100 jika rasio ≥ 1 per 1.000 penduduk"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the scale is empty"),
        ("1. Baik 2. Buruk", "no scale option with points found"),
        ("1. Nilai 100 jika ada\n2. Tidak ada", "option 2 ('Tidak ada') has no points"),
        ("1. Nilai 150 jika ada\n2. Nilai 0 jika tidak", "option 1 has 150 points"),
    ],
)
def test_it_rejects_scales_without_usable_points(text: str, message: str) -> None:
    with pytest.raises(ScaleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_scale(text)


# --- the real workbook -----------------------------------------------------------------------


def test_it_reads_every_tatanan_with_its_indicator_count(parsed_kks: dict) -> None:
    tatanan = [s for s in parsed_kks["sections"] if s["kind"] == "tatanan"]
    assert {s["code"]: len(s["indicators"]) for s in tatanan} == TATANAN_COUNTS
    assert sum(len(s["indicators"]) for s in tatanan) == 136
    assert [s["number"] for s in tatanan] == list(range(1, 10))


def test_it_names_the_tatanan_from_their_title_rows(parsed_kks: dict) -> None:
    names = [s["name"] for s in parsed_kks["sections"] if s["kind"] == "tatanan"]
    assert names[0] == "Kehidupan Masyarakat Sehat Mandiri"
    assert names[1] == "Permukiman dan Fasilitas Umum"
    assert names[6] == "Transportasi dan Tertib Lalu Lintas Jalan"
    assert names[8] == "Penanggulangan Bencana"


def test_it_reads_four_kelembagaan_components_of_four_items(parsed_kks: dict) -> None:
    components = [s for s in parsed_kks["sections"] if s["kind"] == "kelembagaan"]
    assert [(s["code"], s["body"], s["name"]) for s in components] == [
        ("K1", "tim_pembina", "Tim Pembina"),
        ("K2", "forum", "Forum Kabupaten/Kota"),
        ("K3", "fkk", "Forum Komunikasi Kecamatan"),
        ("K4", "pokja", "Kelompok Kerja Desa/Kelurahan"),
    ]
    for component in components:
        assert [i["element"] for i in component["indicators"]] == [
            "sk",
            "rencana_kerja",
            "anggaran",
            "sekretariat",
        ]
        assert [i["code"] for i in component["indicators"]] == [
            f"{component['code']}.{n}" for n in range(1, 5)
        ]


def test_it_finds_the_four_option_patterns(parsed_kks: dict) -> None:
    patterns = Counter(
        "/".join(str(p) for p in _points(i))
        for s in parsed_kks["sections"]
        if s["kind"] == "tatanan"
        for i in s["indicators"]
    )
    assert patterns == PATTERNS


def test_it_reads_the_first_indicator_completely(parsed_kks: dict) -> None:
    indicator = _indicator(parsed_kks, "T1.1")
    assert indicator["number"] == 1
    assert indicator["name"] == "Jumlah Kematian Ibu"
    assert indicator["options"] == [
        {"points": 100, "description": "Nilai 100 jika jumlah kematian ibu menurun"},
        {"points": 50, "description": "Nilai 50 jika jumlah kematian ibu tetap"},
        {"points": 0, "description": "Nilai 0 jika jumlah kematian ibu meningkat"},
    ]
    assert indicator["data_source"] == "Perangkat daerah yang membidangi urusan kesehatan"
    assert indicator["definition"].startswith("Jumlah kasus kematian perempuan")
    assert indicator["evidence_required"].startswith("Laporan capaian pada Aplikasi MPDN")
    assert indicator["scale_text"].startswith("1. Nilai 100 jika jumlah kematian ibu menurun\n")


def test_it_reads_an_indicator_with_five_options(parsed_kks: dict) -> None:
    indicator = _indicator(parsed_kks, "T1.12")
    assert _points(indicator) == [100, 75, 50, 25, 0]
    assert indicator["options"][2]["description"].startswith("NIlai 50 jika Kabupaten/Kota")


def test_it_reads_the_fkk_decree_despite_the_nilai_typo(parsed_kks: dict) -> None:
    item = _indicator(parsed_kks, "K3.1")
    assert (item["name"], item["element"], _points(item)) == ("SK", "sk", [100, 0])
    assert item["options"][0]["description"].startswith("NIlai 100 jika memiliki SK Forum")
    assert item["options"][1]["description"].startswith("Nilai 0 jika memiliki SK")


def test_it_reads_the_award_year_and_name_from_the_title_row(parsed_kks: dict) -> None:
    assert parsed_kks["award_year"] == 2025
    assert parsed_kks["name"] == "Instrumen Penilaian Kabupaten/Kota Sehat (KKS) Tahun 2025"


# --- damaged but readable copies -------------------------------------------------------------


def _reverse_sheets(workbook: Workbook) -> None:
    workbook._sheets.reverse()


def _odd_headers(workbook: Workbook) -> None:
    renames = {
        "NO": " no. ",
        "INDIKATOR": "Indikator  ",
        "SUMBER DATA": "  sumber data ",
        "SKALA/ KATEGORI PENILAIAN": "Skala / Kategori  Penilaian",
        "BUKTI DUKUNG": "bukti-dukung",
        "DEFINISI OPERASIONAL": "Defenisi Operasional",
    }
    for worksheet in workbook.worksheets:
        for cell in worksheet[5]:
            text = str(cell.value or "").strip()
            cell.value = renames.get(text, cell.value)


def _empty_column_before_no(workbook: Workbook) -> None:
    for worksheet in workbook.worksheets:
        insert_column(worksheet, 1)


def _swap_definition_and_evidence(workbook: Workbook) -> None:
    for worksheet in workbook.worksheets:
        left, right = (4, 6) if worksheet.title == "Kelembagaan" else (3, 5)
        for row in range(5, worksheet.max_row + 1):
            a, b = worksheet.cell(row, left), worksheet.cell(row, right)
            a.value, b.value = b.value, a.value


def _blank_rows_in_the_middle(workbook: Workbook) -> None:
    for worksheet in workbook.worksheets:
        if worksheet.title == "Kelembagaan":
            unmerge_all(worksheet)  # a copy that lost its merges keeps only top-left values
            worksheet.insert_rows(15, 2)
            worksheet.insert_rows(9)
        else:
            worksheet.insert_rows(10, 3)


@pytest.mark.parametrize(
    "edit",
    [
        _reverse_sheets,
        _odd_headers,
        _empty_column_before_no,
        _swap_definition_and_evidence,
        _blank_rows_in_the_middle,
    ],
)
def test_it_reads_damaged_copies_exactly_like_the_original(
    edit, workbook_copy: MakeCopy, parsed_kks: dict
) -> None:
    assert parse_workbook(workbook_copy(edit)) == parsed_kks


def test_it_finds_a_tatanan_by_sheet_name_when_the_title_row_is_gone(
    workbook_copy: MakeCopy, parsed_kks: dict
) -> None:
    def edit(workbook: Workbook) -> None:
        workbook["Tatanan 4 Pasar"]["A2"] = None

    parsed = parse_workbook(workbook_copy(edit))
    assert (_section(parsed, "T4")["name"], len(_section(parsed, "T4")["indicators"])) == ("Pasar", 13)


# --- broken copies: one clear error, nothing written -----------------------------------------


def _set(sheet: str, cell: str, value: object):
    def edit(workbook: Workbook) -> None:
        workbook[sheet][cell] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set("Tatanan 2 Perkim", "F12", None),
            "Sheet 'Tatanan 2 Perkim', row 12, cell F12: the scale is empty",
        ),
        (
            _set("Tatanan 2 Perkim", "F12", "1. Baik 2. Buruk"),
            "Sheet 'Tatanan 2 Perkim', row 12, cell F12: no scale option with points found",
        ),
        (
            _set("Tatanan 1 Sehat Mandiri", "B8", "  "),
            "Sheet 'Tatanan 1 Sehat Mandiri', row 8, cell B8: the indicator name is empty",
        ),
        (
            _set("Tatanan 1 Sehat Mandiri", "A9", 1.0),
            "Sheet 'Tatanan 1 Sehat Mandiri', row 9, cell A9: duplicate indicator number 1 (first at row 7)",
        ),
        (
            _set("Kelembagaan", "C9", "Lain-lain"),
            "Sheet 'Kelembagaan', row 9, cell C9: unknown kelembagaan item 'Lain-lain'",
        ),
    ],
)
def test_it_names_sheet_row_and_cell_of_a_broken_indicator(
    edit, expected: str, workbook_copy: MakeCopy
) -> None:
    error = _parse_error(workbook_copy(edit))
    assert any(message.startswith(expected) for message in error.errors), error.errors


def test_it_reports_a_sheet_whose_header_row_was_destroyed(workbook_copy: MakeCopy) -> None:
    def edit(workbook: Workbook) -> None:
        for cell in workbook["Tatanan 3  Pendidikan"][5]:
            cell.value = None

    error = _parse_error(workbook_copy(edit))
    assert error.errors == [
        "Sheet 'Tatanan 3  Pendidikan': no header row (NO, INDIKATOR, ... SKALA/KATEGORI "
        "PENILAIAN) found in the first 30 rows"
    ]


def test_it_reports_a_header_missing_one_column(workbook_copy: MakeCopy) -> None:
    error = _parse_error(workbook_copy(_set("Tatanan 5 Perkantoran & Perindu", "D5", "Catatan")))
    assert error.errors == [
        "Sheet 'Tatanan 5 Perkantoran & Perindu', row 5: no 'SUMBER DATA' column in the header"
    ]


def test_it_collects_every_error_not_only_the_first(workbook_copy: MakeCopy) -> None:
    def edit(workbook: Workbook) -> None:
        for row in range(7, 36):
            workbook["Tatanan 1 Sehat Mandiri"].cell(row, 6).value = "tidak dinilai"
        workbook["Tatanan 9 Penanggulangan Bencan"]["B7"] = None

    error = _parse_error(workbook_copy(edit))
    assert len(error.errors) == 21  # 20 shown, then a line counting the rest
    assert error.errors[-1] == "... and 10 more errors"
    assert "cell F7" in str(error)


@pytest.mark.django_db
def test_it_writes_nothing_when_the_workbook_is_broken(workbook_copy: MakeCopy) -> None:
    path = workbook_copy(_set("Tatanan 6 Pariwisata ", "F9", "1. Baik 2. Buruk"))
    with pytest.raises(InstrumentImportError, match="Sheet 'Tatanan 6 Pariwisata ', row 9"):
        instrument_import_workbook(path=path, code="KKS-2025")
    assert (
        InstrumentVersion.objects.count(),
        Section.objects.count(),
        Indicator.objects.count(),
        ScaleOption.objects.count(),
    ) == (0, 0, 0, 0)


@pytest.mark.django_db
def test_it_leaves_an_earlier_good_version_untouched(workbook_copy: MakeCopy, kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    before = (version.updated_at, Indicator.objects.count(), ScaleOption.objects.count())
    path = workbook_copy(_set("Tatanan 1 Sehat Mandiri", "B8", None))
    with pytest.raises(InstrumentImportError, match="row 8, cell B8"):
        instrument_import_workbook(path=path, code="KKS-2025")
    version.refresh_from_db()
    assert (version.updated_at, Indicator.objects.count(), ScaleOption.objects.count()) == before
    assert Indicator.objects.get(code="T1.2").name == "Jumlah Kematian Neonatus"


def test_it_reports_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "not-a-workbook.xlsx"
    path.write_text("hello")
    with pytest.raises(InstrumentImportError, match="not-a-workbook.xlsx: cannot open"):
        parse_workbook(path)
