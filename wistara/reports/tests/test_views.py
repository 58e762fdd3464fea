import io
import re

import openpyxl
import pytest

from wistara.jobs.models import Job

pytestmark = pytest.mark.django_db

NAMES = {"11.01": "KABUPATEN A SATU", "11.71": "KOTA A DUA", "12.01": "KABUPATEN B SATU"}
SEES = {
    "national_admin": {"11.01", "11.71", "12.01"},
    "national_verifier": {"11.01", "11.71", "12.01"},
    "provincial_verifier": {"11.01", "11.71"},
}
NO_DASHBOARD = ["regency_coordinator", "opd_operator", "leader", "other_coordinator", "no_role"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the export job's file


def _xlsx(response) -> list[tuple]:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def _export(client, data: dict | None = None):
    """Click "Download (xlsx)": the job starts (run at once by the test task backend), its page
    offers the file, and the file is downloaded."""
    started = client.post("/laporan/TEST-2025/ekspor/", data or {})
    assert started.status_code == 302 and started["Location"].startswith("/tugas/"), started
    page = client.get(started["Location"]).content.decode()
    assert f'href="{started["Location"]}unduh/"' in page
    return client.get(started["Location"] + "unduh/")


def _codes_in_page(html: str) -> list[str]:
    return re.findall(r'href="/ruang/([\d.]+)/TEST-2025/"', html)


@pytest.mark.parametrize("role", sorted(SEES))
def test_it_shows_each_role_exactly_its_regencies_in_page_xlsx_and_api(cycle, client, world, role):
    client.force_login(world.user(role))
    page = client.get("/laporan/TEST-2025/").content.decode()
    rows = _xlsx(_export(client))[1:]
    api = client.get("/api/v1/reports/TEST-2025/regencies").json()
    provinces = client.get("/api/v1/reports/TEST-2025/provinces").json()
    assert set(_codes_in_page(page)) == SEES[role]
    assert {row[2] for row in rows} == SEES[role]
    assert {row["regency_code"] for row in api} == SEES[role]
    assert {p["code"] for p in provinces} == {code[:2] for code in SEES[role]}
    for code, name in NAMES.items():
        if code not in SEES[role]:
            assert name not in page and name not in str(rows) and name not in str(api)


@pytest.mark.parametrize("role", NO_DASHBOARD)
def test_it_gives_regency_roles_no_dashboard(cycle, client, world, role):
    client.force_login(world.user(role))
    for url in (
        "/laporan/TEST-2025/",
        "/laporan/TEST-2025/provinsi/11/",
        "/api/v1/reports/TEST-2025/regencies",
        "/api/v1/reports/TEST-2025/provinces",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post("/laporan/TEST-2025/ekspor/").status_code == 404
    assert not Job.objects.exists()


def test_it_opens_a_provinces_dashboard_to_its_verifier_and_the_nation_only(cycle, client, world):
    client.force_login(world.user("provincial_verifier"))
    page = client.get("/laporan/TEST-2025/provinsi/11/")
    assert page.status_code == 200
    assert set(_codes_in_page(page.content.decode())) == {"11.01", "11.71"}
    assert client.get("/laporan/TEST-2025/provinsi/12/").status_code == 404
    assert client.get("/laporan/TEST-2025/?province=12").content.decode().count("/ruang/") == 0
    client.force_login(world.user("national_verifier"))
    page = client.get("/laporan/TEST-2025/provinsi/12/").content.decode()
    assert _codes_in_page(page) == ["12.01"] and "KOTA A DUA" not in page


def test_it_answers_404_for_an_unknown_cycle(cycle, client, world):
    client.force_login(world.user("national_admin"))
    assert client.get("/laporan/NOPE/").status_code == 404
    assert client.get("/api/v1/reports/NOPE/regencies").status_code == 404


def test_it_sorts_on_the_server_by_any_column_both_ways(cycle, client, world):
    client.force_login(world.user("national_admin"))

    def order(query: str) -> list[str]:
        return _codes_in_page(client.get(f"/laporan/TEST-2025/?{query}").content.decode())

    assert order("") == ["11.01", "11.71", "12.01"]
    assert order("sort=-self") == ["11.01", "12.01", "11.71"]  # ties keep the code order
    assert order("sort=self") == ["11.71", "11.01", "12.01"]
    assert order("sort=-completion") == ["11.01", "11.71", "12.01"]
    assert order("sort=state") == ["11.71", "11.01", "12.01"]
    assert order("sort=-projected") == ["12.01", "11.01", "11.71"]
    # Nobody has a national score but B1: the others come last in both directions.
    assert order("sort=national") == ["12.01", "11.01", "11.71"]
    assert order("sort=-national") == ["12.01", "11.01", "11.71"]
    assert order("sort=nonsense") == ["11.01", "11.71", "12.01"]


def test_it_links_each_header_to_its_sort_keeping_the_filters(cycle, client, world):
    client.force_login(world.user("national_admin"))
    html = client.get("/laporan/TEST-2025/?province=11&sort=self").content.decode()
    assert 'aria-sort="ascending"><a href="?province=11&amp;sort=-self"' in html
    assert 'href="?province=11&amp;sort=national"' in html
    assert '<input type="hidden" name="province" value="11">' in html
    assert '<input type="hidden" name="sort" value="self">' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=11", ["11.01", "11.71"]),
        ("state=decided", ["12.01"]),
        ("state=self_assessment", ["11.71"]),
        ("category=padapa", ["11.01"]),
        ("category=none", ["11.71"]),
        ("q=kota", ["11.71"]),
        ("q=satu&province=12", ["12.01"]),
        ("province=11&category=wistara", []),
        ("state=bogus", ["11.01", "11.71", "12.01"]),  # an invalid filter is dropped, not an error
    ],
)
def test_it_filters_the_table(cycle, client, world, query, expected):
    client.force_login(world.user("national_admin"))
    assert _codes_in_page(client.get(f"/laporan/TEST-2025/?{query}").content.decode()) == expected


