import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation

from wistara.accounts.access import get_office_for_user, get_regency_for_user, scope_for
from wistara.accounts.models import Role, RoleAssignment
from wistara.accounts.services import role_grant
from wistara.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_role_without_its_scope(world):
    user = UserFactory()
    with pytest.raises(ValidationError):
        role_grant(user=user, role=Role.REGENCY_COORDINATOR)
    with pytest.raises(ValidationError):
        role_grant(user=user, role=Role.NATIONAL_ADMIN, regency=world.regency_a1)
    with pytest.raises(ValidationError):
        role_grant(user=user, role=Role.PROVINCIAL_VERIFIER, regency=world.regency_a1)
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_it_refuses_an_office_of_another_regency(world):
    with translation.override("id"), pytest.raises(ValidationError, match="kabupaten/kota"):
        role_grant(
            user=UserFactory(), role=Role.OPD_OPERATOR, regency=world.regency_a1, office=world.office_b1
        )


def test_it_grants_a_role_once(world):
    user = world.user("leader")
    role_grant(user=user, role=Role.LEADER, regency=world.regency_a1)
    assert RoleAssignment.objects.filter(user=user).count() == 1


def test_it_enforces_scope_rules_in_the_database_too(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=UserFactory(), role=Role.LEADER)


def test_it_lets_a_user_hold_several_roles(world):
    user = world.user("opd_operator")
    role_grant(user=user, role=Role.PROVINCIAL_VERIFIER, province=world.province_b)
    scope = scope_for(user)
    assert scope.sees_regency(world.regency_b1) and scope.sees_regency(world.regency_a1)
    assert not scope.sees_regency(world.regency_a2)


def test_it_answers_404_for_other_tenants_and_403_for_read_only(world):
    leader, coordinator = world.user("leader"), world.user("regency_coordinator")
    with pytest.raises(Http404):
        get_regency_for_user(leader, "12.01")
    with pytest.raises(Http404):
        get_regency_for_user(leader, "99.99")
    assert get_regency_for_user(leader, "11.01") == world.regency_a1
    with pytest.raises(PermissionDenied):
        get_regency_for_user(leader, "11.01", change=True)
    assert get_regency_for_user(coordinator, "11.01", change=True) == world.regency_a1
    with pytest.raises(PermissionDenied):
        get_regency_for_user(world.user("provincial_verifier"), "11.01", change=True)
    with pytest.raises(Http404):
        get_office_for_user(coordinator, world.office_b1.id)
    with pytest.raises(PermissionDenied):
        get_office_for_user(world.user("opd_operator"), world.office_a1.id, change=True)


def test_it_gives_an_operator_only_its_office_work(world):
    scope = scope_for(world.user("opd_operator"))
    assert scope.changes_office_work(world.office_a1)
    assert not scope.changes_office_work(world.office_a1_other)
    assert scope_for(world.user("regency_coordinator")).changes_office_work(world.office_a1_other)
    assert not scope_for(world.user("leader")).changes_office_work(world.office_a1)


def test_it_gives_inactive_users_nothing(world):
    user = world.user("national_admin")
    user.is_active = False
    user.save()
    user.refresh_from_db()
    assert scope_for(user).is_empty
