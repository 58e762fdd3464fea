"""A small two-province world with one user for every role, for access and view tests.

Province A (11) holds regencies A1 and A2; province B (12) holds regency B1. Users of A must
never see B's objects: that is what "other tenant" means throughout the tests.
"""

from dataclasses import dataclass, field
from typing import Any

from wistara.accounts import services
from wistara.accounts.models import Office, Role, User
from wistara.regions.models import Province, Regency

from .factories import (
    DistrictFactory,
    OfficeFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
    small_instrument,
)

ROLE_USERS = [
    "national_admin",
    "national_verifier",
    "provincial_verifier",
    "regency_coordinator",
    "opd_operator",
    "leader",
]


@dataclass
class World:
    province_a: Province
    province_b: Province
    regency_a1: Regency
    regency_a2: Regency
    regency_b1: Regency
    office_a1: Office
    office_a1_other: Office
    office_b1: Office
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]


def build_world() -> World:
    province_a = ProvinceFactory.create(code="11", name="PROVINSI A")
    province_b = ProvinceFactory.create(code="12", name="PROVINSI B")
    regency_a1 = RegencyFactory.create(code="11.01", province=province_a, name="KABUPATEN A SATU")
    regency_a2 = RegencyFactory.create(code="11.71", province=province_a, name="KOTA A DUA", kind="kota")
    regency_b1 = RegencyFactory.create(code="12.01", province=province_b, name="KABUPATEN B SATU")
    for regency in (regency_a1, regency_a2, regency_b1):
        district = DistrictFactory.create(regency=regency, code=f"{regency.code}.01")
        VillageFactory.create(district=district, code=f"{district.code}.2001")
        VillageFactory.create(district=district, code=f"{district.code}.1001", kind="kelurahan")
    world = World(
        province_a=province_a,
        province_b=province_b,
        regency_a1=regency_a1,
        regency_a2=regency_a2,
        regency_b1=regency_b1,
        office_a1=OfficeFactory.create(regency=regency_a1, short_name="Dinkes"),
        office_a1_other=OfficeFactory.create(regency=regency_a1, short_name="DLH"),
        office_b1=OfficeFactory.create(regency=regency_b1, short_name="Dinkes"),
    )
    scopes: dict[str, dict[str, Any]] = {
        "national_admin": {},
        "national_verifier": {},
        "provincial_verifier": {"province": province_a},
        "regency_coordinator": {"regency": regency_a1},
        "opd_operator": {"regency": regency_a1, "office": world.office_a1},
        "office_head": {"regency": regency_a1, "office": world.office_a1},
        "leader": {"regency": regency_a1},
    }
    for role, scope in scopes.items():
        user = UserFactory.create(username=role.replace("_", "."))
        services.role_grant(user=user, role=Role(role), **scope)
        world.users[role] = user
    other = UserFactory.create(username="coordinator.b")
    services.role_grant(user=other, role=Role.REGENCY_COORDINATOR, regency=regency_b1)
    world.users["other_coordinator"] = other
    world.users["no_role"] = UserFactory.create(username="no.role")
    small_instrument()
    return world
