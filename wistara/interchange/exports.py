"""A regency's assessment in the official workbook layout (XlsxWriter, written as one pass).

The layout (sheet names, title rows, header row, the "(1) (2) ..." row, column widths, the
kelembagaan's merged NO/KOMPONEN cells) is read from the instrument's own workbook when it is at
hand (matched by its SHA-256), else built in the same shape from the instrument's data. The
instrument's columns come first, unchanged in order; the regency's answers follow to the right:
the achievements of both data years, the unit, the chosen option and its points, the
explanation, evidence links per year, and the provincial and national scores and notes. The
importer (services_import) reads this file back.
"""

import functools
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlsxwriter
from django.conf import settings
from django.db.models import Prefetch

from wistara.accounts.models import User
from wistara.assessments.access import responses_for_user
from wistara.assessments.models import Registration, Response
from wistara.evidence.models import Evidence
from wistara.instruments.models import InstrumentVersion, Section
from wistara.verification.models import Review

INSTRUMENT_DIR = Path(settings.BASE_DIR) / "wistara" / "instruments" / "data"
TATANAN_HEAD = (
    "NO",
    "INDIKATOR",
    "DEFINISI OPERASIONAL",
    "SUMBER DATA ",
    "BUKTI DUKUNG",
    "SKALA/ KATEGORI PENILAIAN",
)
KELEMBAGAAN_HEAD = (
    "NO",
    "KOMPONEN",
    "INDIKATOR",
    "DEFINISI OPERASIONAL",
    "SUMBER DATA ",
    "BUKTI DUKUNG",
    "SKALA/ KATEGORI PENILAIAN",
)
TATANAN_WIDTHS = (5.63, 30.63, 50.63, 15.63, 25.63, 45.63)
KELEMBAGAAN_WIDTHS = (5.63, 15.63, 20.63, 50.63, 15.63, 25.63, 45.63)
HEADER_ROW = 5  # 1-based, as in the official workbook: two title rows, two blank rows


def answer_headers(years: list[int]) -> list[str]:
    first, second = (years + [None, None])[:2]
    return [
        f"CAPAIAN {first}",
        f"CAPAIAN {second}",
        "SATUAN",
        "PILIHAN",
        "NILAI MANDIRI",
        "PENJELASAN",
        f"LINK BUKTI DUKUNG {first}",
        f"LINK BUKTI DUKUNG {second}",
        "NILAI PROVINSI",
        "CATATAN PROVINSI",
        "NILAI PUSAT",
        "CATATAN PUSAT",
    ]


@dataclass
class SheetLayout:
    name: str
    section_codes: list[str]
    titles: list[list[object]]  # rows above the header, as values
    title_merges: list[tuple[int, int, int, int]]  # 0-based first_row, first_col, last_row, last_col
    header: list[str]
    numbers: list[str]
    widths: dict[int, float] = field(default_factory=dict)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=4)
def _source_layout(sha256: str) -> tuple[SheetLayout, ...] | None:
    for path in sorted(INSTRUMENT_DIR.glob("*.xlsx")):
        if _sha256(path) == sha256:
            return tuple(_read_layout(path))
    return None


_TATANAN = re.compile(r"\btatanan\s*(\d+)", re.IGNORECASE)


def _read_layout(path: Path) -> list[SheetLayout]:
    """The first rows of each instrument sheet. Read-only mode: the official file carries about a
    thousand formatted rows per sheet, and a full load took seconds. The two title rows are merged
    across the instrument's columns, as in the official file."""
    book = openpyxl.load_workbook(path, read_only=True)
    layouts = []
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(min_row=1, max_row=HEADER_ROW + 1, values_only=True)]
        rows += [[] for _ in range(HEADER_ROW + 1 - len(rows))]
        titles = rows[: HEADER_ROW - 1]
        text = " ".join(str(v) for r in titles for v in r if v)
        number = _TATANAN.search(text)
        kelembagaan = "kelembagaan" in sheet.title.lower()
        if not number and not kelembagaan:
            continue
        width = len(KELEMBAGAAN_HEAD if kelembagaan else TATANAN_HEAD)
        titles = [(list(r) + [None] * width)[:width] for r in titles]
        layouts.append(
            SheetLayout(
                name=sheet.title,
                section_codes=[f"T{number.group(1)}"] if number else [],
                titles=titles,
                title_merges=[(row, 0, row, width - 1) for row in range(len(titles)) if titles[row][0]],
                header=(list(rows[HEADER_ROW - 1]) + [None] * width)[:width],
                numbers=(list(rows[HEADER_ROW]) + [None] * width)[:width],
                widths=dict(enumerate(KELEMBAGAAN_WIDTHS if kelembagaan else TATANAN_WIDTHS)),
            )
        )
    book.close()
    return layouts


