"""odf_import: CSV and xlsx by village code, every bad row reported, all or nothing."""

import io
import zipfile
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wistara.assessments.models import Registration, VillageOdf
from wistara.assessments.services.odf import odf_import
from wistara.assessments.services.odf_file import OdfImportError, parse_date, parse_status
from wistara.regions.models import District, Village
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db

DESA, KEL = "11.01.01.2001", "11.01.01.1001"


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


def _csv(text: str, name: str = "odf.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _xlsx(rows: list[list], name: str = "odf.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _import(registration, upload, user=None):
    with translation.override("en"):
        return odf_import(registration=registration, uploaded_file=upload, user=user)


def _errors(registration, upload) -> list[tuple[int | None, str]]:
    with pytest.raises(OdfImportError) as caught:
        _import(registration, upload)
    return [(e.row, e.message) for e in caught.value.errors]


def _statuses(registration) -> dict[str, tuple[bool, date | None]]:
    return {
        code: (odf, on)
        for code, odf, on in VillageOdf.objects.filter(registration=registration).values_list(
            "village__code", "is_odf", "verified_on"
        )
    }


def test_it_imports_a_semicolon_csv_with_a_bom_and_a_title_above_the_header(world, registration):
    text = (
        "\ufeffData ODF Kabupaten A Satu;;\n;;\nKode Desa;Nama;Status ODF;Tanggal Verifikasi\n"
        f"{DESA};Desa Satu;Ya;17-08-2024\n{KEL};Kelurahan Satu;Belum;\n"
    )
    result = _import(registration, _csv(text), world.user("regency_coordinator"))
    assert (result.rows, result.changed, result.unchanged, result.odf) == (2, 1, 1, 1)
    assert _statuses(registration) == {DESA: (True, date(2024, 8, 17))}
    assert VillageOdf.objects.get(village__code=DESA).updated_by == world.user("regency_coordinator")


def test_it_imports_a_comma_csv_with_other_words_and_column_order(registration):
    text = f"tanggal,kode wilayah,stop babs\n2024-03-01,{DESA},Stop BABS\n2024/03/02,1101011001,SBS\n"
    _import(registration, _csv(text))
    assert _statuses(registration) == {DESA: (True, date(2024, 3, 1)), KEL: (True, date(2024, 3, 2))}


def test_it_reads_a_windows_1252_csv_from_older_excel(registration):
    text = f"Kode Desa;Nama Desa;Status;Tgl Verifikasi\n{DESA};Désa Satu;ODF;1-2-2024\n"
    _import(registration, _csv(text, encoding="cp1252"))
    assert _statuses(registration) == {DESA: (True, date(2024, 2, 1))}


def test_it_imports_an_xlsx_with_date_cells_day_numbers_and_booleans(registration):
    upload = _xlsx(
        [
            ["Rekap ODF"],
            [],
            ["No", "Kode Desa/Kelurahan", "Status ODF", "Tanggal Verifikasi"],
            [1, DESA, True, datetime(2024, 5, 6)],
            [2, KEL, 1, 45292],
            [None, None, None, None],
        ]
    )
    result = _import(registration, upload)
    assert result.rows == 2
    assert _statuses(registration) == {DESA: (True, date(2024, 5, 6)), KEL: (True, date(2024, 1, 1))}


def test_it_imports_thousands_of_rows_in_a_few_queries(world, registration):
    district = District.objects.create(regency=world.regency_a1, code="11.01.02", name="Besar")
    Village.objects.bulk_create(
        Village(district=district, code=f"11.01.02.{2001 + n}", name=f"D{n}", kind="desa")
        for n in range(3000)
    )
    lines = [f"11.01.02.{2001 + n};{'Ya' if n % 3 else 'Tidak'};01-06-2024" for n in range(3000)]
    upload = _csv("Kode;Status ODF;Tanggal Verifikasi\n" + "\n".join(lines))
    with CaptureQueriesContext(connection) as queries:
        result = _import(registration, upload)
    assert result.rows == 3000 and result.odf == 2000
    assert VillageOdf.objects.filter(registration=registration, is_odf=True).count() == 2000
    assert len(queries) < 40  # batches of inserts, never one query per row


def test_it_re_imports_the_same_file_without_changes(world, registration):
    text = f"Kode;Status;Tanggal Verifikasi\n{DESA};Ya;17-08-2024\n{KEL};Tidak;\n"
    _import(registration, _csv(text), world.user("regency_coordinator"))
    again = _import(registration, _csv(text), world.user("national_admin"))
    assert (again.changed, again.unchanged) == (0, 2)
    assert VillageOdf.objects.filter(registration=registration).count() == 1
    assert VillageOdf.objects.get(village__code=DESA).updated_by == world.user("regency_coordinator")
    changed = _import(registration, _csv(text.replace("Tidak", "Ya;01-09-2024").replace(";;", ";")))
    assert (changed.changed, changed.unchanged) == (1, 1)


def test_it_keeps_villages_missing_from_the_file(registration):
    _import(registration, _csv(f"Kode;Status;Tanggal\n{DESA};Ya;17-08-2024\n{KEL};Ya;17-08-2024\n"))
    _import(registration, _csv(f"Kode;Status;Tanggal\n{KEL};Tidak;\n"))
    assert _statuses(registration) == {DESA: (True, date(2024, 8, 17)), KEL: (False, None)}


def test_it_lists_every_bad_row_with_its_number_and_writes_nothing(world, registration):
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")
    text = (
        "Kode Desa;Status ODF;Tanggal Verifikasi\n"
        f"{DESA};Ya;17-08-2024\n"  # row 2: good
        "11.01.01.9999;Ya;17-08-2024\n"  # row 3: unknown code
        "12.01.01.2001;Ya;17-08-2024\n"  # row 4: another regency's village
        f"{KEL};Mungkin;17-08-2024\n"  # row 5: bad status
        f"{DESA};Ya;17-08-2024\n"  # row 6: duplicate of row 2
        ";Ya;17-08-2024\n"
    )  # row 7: no code
    errors = _errors(registration, _csv(text))
    assert [row for row, _message in errors] == [3, 4, 5, 6, 7]
    messages = dict(errors)
    assert "Unknown village code 11.01.01.9999" in messages[3]
    assert "KABUPATEN B SATU" in messages[4]
    assert "Mungkin" in messages[5]
    assert "also on row 2" in messages[6]
    assert "empty" in messages[7]
    assert not VillageOdf.objects.filter(registration=registration).exists()
    text = f"Kode;Status;Tanggal\n{DESA};Ya;31-02-2024\n{KEL};Ya;{tomorrow}\n"
    assert [r for r, _m in _errors(registration, _csv(text))] == [2, 3]


@pytest.mark.parametrize(
    ("status", "day", "expected"),
    [
        ("Ya", "", "needs its verification date"),
        ("Ya", "kemarin", "not understood"),
        ("Ya", "17-08-1999", "before 2000"),
        ("", "17-08-2024", "status is empty"),
    ],
)
def test_it_refuses_each_bad_value_kind(registration, status, day, expected):
    errors = _errors(registration, _csv(f"Kode;Status;Tanggal\n{DESA};{status};{day}\n"))
    assert errors[0][0] == 2 and expected in errors[0][1]
    assert not VillageOdf.objects.exists()


def test_it_refuses_a_future_date_in_an_xlsx(registration):
    future = datetime.now() + timedelta(days=3)
    errors = _errors(registration, _xlsx([["Kode", "Status", "Tanggal"], [DESA, "Ya", future]]))
    assert errors == [(2, errors[0][1])] and "future" in errors[0][1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Nama;Keterangan\nDesa;x\n", "No header row"),
        ("Kode;Status ODF\n11.01.01.2001;Ya\n", "verification date"),
        ("Kode;Status;Tanggal\n", "no village rows"),
        ("   ", "empty"),
    ],
)
def test_it_refuses_a_file_without_its_columns_or_rows(registration, content, expected):
    errors = _errors(registration, _csv(content))
    assert errors[0][0] is None and expected in errors[0][1]


