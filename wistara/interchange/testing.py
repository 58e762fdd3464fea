"""Filled workbooks built from an instrument, as regencies send them (for tests and bench/).

`workbook_2023` writes the 2023 layout: one sheet per tatanan (and one for the kelembagaan), each
indicator a block of rows (the indicator, then its options as lettered rows with their points),
columns NO | TATANAN/INDIKATOR | SKALA | NILAI SELF-ASSESMENT | LINK BUKTI DUKUNG | NILAI
VERIFIKASI PROVINSI | CATATAN TIM PEMBINA PROVINSI | DEFINISI OPERASIONAL. `messy=True` adds what
real files have: typos and stray spaces in headers and names, blank rows, merged number cells,
the score on an option row, links in several forms, extra sheets.
"""

import random
from pathlib import Path

import openpyxl

from wistara.instruments.models import InstrumentVersion, Section

HEADERS_2023 = (
    "NO",
    "TATANAN/INDIKATOR",
    "SKALA",
    "NILAI SELF-ASSESMENT",
    "LINK BUKTI DUKUNG",
    "NILAI VERIFIKASI PROVINSI",
    "CATATAN TIM PEMBINA PROVINSI",
    "DEFINISI OPERASIONAL",
)
MESSY_HEADERS = (
    " No ",
    "TATANAN / INDIKTOR",
    "SKALA ",
    "NILAI SELF ASESMENT",
    "LINK  BUKTI DUKUNG ",
    "NILAI VERIFIKASI PROV",
    "CATATAN TIM PEMBINA  PROVINSI",
    "DEFINISI OPERASIONAL",
)
DRIVE_FORMS = (
    "https://drive.google.com/open?id={id}",
    "https://drive.google.com/file/d/{id}/view?usp=sharing",
    "drive.google.com/drive/folders/{id}?usp=drive_link",
    "2024: https://drive.google.com/uc?id={id}&export=download",
)


def _misspell(name: str, rng: random.Random) -> str:
    """Spelling and spacing noise: doubled spaces, a case change, a trailing dot."""
    words = name.split()
    if len(words) > 2:
        words[1] = words[1].upper() if rng.random() < 0.5 else words[1] + " "
    return "  ".join(words[:2] + [" ".join(words[2:])]).strip() + rng.choice(("", ".", " "))


def workbook_2023(
    version: InstrumentVersion, path: Path, *, messy: bool = False, seed: int = 1, answer: int | None = None
) -> dict:
    """Write the workbook; returns {indicator code: (points, [links], provincial points, note)}."""
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    book.remove(book.active)
    expected: dict[str, tuple] = {}
    if messy:
        summary = book.create_sheet("REKAP")
        summary["A1"] = "REKAPITULASI NILAI"
    for section in version.sections.order_by("order"):
        title = (f"TATANAN {section.number} " if section.kind == Section.Kind.TATANAN else "KELEMBAGAAN ")[
            :31
        ]
        if section.kind == Section.Kind.KELEMBAGAAN:
            if "KELEMBAGAAN" in book.sheetnames:
                sheet = book["KELEMBAGAAN"]
            else:
                sheet = book.create_sheet("KELEMBAGAAN")
                _head(sheet, "KELEMBAGAAN", messy)
        else:
            sheet = book.create_sheet(title.strip() + (" " if messy else ""))
            _head(sheet, f"TATANAN {section.name.upper()} (mencakup kelembagaan)", messy)
        for indicator in section.indicators.order_by("order"):
            expected[indicator.code] = _block(sheet, section, indicator, messy, rng, answer)
    book.save(path)
    return expected


def _head(sheet, title: str, messy: bool) -> None:
    sheet.append(["INSTRUMEN PENILAIAN KABUPATEN/KOTA SEHAT TAHUN 2023"])
    sheet.append([title])
    sheet.append([])
    sheet.append(list(MESSY_HEADERS if messy else HEADERS_2023))
    if messy:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)


def _block(sheet, section: Section, indicator, messy: bool, rng: random.Random, answer):
    options = list(indicator.options.order_by("position"))
    chosen = (
        options[rng.randrange(len(options))]
        if answer is None
        else next((o for o in options if o.points == answer), options[0])
    )
    number = indicator.number if section.kind == Section.Kind.TATANAN else indicator.order
    name = f"{section.name} {indicator.name}" if section.kind == Section.Kind.KELEMBAGAAN else indicator.name
    name = _misspell(name, rng) if messy else name
    file_id = f"FILE{indicator.code.replace('.', 'x')}abcdef"
    link = (DRIVE_FORMS[rng.randrange(len(DRIVE_FORMS))] if messy else DRIVE_FORMS[1]).format(id=file_id)
    prov = options[-1].points
    note = f"Catatan provinsi {indicator.code}"
    first = sheet.max_row + 1
    score_row = rng.randrange(len(options) + 1) if messy else 0
    sheet.append(
        [
            number,
            name,
            None,
            chosen.points if score_row == 0 else None,
            link,
            prov,
            note,
            indicator.definition,
        ]
    )
    for position, option in enumerate(options):
        letter = "abcdefgh"[position]
        sheet.append(
            [
                f"{letter}." if not messy or position % 2 else None,
                option.description if messy and position % 2 else f"{letter}. {option.description}",
                option.points,
                chosen.points if score_row == position + 1 else None,
            ]
        )
    if messy:
        sheet.merge_cells(start_row=first, start_column=6, end_row=first + len(options), end_column=6)
        if rng.random() < 0.3:
            sheet.append([])
    return chosen.points, [link], prov, note
