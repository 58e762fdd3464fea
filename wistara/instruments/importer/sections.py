"""Turn the indicator rows below a sheet's header into section dicts (the YAML shape)."""

from dataclasses import dataclass, field

from .errors import ErrorList
from .scale import ScaleError, parse_scale
from .sheet import Grid, Header, is_blank_row, is_column_number_row, whole_number
from .text import clean_block, clean_line, header_key, slash_spacing

# Checked in order: "Forum Komunikasi Kecamatan" is the FKK, not the Forum Kabupaten/Kota.
_BODIES = (
    ("tim_pembina", ("pembina",)),
    ("fkk", ("kecamatan", "fkk")),
    ("pokja", ("pokja", "kelompok kerja", "desa", "kelurahan")),
    ("forum", ("forum",)),
)
_ELEMENTS = (
    ("sk", ("sk", "surat keputusan", "keputusan")),
    ("rencana_kerja", ("rencana",)),
    ("anggaran", ("anggaran",)),
    ("sekretariat", ("sekretariat",)),
)


def _lookup(text: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    padded = f" {header_key(text)} "
    for value, keywords in table:
        if any(f" {keyword} " in padded for keyword in keywords):
            return value
    return None


def _data_rows(grid: Grid, header: Header) -> list[tuple[int, dict[str, object]]]:
    """(row number, values by column key) for every row below the header that holds data."""
    rows = []
    for row in range(header.row + 1, len(grid.rows) + 1):
        values = {key: grid.value(row, column) for key, column in header.columns.items()}
        if is_blank_row(list(values.values())) or is_column_number_row(list(values.values())):
            continue
        rows.append((row, values))
    return rows


def _indicator(
    grid: Grid, header: Header, row: int, values: dict[str, object], errors: ErrorList
) -> dict | None:
    """The indicator on one row without number and code, or None after recording errors."""
    name = clean_line(values.get("name"))
    if not name:
        errors.add(f"{grid.where(row, header.columns['name'])}: the indicator name is empty")
    try:
        options = parse_scale(values.get("scale"))
    except ScaleError as exc:
        errors.add(f"{grid.where(row, header.columns['scale'])}: {exc}")
        options = []
    if not name or not options:
        return None
    return {
        "name": name,
        "definition": clean_block(values.get("definition")),
        "data_source": clean_block(values.get("data_source")),
        "evidence_required": clean_block(values.get("evidence")),
        "scale_text": clean_block(values.get("scale")),
        "element": "",
        "options": [{"points": o.points, "description": o.description} for o in options],
    }


def _numbered(number: int, code: str, indicator: dict) -> dict:
    return {"number": number, "code": code, **indicator}


def parse_tatanan(grid: Grid, header: Header, number: int, name: str, errors: ErrorList) -> dict:
    code = f"T{number}"
    errors_before = len(errors.messages)
    indicators: list[dict] = []
    first_row: dict[int, int] = {}
    for row, values in _data_rows(grid, header):
        indicator = _indicator(grid, header, row, values, errors)
        where = grid.where(row, header.columns["number"])
        item_number = whole_number(values.get("number"))
        if item_number is None:
            errors.add(f"{where}: no indicator number ({clean_line(values.get('number'))!r})")
        elif item_number in first_row:
            errors.add(
                f"{where}: duplicate indicator number {item_number} (first at row {first_row[item_number]})"
            )
        elif indicator is not None:
            first_row[item_number] = row
            indicators.append(_numbered(item_number, f"{code}.{item_number}", indicator))
    if not indicators and len(errors.messages) == errors_before:
        errors.add(f"{grid.where(header.row)}: no indicator rows below the header")
    return {
        "kind": "tatanan",
        "code": code,
        "number": number,
        "name": name,
        "body": "",
        "indicators": indicators,
    }


@dataclass
class _Component:
    number: int
    name: str
    row: int
    items: list[dict] = field(default_factory=list)


def _component_for_row(
    grid: Grid, header: Header, row: int, values: dict[str, object], current: _Component | None
) -> _Component | str:
    """The component a row belongs to (a new one or the current), or an error message.

    Component cells are merged over their items; where a copy lost the merge only the first row
    keeps the value, so a row with neither number nor name continues the current component.
    """
    number = whole_number(values.get("number"))
    name = slash_spacing(clean_line(values.get("component")))
    where = grid.where(row, header.columns["component"])
    if not name and number is None:
        return current if current else f"{where}: no component name"
    if current and (not name or name == current.name) and number in (None, current.number):
        return current
    if not name:
        return f"{where}: no component name for component number {number}"
    if number is None:
        return f"{grid.where(row, header.columns['number'])}: no component number for '{name}'"
    return _Component(number=number, name=name, row=row)


def _component_section(grid: Grid, component: _Component, errors: ErrorList) -> dict | None:
    body = _lookup(component.name, _BODIES)
    if body is None:
        errors.add(
            f"{grid.where(component.row)}: unknown kelembagaan component "
            f"'{component.name}' (expected Tim Pembina, Forum, FKK or Pokja)"
        )
        return None
    code = f"K{component.number}"
    indicators = [_numbered(n, f"{code}.{n}", item) for n, item in enumerate(component.items, start=1)]
    return {
        "kind": "kelembagaan",
        "code": code,
        "number": component.number,
        "name": component.name,
        "body": body,
        "indicators": indicators,
    }


def _kelembagaan_item(
    grid: Grid, header: Header, row: int, values: dict[str, object], errors: ErrorList
) -> dict | None:
    item = _indicator(grid, header, row, values, errors)
    if item is None:
        return None
    item["element"] = _lookup(item["name"], _ELEMENTS) or ""
    if not item["element"]:
        errors.add(
            f"{grid.where(row, header.columns['name'])}: unknown kelembagaan item "
            f"'{item['name']}' (expected SK, Rencana Kerja, Anggaran or Sekretariat)"
        )
        return None
    return item


def _components(grid: Grid, header: Header, errors: ErrorList) -> list[_Component]:
    components: list[_Component] = []
    for row, values in _data_rows(grid, header):
        found = _component_for_row(grid, header, row, values, components[-1] if components else None)
        if isinstance(found, str):
            errors.add(found)
            continue
        if not components or found is not components[-1]:
            components.append(found)
        item = _kelembagaan_item(grid, header, row, values, errors)
        if item is not None:
            found.items.append(item)
    return components


def parse_kelembagaan(grid: Grid, header: Header, errors: ErrorList) -> list[dict]:
    errors_before = len(errors.messages)
    components = _components(grid, header, errors)
    seen: dict[int, int] = {}
    sections = []
    for component in components:
        if component.number in seen:
            errors.add(
                f"{grid.where(component.row, header.columns['number'])}: duplicate "
                f"component number {component.number} (first at row "
                f"{seen[component.number]})"
            )
            continue
        seen[component.number] = component.row
        section = _component_section(grid, component, errors)
        if section is not None:
            sections.append(section)
    if not sections and len(errors.messages) == errors_before:
        errors.add(f"{grid.where(header.row)}: no kelembagaan rows below the header")
    return sections
