"""Issue 13: the award settings of an instrument version: the service's limits, the refusal once
a decision used them, the YAML round trip, and the page a national admin edits them on."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wistara.audit.models import AuditEvent
from wistara.instruments.importer import InstrumentImportError, load_yaml, normalise_instrument
from wistara.instruments.models import InstrumentVersion
from wistara.instruments.services import (
    award_rules_mark_used,
    award_settings_dict,
    award_settings_update,
    instrument_from_dict,
    instrument_to_dict,
    instrument_to_yaml,
)
from wistara.testing.factories import small_instrument

pytestmark = pytest.mark.django_db

URL = "/instrumen/TEST-2025/aturan-penghargaan/"
CHANGED = {
    "band_edge": "exclusive",
    "score_method": "per_tatanan_mean",
    "min_tatanan_percent": Decimal("55.5"),
    "odf_denominator": "lokus",
    "odf_status": "verified",
    "percent_rounding": "truncate",
    "percent_decimals": 0,
    "kelembagaan_pass_mark": Decimal(70),
    "paripurna_ip_spm_indicator": "T1.1",
    "paripurna_innovation_indicator": "T2.2",
}


@pytest.fixture
def version() -> InstrumentVersion:
    return InstrumentVersion.objects.get(pk=small_instrument().pk)  # its values as stored


def _errors(version, **values) -> dict:
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        award_settings_update(version=version, values=values)
    return caught.value.message_dict


def test_the_defaults_are_the_behaviour_before_the_settings(version):
    assert award_settings_dict(version) == {
        "band_edge": "inclusive",
        "min_tatanan_percent": None,
        "odf_denominator": "all_villages",
        "odf_status": "claimed",
        "percent_rounding": "round",
        "percent_decimals": 2,
        "paripurna_ip_spm_indicator": "",
        "paripurna_innovation_indicator": "",
    }


@pytest.mark.parametrize("decimals", [0, 4])
def test_decimals_from_0_to_4_are_saved(version, decimals):
    award_settings_update(version=version, values={"percent_decimals": decimals})
    assert InstrumentVersion.objects.get(pk=version.pk).percent_decimals == decimals


@pytest.mark.parametrize("decimals", [-1, 5])
def test_decimals_outside_0_to_4_are_refused_in_indonesian(version, decimals):
    assert _errors(version, percent_decimals=decimals) == {
        "percent_decimals": ["Jumlah desimal harus antara 0 dan 4."]
    }
    assert InstrumentVersion.objects.get(pk=version.pk).percent_decimals == 2


@pytest.mark.parametrize(
    ("mark", "ok"),
    [(Decimal(0), True), (Decimal(100), True), (Decimal("100.01"), False), (Decimal("-0.01"), False)],
)
def test_the_pass_mark_is_between_0_and_100(version, mark, ok):
    if ok:
        award_settings_update(version=version, values={"kelembagaan_pass_mark": mark})
        assert InstrumentVersion.objects.get(pk=version.pk).kelembagaan_pass_mark == mark
    else:
        assert _errors(version, kelembagaan_pass_mark=mark) == {
            "kelembagaan_pass_mark": ["Nilai lulus harus antara 0 dan 100."]
        }


def test_a_paripurna_item_must_be_an_indicator_of_the_version(version):
    assert _errors(version, paripurna_ip_spm_indicator="T9.9") == {
        "paripurna_ip_spm_indicator": ["Tidak ada indikator versi ini dengan kode T9.9."]
    }


def test_settings_a_decision_used_never_change(version):
    award_settings_update(version=version, values={"band_edge": "exclusive"})
    award_rules_mark_used(version=version)
    with translation.override("id"), pytest.raises(ValidationError, match="dipakai oleh keputusan"):
        award_settings_update(version=version, values={"band_edge": "inclusive"})
    assert InstrumentVersion.objects.get(pk=version.pk).band_edge == "exclusive"


def test_the_yaml_carries_the_settings_both_ways(version):
    award_settings_update(version=version, values=CHANGED)
    text = instrument_to_yaml(InstrumentVersion.objects.get(pk=version.pk))
    assert "band_edge: exclusive" in text and "paripurna_innovation_indicator: T2.2" in text
    copy = instrument_from_dict(load_yaml(text), code="TEST-2025-B")
    assert award_settings_dict(copy) == award_settings_dict(InstrumentVersion.objects.get(pk=version.pk))
    assert (copy.score_method, copy.kelembagaan_pass_mark) == ("per_tatanan_mean", Decimal(70))
    assert award_settings_dict(copy)["min_tatanan_percent"] == 55.5


def test_a_yaml_without_the_settings_reads_as_the_defaults(version):
    data = instrument_to_dict(version)
    for key in award_settings_dict(version):
        del data["award_rules"][key]
    assert normalise_instrument(data)["award_rules"] == instrument_to_dict(version)["award_rules"]


def test_a_yaml_with_wrong_settings_names_each_problem(version):
    data = instrument_to_dict(version)
    data["award_rules"] |= {
        "band_edge": "kadang",
        "percent_decimals": 7,
        "paripurna_ip_spm_indicator": "T9.9",
    }
    with pytest.raises(InstrumentImportError) as caught:
        normalise_instrument(data)
    assert caught.value.errors == [
        "award_rules: 'percent_decimals' must be a whole number from 0 to 4",
        "award_rules: 'band_edge' must be one of inclusive, exclusive (not 'kadang')",
        "award_rules: 'paripurna_ip_spm_indicator' names no indicator of this instrument ('T9.9')",
    ]


# --- the page -------------------------------------------------------------------------------------

FORM = {
    "band_edge": "exclusive",
    "score_method": "per_indicator",
    "min_tatanan_percent": "",
    "odf_denominator": "lokus",
    "odf_status": "claimed",
    "percent_rounding": "round",
    "percent_decimals": "2",
    "kelembagaan_pass_mark": "65",
    "paripurna_ip_spm_indicator": "",
    "paripurna_innovation_indicator": "",
}


def test_a_national_admin_sees_and_saves_the_settings(world, client):
    client.force_login(world.user("national_admin"))
    page = client.get(URL)
    assert page.status_code == 200
    assert "Inklusif" in page.content.decode()  # the current value, as people read it
    response = client.post(URL, FORM)
    assert response.status_code == 302
    version = InstrumentVersion.objects.get(code="TEST-2025")
    assert (version.band_edge, version.odf_denominator, version.kelembagaan_pass_mark) == (
        "exclusive",
        "lokus",
        Decimal(65),
    )
    # The change is in the audit trail, naming who made it and what it was.
    event = (
        AuditEvent.objects.filter(object_type="instruments.instrumentversion", object_id=str(version.pk))
        .order_by("-sequence")
        .first()
    )
    assert event is not None and event.actor_id == world.user("national_admin").pk
    assert "band_edge" in str(event.payload)


def test_the_page_says_what_is_wrong_and_saves_nothing(world, client):
    client.force_login(world.user("national_admin"))
    response = client.post(URL, FORM | {"percent_decimals": "5", "kelembagaan_pass_mark": "101"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jumlah desimal harus antara 0 dan 4." in body
    assert "Nilai lulus harus antara 0 dan 100." in body
    assert InstrumentVersion.objects.get(code="TEST-2025").band_edge == "inclusive"


def test_the_page_refuses_settings_a_decision_used(world, client):
    award_rules_mark_used(version=InstrumentVersion.objects.get(code="TEST-2025"))
    client.force_login(world.user("national_admin"))
    response = client.post(URL, FORM)
    body = response.content.decode()
    assert response.status_code == 200 and "dipakai oleh keputusan" in body
    assert 'name="band_edge"' not in body  # no form once they are fixed
    assert InstrumentVersion.objects.get(code="TEST-2025").band_edge == "inclusive"


def test_other_roles_read_the_settings_without_a_form(world, client):
    client.force_login(world.user("opd_operator"))
    page = client.get(URL)
    assert page.status_code == 200 and 'name="band_edge"' not in page.content.decode()
    assert client.post(URL, FORM).status_code == 403