def test_it_answers_htmx_with_the_table_only(cycle, client, world):
    client.force_login(world.user("national_admin"))
    html = client.get("/laporan/TEST-2025/?sort=-self", headers={"HX-Request": "true"}).content.decode()
    assert "<table" in html and "<html" not in html and "province-grid" not in html


def test_it_shows_the_province_grid_filtering_the_table(cycle, client, world):
    client.force_login(world.user("national_admin"))
    html = client.get("/laporan/TEST-2025/?province=11").content.decode()
    assert 'href="?province=11#regencies" aria-current="true"' in html
    assert "band-q1" in html and "band-done" in html


def test_it_exports_the_filtered_sorted_table_to_xlsx(cycle, client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.user("national_admin"))
    response = _export(client, {"province": "11", "sort": "-self"})
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    header, *rows = _xlsx(response)
    assert header[:5] == ("Province code", "Province", "Regency code", "Regency/city", "State")
    assert header[-3:] == ("Target", "Projected category", "Final category")
    assert rows == [
        (
            "11",
            "PROVINSI A",
            "11.01",
            "KABUPATEN A SATU",
            "Verified by the province",
            40.0,
            100.0,
            75.0,
            None,
            75.0,
            100.0,
            100.0,
            "Wiwerda",
            "Padapa",
            None,
        ),
        (
            "11",
            "PROVINSI A",
            "11.71",
            "KOTA A DUA",
            "Self-assessment",
            20.0,
            25.0,
            None,
            None,
            25.0,
            0.0,
            50.0,
            "Wiwerda",
            None,
            None,
        ),
    ]


def test_it_exports_a_decided_regency_with_its_final_category(cycle, client, world):
    client.force_login(world.user("national_verifier"))
    _header, row = _xlsx(_export(client, {"state": "decided"}))
    assert row[2] == "12.01" and row[-2:] == ("Wistara", "Wistara")


def test_it_writes_the_xlsx_headers_in_the_users_language(cycle, client, world):
    client.force_login(world.user("national_admin"))
    header, *_rows = _xlsx(_export(client))
    assert header[1] == "Provinsi"


def test_it_serves_the_rows_in_the_api_with_the_same_filters(cycle, client, world):
    client.force_login(world.user("national_verifier"))
    rows = client.get("/api/v1/reports/TEST-2025/regencies?sort=-projected&province=11").json()
    assert [r["regency_code"] for r in rows] == ["11.01", "11.71"]
    first = rows[0]
    assert first["status"] == "provincial_verified" and first["projected_category"] == "padapa"
    scores = (first["self_score"], first["provincial_score"], first["national_score"])
    assert scores == ("100.00", "75.00", None)
    assert client.get("/api/v1/reports/TEST-2025/regencies?sort=bogus").status_code == 400
    provinces = client.get("/api/v1/reports/TEST-2025/provinces").json()
    assert provinces[0] == {
        "code": "11",
        "name": "PROVINSI A",
        "regencies": 2,
        "registered": 2,
        "submitted": 1,
        "verified": 1,
        "decided": 0,
        "average_score": "50.00",
        "progress": "27.50",
    }


def test_it_pages_the_table_keeping_filters_and_sort(cycle, client, world, monkeypatch):
    from wistara.reports import table

    monkeypatch.setattr(table, "PAGE_SIZE", 2)
    client.force_login(world.user("national_admin"))
    first = client.get("/laporan/TEST-2025/?sort=-self").content.decode()
    assert _codes_in_page(first) == ["11.01", "12.01"]
    assert 'href="?sort=-self&amp;page=2"' in first
    second = client.get("/laporan/TEST-2025/?sort=-self&page=2").content.decode()
    assert _codes_in_page(second) == ["11.71"]


def test_it_prints_percentages_in_the_users_language(cycle, client, world, settings):
    client.force_login(world.user("national_admin"))
    assert "75,0%" in client.get("/laporan/TEST-2025/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "75.0%" in client.get("/laporan/TEST-2025/").content.decode()


def test_it_opens_the_latest_cycles_dashboards_without_a_cycle_in_the_url(cycle, client, world):
    client.force_login(world.user("provincial_verifier"))
    assert set(_codes_in_page(client.get("/laporan/").content.decode())) == {"11.01", "11.71"}
    assert set(_codes_in_page(client.get("/laporan/provinsi/11/").content.decode())) == {"11.01", "11.71"}
    assert client.get("/laporan/provinsi/12/").status_code == 404
    client.force_login(world.user("regency_coordinator"))
    assert client.get("/laporan/").status_code == 404