def layouts_for(version: InstrumentVersion) -> list[SheetLayout]:
    """The instrument workbook's sheets in its order (kelembagaan sheet holding every component)."""
    sections = list(version.sections.order_by("order"))
    kelembagaan = [s.code for s in sections if s.kind == Section.Kind.KELEMBAGAAN]
    found = _source_layout(version.source_sha256) if version.source_sha256 else None
    if found:
        layouts = [SheetLayout(**{**layout.__dict__}) for layout in found]
        for layout in layouts:
            if not layout.section_codes:
                layout.section_codes = kelembagaan
        return layouts
    layouts = []
    if kelembagaan:
        layouts.append(_generated("Kelembagaan", kelembagaan, "KELEMBAGAAN", KELEMBAGAAN_HEAD, version))
    for section in sections:
        if section.kind == Section.Kind.TATANAN:
            layouts.append(
                _generated(
                    f"Tatanan {section.number} {section.name}"[:31],
                    [section.code],
                    f"TATANAN {section.number}: {section.name.upper()}",
                    TATANAN_HEAD,
                    version,
                )
            )
    return layouts


def _generated(
    name: str, codes: list[str], title: str, head: tuple[str, ...], version: InstrumentVersion
) -> SheetLayout:
    top = f"INSTRUMEN PENILAIAN KABUPATEN/KOTA SEHAT TAHUN {version.award_year}"
    width = len(head)
    return SheetLayout(
        name=name,
        section_codes=codes,
        titles=[[top], [title], [], []],
        title_merges=[(0, 0, 0, width - 1), (1, 0, 1, width - 1)],
        header=list(head),
        numbers=[f"({i})" for i in range(1, width + 1)],
        widths=dict(enumerate(KELEMBAGAAN_WIDTHS if width == 7 else TATANAN_WIDTHS)),
    )


# --- The regency's answers ---------------------------------------------------------------------------


def _responses(registration: Registration, user: User | None) -> dict[int, Response]:
    qs = responses_for_user(user, registration) if user is not None else registration.responses.all()
    qs = qs.select_related("indicator__section", "option").prefetch_related(
        Prefetch(
            "evidence",
            queryset=Evidence.objects.filter(removed_at__isnull=True)
            .select_related("file")
            .order_by("data_year", "added_at", "id"),
            to_attr="active",
        )
    )
    return {r.indicator_id: r for r in qs}


def _notes(registration: Registration) -> dict[tuple[int, str], str]:
    """The latest round's note per item and level."""
    notes: dict[tuple[int, str], str] = {}
    for response_id, level, note in (
        Review.objects.filter(response__registration=registration)
        .order_by("response_id", "level", "round")
        .values_list("response_id", "level", "note")
    ):
        notes[(response_id, level)] = note
    return notes


def evidence_address(evidence: Evidence) -> str:
    if evidence.url or evidence.file is None:
        return evidence.url
    return f"berkas: {evidence.file.original_name}"


def _answer_cells(response: Response | None, years: list[int], notes: dict) -> list[object]:
    if response is None:
        return [None] * 12
    active = response.active  # type: ignore[attr-defined]  # prefetched with to_attr in _responses
    links = {year: "\n".join(evidence_address(e) for e in active if e.data_year == year) for year in years}
    return [
        _number_or_note(response.value_prev, response.note_prev),
        _number_or_note(response.value_curr, response.note_curr),
        response.unit or None,
        response.option.position if response.option else None,
        response.points,
        response.explanation or None,
        links.get(years[0]) or None if years else None,
        links.get(years[1]) or None if len(years) > 1 else None,
        response.provincial_points,
        notes.get((response.id, "provincial")) or None,
        response.national_points,
        notes.get((response.id, "national")) or None,
    ]


