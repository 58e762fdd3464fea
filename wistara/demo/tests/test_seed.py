"""The demo shows every stage: a regency self-assessing and one in the province's second round."""

import pytest
from django.core.management import call_command

from wistara.assessments.models import Registration
from wistara.testing.factories import DistrictFactory, ProvinceFactory, RegencyFactory, VillageFactory
from wistara.verification.selectors_rounds import item_changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def riau(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    province = ProvinceFactory(code="14", name="RIAU")
    for code, name in (("14.01", "KABUPATEN KAMPAR"), ("14.04", "KABUPATEN INDRAGIRI HILIR")):
        regency = RegencyFactory(code=code, province=province, name=name)
        district = DistrictFactory(regency=regency, code=f"{code}.01")
        VillageFactory(district=district, code=f"{code}.01.2001")
    call_command(
        "import_instrument", "wistara/instruments/data/instrumen-kks-2025.xlsx", code="KKS-2025", verbosity=0
    )


def test_it_seeds_a_second_round_of_provincial_verification(riau, capsys):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: the second run finds the rounds done
    inhil = Registration.objects.get(regency__code="14.04")
    assert inhil.status == Registration.Status.PROVINCIAL_REVIEW
    assert inhil.submissions.count() == 2 and inhil.corrections.count() == 1
    changes = {i.response.indicator.code: i for i in item_changes(inhil, "provincial").values()}
    assert sorted(changes) == ["T1.1", "T1.4", "T1.6"]
    assert [c.field for c in changes["T1.1"].fields] == ["value_prev", "value_curr", "unit"]
    assert [e.added for e in changes["T1.6"].evidence] == [True, False]
    assert not changes["T1.4"].changed and changes["T1.4"].review.note
    kampar = Registration.objects.get(regency__code="14.01")
    assert kampar.status == Registration.Status.SELF_ASSESSMENT


def _dump() -> dict:
    """Every row of every Wistara table (and the users), as plain values."""
    from django.apps import apps

    tables = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "contenttypes", "admin"):
            continue
        tables[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return tables


def test_a_second_run_changes_nothing(riau, capsys):
    call_command("seed_demo")
    first = _dump()
    call_command("seed_demo")
    second = _dump()
    changed = {
        label: (len(rows), len(second[label])) for label, rows in first.items() if rows != second[label]
    }
    assert changed == {}
    kampar = Registration.objects.get(regency__code="14.01")
    assert kampar.responses.filter(revision__gt=0).exists()
