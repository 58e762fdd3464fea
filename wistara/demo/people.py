"""Demo data: one province with two regencies, their offices and a user for every role.

Idempotent: running it again finds what exists and creates only what is missing.
"""

from dataclasses import dataclass

from django.db import transaction

from wistara.accounts import services
from wistara.accounts.models import Office, Role, User
from wistara.regions.models import Province, Regency

DEMO_PASSWORD = "wistara-demo-2025"  # noqa: S105 - printed for the demo, never for real use
PROVINCE_CODE = "14"  # Riau: the seeds' Kampar and Indragiri Hilir run KKS there
REGENCY_CODES = ("14.01", "14.04")


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str


def _user(username: str, full_name: str, position: str) -> User:
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    return services.user_create(
        username=username,
        password=DEMO_PASSWORD,
        full_name=full_name,
        position=position,
        email=f"{username}@demo.wistara.id",
    )


def _grant(logins: list, username: str, full_name: str, position: str, role: str, **scope):
    user = _user(username, full_name, position)
    services.role_grant(user=user, role=role, **scope)
    where = " · ".join(str(scope[key]) for key in ("office", "regency", "province") if key in scope)
    logins.append(DemoLogin(username, str(Role(role).label), where or "Indonesia"))


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    province = Province.objects.get(code=PROVINCE_CODE)
    kampar, inhil = (Regency.objects.get(code=code) for code in REGENCY_CODES)
    for regency in (kampar, inhil):
        services.offices_create_defaults(regency=regency)
    logins: list[DemoLogin] = []
    _grant(logins, "admin", "Admin Nasional", "Direktorat Penyehatan Lingkungan", Role.NATIONAL_ADMIN)
    _grant(logins, "verifikator.nasional", "Verifikator Nasional", "Kemenkes", Role.NATIONAL_VERIFIER)
    _grant(
        logins,
        "verifikator.riau",
        "Verifikator Provinsi Riau",
        "Tim Pembina Provinsi Riau",
        Role.PROVINCIAL_VERIFIER,
        province=province,
    )
    for regency, slug in ((kampar, "kampar"), (inhil, "inhil")):
        dinkes = Office.objects.get(regency=regency, short_name="Dinkes")
        name = regency.short_name.title()
        _grant(
            logins,
            f"koordinator.{slug}",
            f"Sekretariat Tim Pembina {name}",
            "Bappeda",
            Role.REGENCY_COORDINATOR,
            regency=regency,
        )
        _grant(
            logins,
            f"dinkes.{slug}",
            f"Operator Dinkes {name}",
            "Dinas Kesehatan",
            Role.OPD_OPERATOR,
            regency=regency,
            office=dinkes,
        )
        _grant(
            logins,
            f"kadinkes.{slug}",
            f"Kepala Dinas Kesehatan {name}",
            "Kepala Dinas",
            Role.OFFICE_HEAD,
            regency=regency,
            office=dinkes,
        )
        _grant(logins, f"pimpinan.{slug}", f"Sekda {name}", "Sekretaris Daerah", Role.LEADER, regency=regency)
    return logins