def _number_or_note(value, note: str):
    if value is not None:
        return float(value) if value != value.to_integral_value() else int(value)
    return note or None


def workbook_filename(registration: Registration) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", registration.regency.name).strip("-")
    return f"instrumen-{registration.cycle.code}-{registration.regency.code}-{name}.xlsx"


def write_official_workbook(registration: Registration, out, user: User | None = None) -> None:
    """Write the workbook to `out` (a path or anything with write())."""
    version = registration.cycle.instrument
    years = [int(y) for y in version.data_years]
    responses = _responses(registration, user)
    notes = _notes(registration)
    buffer = out if isinstance(out, str | Path) else io.BytesIO()
    book = xlsxwriter.Workbook(
        str(buffer) if isinstance(buffer, Path) else buffer, {"in_memory": True, "strings_to_urls": False}
    )
    formats = _formats(book)
    sections = {s.code: s for s in version.sections.prefetch_related("indicators")}
    for layout in layouts_for(version):
        _write_sheet(
            book,
            formats,
            layout,
            [sections[c] for c in layout.section_codes if c in sections],
            responses,
            years,
            notes,
            registration,
        )
    book.close()
    if isinstance(buffer, io.BytesIO):  # not written to a path: copied to the caller's stream
        out.write(buffer.getvalue())


def _formats(book) -> dict:
    return {
        "title": book.add_format({"bold": True, "align": "center", "valign": "vcenter"}),
        "head": book.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#D9E1F2",
            }
        ),
        "answer_head": book.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#E2EFDA",
            }
        ),
        "cell": book.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "number": book.add_format({"border": 1, "valign": "top", "align": "center"}),
    }


def _write_sheet(
    book,
    formats,
    layout: SheetLayout,
    sections: list[Section],
    responses: dict,
    years: list[int],
    notes: dict,
    registration: Registration,
) -> None:
    sheet = book.add_worksheet(layout.name)
    width = len(layout.header)
    extra = answer_headers(years)
    for row, values in enumerate(layout.titles):
        for column, value in enumerate(values):
            if value is not None:
                sheet.write(row, column, value, formats["title"])
    for first_row, first_col, last_row, last_col in layout.title_merges:
        value = layout.titles[first_row][first_col] if first_col < len(layout.titles[first_row]) else None
        sheet.merge_range(first_row, first_col, last_row, last_col, value, formats["title"])
    sheet.write(2, 0, f"{registration.regency.name} · {registration.cycle.code}")
    head = HEADER_ROW - 1
    for column, value in enumerate(layout.header):
        sheet.write(head, column, value, formats["head"])
    for column, value in enumerate(extra, start=width):
        sheet.write(head, column, value, formats["answer_head"])
    for column, value in enumerate([*layout.numbers, *[f"({i})" for i in range(width + 1, width + 13)]]):
        sheet.write(head + 1, column, value, formats["head"])
    for column, value in layout.widths.items():
        sheet.set_column(column, column, value)
    sheet.set_column(width, width + len(extra) - 1, 18)
    sheet.freeze_panes(head + 2, 2)
    row = head + 2
    for section in sections:
        indicators = sorted(section.indicators.all(), key=lambda i: i.order)
        start = row
        for indicator in indicators:
            cells: list[object] = [indicator.number]
            if section.kind == Section.Kind.KELEMBAGAAN:
                cells = [section.number, section.name]
            cells += [
                indicator.name,
                indicator.definition,
                indicator.data_source,
                indicator.evidence_required,
                indicator.scale_text,
            ]
            cells += _answer_cells(responses.get(indicator.id), years, notes)
            for column, value in enumerate(cells):
                if value is None:
                    sheet.write_blank(row, column, None, formats["cell"])
                elif isinstance(value, int | float):
                    sheet.write_number(row, column, value, formats["number"])
                else:
                    sheet.write_string(row, column, str(value), formats["cell"])
            row += 1
        if section.kind == Section.Kind.KELEMBAGAAN and row - start > 1:
            sheet.merge_range(start, 0, row - 1, 0, section.number, formats["number"])
            sheet.merge_range(start, 1, row - 1, 1, section.name, formats["cell"])
