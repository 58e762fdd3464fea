"""The access matrix: every URL and API endpoint, every role, own versus other tenant.

The URL list is read from the URL configuration and the OpenAPI schema, so a new URL without a
rule here fails `test_it_has_a_rule_for_every_url`. Who may see which tenant is written out
below independently of wistara.accounts.access, so the two must agree.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api

pytestmark = pytest.mark.django_db

ROLES = [
    "national_admin", "national_verifier", "provincial_verifier", "regency_coordinator",
    "opd_operator", "leader", "other_coordinator", "no_role",
]
ALL_REGENCIES = {"11.01", "11.71", "12.01"}
VISIBLE_REGENCIES = {
    "national_admin": ALL_REGENCIES, "national_verifier": ALL_REGENCIES,
    "provincial_verifier": {"11.01", "11.71"},
    "regency_coordinator": {"11.01"}, "opd_operator": {"11.01"}, "leader": {"11.01"},
    "other_coordinator": {"12.01"}, "no_role": set(),
}
VISIBLE_PROVINCES = {
    "national_admin": {"11", "12"}, "national_verifier": {"11", "12"},
    "provincial_verifier": {"11"},
}
REGENCY_NAMES = {"11.01": "KABUPATEN A SATU", "11.71": "KOTA A DUA", "12.01": "KABUPATEN B SATU"}


@dataclass(frozen=True)
class Rule:
    """kind: public | signed_in | reference | province | regency | own_token."""

    kind: str
    method: str = "GET"
    params: tuple = ()


PAGES = {
    "home": Rule("signed_in"),
    "accounts:login": Rule("public"),
    "accounts:logout": Rule("public", "POST"),
    "accounts:profile": Rule("signed_in"),
    "accounts:password-change": Rule("signed_in"),
    "accounts:password-change-done": Rule("signed_in"),
    "accounts:token-create": Rule("signed_in", "POST"),
    "accounts:token-revoke": Rule("own_token", "POST", ("token_id",)),
    "regions:province-detail": Rule("province", params=("code",)),
    "regions:regency-detail": Rule("regency", params=("code",)),
    "instruments:version-list": Rule("reference"),
    "instruments:version-detail": Rule("reference", params=("code",)),
    "instruments:section-detail": Rule("reference", params=("code", "section_code")),
}
REFERENCE_ARGS = {
    "instruments:version-detail": "/instrumen/TEST-2025/",
    "instruments:section-detail": "/instrumen/TEST-2025/T1/",
}

API = {
    "/api/v1/me": Rule("signed_in"),
    "/api/v1/regions/provinces": Rule("reference"),
    "/api/v1/regions/regencies": Rule("reference"),
    "/api/v1/regions/regencies/{code}/districts": Rule("reference"),
    "/api/v1/regions/districts/{code}/villages": Rule("reference"),
    "/api/v1/workspaces/provinces": Rule("signed_in"),
    "/api/v1/workspaces/provinces/{code}": Rule("province"),
    "/api/v1/workspaces/regencies": Rule("signed_in"),
    "/api/v1/workspaces/regencies/{code}": Rule("regency"),
    "/api/v1/instruments": Rule("reference"),
    "/api/v1/instruments/{code}": Rule("reference"),
    "/api/v1/instruments/{code}/sections/{section_code}": Rule("reference"),
}
API_REFERENCE_ARGS = {
    "/api/v1/regions/regencies/{code}/districts": "/api/v1/regions/regencies/12.01/districts",
    "/api/v1/regions/districts/{code}/villages": "/api/v1/regions/districts/12.01.01/villages",
    "/api/v1/instruments/{code}": "/api/v1/instruments/TEST-2025",
    "/api/v1/instruments/{code}/sections/{section_code}":
        "/api/v1/instruments/TEST-2025/sections/K1",
}
SKIPPED_NAMESPACES = {"admin", "api"}  # admin: test_admin below; api: read from OpenAPI


def _page_patterns(patterns=None, prefix="", namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _page_patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name and entry.name != "set_language":
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), prefix + str(entry.pattern)


def _api_paths() -> set[str]:
    return {"/api/v1" + path.removeprefix("/api/v1") for path in api.get_openapi_schema()["paths"]}


def test_it_has_a_rule_for_every_url():
    assert {name for name, _ in _page_patterns()} == set(PAGES)
    assert _api_paths() == set(API)


def _tenant_urls(rule: Rule, template: str) -> dict[str, str]:
    """URL per tenant code for a page or API path whose one parameter is the tenant code."""
    codes = ALL_REGENCIES if rule.kind == "regency" else {"11", "12"}
    if template.startswith("/api/"):
        return {code: template.replace("{code}", code) for code in codes}
    return {code: "/" + template.replace("<str:code>", code) for code in codes}


def _visible(role: str, rule: Rule) -> set[str]:
    if rule.kind == "regency":
        return VISIBLE_REGENCIES[role]
    return VISIBLE_PROVINCES.get(role, set())


def _assert_no_leak(response, role: str) -> None:
    body = response.content.decode()
    for code, name in REGENCY_NAMES.items():
        if code not in VISIBLE_REGENCIES[role]:
            assert name not in body, f"{role} sees {name}"


TENANT_CASES = [(name, t, r) for name, t in _page_patterns() if (r := PAGES.get(name))
                and r.kind in ("province", "regency")]
TENANT_CASES += [(path, path, rule) for path, rule in API.items()
                 if rule.kind in ("province", "regency")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "template", "rule"), TENANT_CASES, ids=lambda v: str(v)[:40])
def test_it_shows_a_tenant_object_only_to_its_tenant(world, client, role, name, template, rule):
    client.force_login(world.user(role))
    for code, url in _tenant_urls(rule, template).items():
        response = client.get(url)
        expected = 200 if code in _visible(role, rule) else 404
        assert response.status_code == expected, (role, url, response.status_code)
        if expected == 200:
            _assert_no_leak(response, role)


def _plain_urls():
    for name, template in _page_patterns():
        rule = PAGES[name]
        if rule.kind in ("signed_in", "reference") and rule.method == "GET":
            yield REFERENCE_ARGS.get(name, "/" + template)
    for path, rule in API.items():
        if rule.kind in ("signed_in", "reference"):
            yield API_REFERENCE_ARGS.get(path, path)


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_signed_in_pages_without_other_tenants(world, client, role):
    client.force_login(world.user(role))
    for url in _plain_urls():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (role, url)
        if "/regions/" not in url:  # the region list is open reference data by design
            _assert_no_leak(response, role)


def test_it_asks_anonymous_visitors_to_sign_in(world, client):
    for name, template in _page_patterns():
        rule = PAGES[name]
        if rule.kind == "public" or rule.method != "GET":
            continue
        url = REFERENCE_ARGS.get(name, "/" + template.replace("<str:code>", "11.01"))
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], url
    for path in API:
        url = API_REFERENCE_ARGS.get(path, path.replace("{code}", "11.01"))
        assert client.get(url).status_code == 401, url


def test_it_never_revokes_another_users_token(world, client):
    from wistara.accounts.services import api_token_create

    token, _secret = api_token_create(user=world.user("other_coordinator"), name="script")
    client.force_login(world.user("regency_coordinator"))
    assert client.post(f"/akun/token/{token.id}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_admin_to_national_admins_only(world, client, role):
    client.force_login(world.user(role))
    for url in ("/admin/", "/admin/accounts/user/", "/admin/regions/regency/"):
        response = client.get(url)
        if role == "national_admin":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url