def test_it_refuses_a_broken_workbook(registration):
    upload = SimpleUploadedFile("odf.xlsx", b"PK\x03\x04 not really a zip")
    assert "cannot be opened" in _errors(registration, upload)[0][1]


def test_it_understands_the_usual_ways_of_writing_status_and_dates():
    assert [parse_status(v) for v in ("ODF", "ya", "Y", "1", "TRUE", "Stop BABS", "sbs", 1.0, True)] == [
        True
    ] * 9
    assert [parse_status(v) for v in ("Tidak", "belum", "0", "false", "N", 0, False)] == [False] * 7
    assert parse_status("kadang") is None and parse_status(2) is None
    assert (
        parse_date("17-08-2024")
        == parse_date("17/08/2024")
        == parse_date("2024-08-17")
        == parse_date("17 Agustus 2024")
        == parse_date("2024-08-17 00:00:00")
        == date(2024, 8, 17)
    )
    assert parse_date(45292) == date(2024, 1, 1)
    assert parse_date("32-01-2024") is None and parse_date("08/17/2024") is None


class _RecordingUpload(io.BytesIO):
    """An upload that notes how many atomic blocks are open when it is read."""

    size = None

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.depths: list[int] = []

    def read(self, *args):
        self.depths.append(len(connection.atomic_blocks))
        return super().read(*args)


def test_it_reads_and_checks_the_file_before_locking_the_registration(registration):
    upload = _RecordingUpload(f"Kode;Status;Tanggal\n{DESA};Ya;17-08-2024\n".encode())
    outside = len(connection.atomic_blocks)  # the test's own transaction
    with CaptureQueriesContext(connection) as queries:
        _import(registration, upload)
    assert upload.depths == [outside]  # read with no transaction of the import's open
    sql = [query["sql"] for query in queries]
    lock = next(i for i, q in enumerate(sql) if Registration._meta.db_table in q)
    checks = [i for i, q in enumerate(sql) if Village._meta.db_table in q]
    assert checks and max(checks) < lock  # the rows were checked before the lock was taken
    assert _statuses(registration) == {DESA: (True, date(2024, 8, 17))}


def test_it_writes_nothing_and_takes_no_lock_for_a_refused_file(registration):
    upload = _csv(f"Kode;Status;Tanggal\n{DESA};Mungkin;17-08-2024\n")
    with CaptureQueriesContext(connection) as queries:
        assert _errors(registration, upload)[0][0] == 2
    assert not any(Registration._meta.db_table in q["sql"] for q in queries)


def _xlsx_bomb(megabytes: int = 20) -> bytes:
    """An xlsx-looking zip whose sheet expands to `megabytes` MB of zeros (a few KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            for _chunk in range(megabytes):
                entry.write(bytes(1024 * 1024))
    return buffer.getvalue()


def test_it_refuses_an_xlsx_zip_bomb_before_openpyxl_opens_it(registration, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    errors = _errors(registration, SimpleUploadedFile("odf.xlsx", _xlsx_bomb()))
    assert errors[0][0] is None and "zip bomb" in errors[0][1]
    assert not VillageOdf.objects.exists()
