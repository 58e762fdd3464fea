"""Issue 13: the version's award settings as the decision, the dashboards and the ODF page read
them, on a registration taken through the services (ODF entry, reviews, past awards)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wistara.assessments.models import Registration
from wistara.assessments.selectors import registration_progress
from wistara.assessments.selectors_odf import odf_gate, odf_summary
from wistara.assessments.services import registration_create
from wistara.assessments.services.odf import odf_set
from wistara.audit.models import AuditEvent
from wistara.awards.services import past_award_save
from wistara.instruments.models import AwardCategory, InstrumentVersion
from wistara.instruments.services import award_settings_update
from wistara.regions.models import Regency
from wistara.reports.selectors import cycle_overview
from wistara.testing.assessments import open_test_cycle
from wistara.verification.awards import accepted_documents, award_result, result_as_dict, what_if
from wistara.verification.services import decision_record, review_record

from .conftest import build_rounds

pytestmark = pytest.mark.django_db

DESA, KEL = "11.01.01.2001", "11.01.01.1001"
DAY = date(2024, 8, 17)


def _version() -> InstrumentVersion:
    return InstrumentVersion.objects.get(code="TEST-2025")


def _settings(**values) -> None:
    award_settings_update(version=_version(), values=values)


def _fresh(registration: Registration) -> Registration:
    return Registration.objects.select_related("cycle__instrument", "regency").get(pk=registration.pk)


def _row(registration: Registration):
    [row] = cycle_overview(
        cycle=_fresh(registration).cycle, regencies_qs=Regency.objects.filter(pk=registration.regency_id)
    )
    return row


def _both_odf(registration: Registration) -> None:
    for code in (DESA, KEL):
        odf_set(registration=registration, village_code=code, is_odf=True, verified_on=DAY, user=None)


@pytest.fixture
def paripurna(world, media):
    """Everything at 100 and ODF everywhere; Wistara the period before (a past award); the
    province accepted every item but T1.1, which it returned."""
    version = _version()
    AwardCategory.objects.create(
        version=version,
        code="wistara-paripurna",
        name="Wistara Paripurna",
        rank=4,
        min_score=91,
        min_odf_percent=100,
        previous_categories=["wistara", "wistara-paripurna"],
    )
    past_award_save(regency_code="11.01", year=2023, category="wistara", user=world.user("national_admin"))
    return build_rounds(world, returned=("T1.1",), before_submit=_both_odf)


def test_paripurna_needs_the_items_documents_accepted_by_a_verifier(paripurna):
    registration = paripurna.registration
    assert award_result(_fresh(registration)).reached.code == "wistara-paripurna"  # no condition set
    _settings(paripurna_ip_spm_indicator="T1.2", paripurna_innovation_indicator="T1.1")
    registration = _fresh(registration)
    # T1.2 has its file and the province accepted it; T1.1's latest review asks for a correction.
    assert accepted_documents(registration) == frozenset({"ip_spm"})
    result = award_result(registration)
    assert result.reached.code == "wistara"
    [unmet] = result.check_for("wistara-paripurna").unmet
    assert unmet.condition == "document"
    with translation.override("en"):
        assert "(item T1.1)" in unmet.message and "Paripurna's further conditions" in unmet.message
    assert _row(registration).projected.code == "wistara"  # the dashboards read the same

    paripurna.fix("T1.1")
    paripurna.resubmit()
    t11 = paripurna.item("T1.1")
    review_record(
        response=t11,
        level="provincial",
        user=paripurna.verifier,
        verdict="accepted",
        option_id=t11.indicator.options.get(points=100).id,
    )
    registration = _fresh(registration)
    assert accepted_documents(registration) == frozenset({"ip_spm", "innovation"})
    assert award_result(registration).reached.code == "wistara-paripurna"
    assert _row(registration).projected.code == "wistara-paripurna"


def test_the_regencys_own_projection_reads_its_history_and_documents(paripurna, login):
    """The regency's dashboard, the API's progress and the leader's card agree with the decision
    and the national dashboard: the past Wistara and the accepted documents count there too."""
    registration = _fresh(paripurna.registration)
    _settings(paripurna_ip_spm_indicator="T1.2")  # accepted by the province (fixture)
    path = f"{registration.regency.code}/{registration.cycle.code}"
    client = login(paripurna.world.user("regency_coordinator"))
    progress = client.get(f"/api/v1/assessments/registrations/{path}/progress").json()
    assert progress["projected_category"] == "wistara-paripurna"
    assert registration_progress(_fresh(registration)).award.reached.code == "wistara-paripurna"
    _settings(paripurna_innovation_indicator="T1.1")  # returned for correction: not accepted
    progress = client.get(f"/api/v1/assessments/registrations/{path}/progress").json()
    assert progress["projected_category"] == "wistara"
    [paripurna_check] = [c for c in progress["categories"] if c["category"] == "wistara-paripurna"]
    assert any("T1.1" in message for message in paripurna_check["unmet"])


def test_the_odf_share_follows_the_denominator_everywhere(world):
    cycle = open_test_cycle()
    registration = registration_create(
        cycle=cycle,
        regency=world.regency_a1,
        target_category="padapa",
        district_codes=["11.01.01"],
        village_codes=[DESA],
        contacts=[{"name": "Kontak", "phone": "0812"}],
        allow_late=True,
    )
    odf_set(registration=registration, village_code=KEL, is_odf=True, verified_on=DAY, user=None)
    # Every desa/kelurahan (the default): 1 of 2; the lokus alone (DESA): 0 of 1.
    assert award_result(_fresh(registration)).odf_percent == Decimal("50.00")
    assert _row(registration).odf_percent == Decimal("50.00")
    _settings(odf_denominator="lokus")
    registration = _fresh(registration)
    assert award_result(registration).odf_percent == Decimal("0.00")
    assert _row(registration).odf_percent == Decimal("0.00")
    assert registration_progress(registration).odf_percent == Decimal("0.00")  # its dashboard
    met, needed, actual = odf_gate(registration, odf_summary(registration))
    assert (met, needed, actual) == (False, Decimal(80), Decimal("0.00"))
    with translation.override("en"):
        odf = award_result(registration).check_for("padapa").unmet
        assert any("over the lokus villages" in u.message for u in odf if u.condition == "odf")


def test_a_village_claimed_odf_counts_only_when_claimed_status_counts(world):
    cycle = open_test_cycle()
    registration = registration_create(
        cycle=cycle,
        regency=world.regency_a1,
        target_category="padapa",
        district_codes=["11.01.01"],
        village_codes=[DESA, KEL],
        contacts=[{"name": "Kontak", "phone": "0812"}],
        allow_late=True,
    )
    with pytest.raises(ValidationError):  # claimed status counts (the default): a date is needed
        odf_set(registration=registration, village_code=KEL, is_odf=True, verified_on=None, user=None)
    _settings(odf_status="verified")
    registration = _fresh(registration)
    odf_set(registration=registration, village_code=DESA, is_odf=True, verified_on=DAY, user=None)
    odf_set(registration=registration, village_code=KEL, is_odf=True, verified_on=None, user=None)
    assert award_result(registration).odf_percent == Decimal("50.00")  # KEL not verified yet
    assert _row(registration).odf_percent == Decimal("50.00")
    _settings(odf_status="claimed")
    assert award_result(_fresh(registration)).odf_percent == Decimal("100.00")


def test_the_what_if_reads_the_band_edge(world):
    registration = registration_create(
        cycle=open_test_cycle(),
        regency=world.regency_a1,
        target_category="padapa",
        district_codes=["11.01.01"],
        village_codes=[DESA],
        contacts=[{"name": "Kontak", "phone": "0812"}],
        allow_late=True,
    )
    # Nothing answered: four tatanan items of 100 each; Padapa starts at 71 %.
    assert what_if(_fresh(registration)).points_needed == 284  # 284 / 400 = 71.00 %
    _settings(band_edge="exclusive")
    assert what_if(_fresh(registration)).points_needed == 285  # 71.25 % is the first above 71


def test_a_decision_fixes_the_settings_it_read(world):
    registration = registration_create(
        cycle=open_test_cycle(),
        regency=world.regency_a1,
        target_category="padapa",
        district_codes=["11.01.01"],
        village_codes=[DESA],
        contacts=[{"name": "Kontak", "phone": "0812"}],
        allow_late=True,
    )
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.FIELD_VALIDATION)
    decision = decision_record(
        registration=registration,
        category_code=None,
        reason="Di bawah Padapa.",
        user=world.user("national_admin"),
    )
    assert _version().rules_used_at is not None
    # The stored result is the engine's on the rules the decision fixed, computed under their lock.
    assert decision.engine_result == result_as_dict(award_result(_fresh(registration)))
    fixed = AuditEvent.objects.filter(
        object_type="instruments.instrumentversion", object_id=str(_version().pk)
    )
    assert any("rules_used_at" in str(event.payload) for event in fixed)  # the trail says when
    with pytest.raises(ValidationError):
        _settings(band_edge="exclusive")
    assert _version().band_edge == "inclusive"


def test_the_engine_rules_come_from_the_version(world):
    from wistara.assessments.selectors import rules_for

    _settings(
        band_edge="exclusive",
        percent_rounding="truncate",
        percent_decimals=1,
        min_tatanan_percent=Decimal(40),
        kelembagaan_pass_mark=Decimal(55),
    )
    rules = rules_for(_version())
    assert (
        rules.band_edge,
        rules.rounding,
        rules.decimals,
        rules.min_tatanan_percent,
        rules.kelembagaan_pass_mark,
    ) == ("exclusive", "truncate", 1, Decimal(40), Decimal(55))
    assert [c.code for c in rules.categories] == ["padapa", "wiwerda", "wistara"]
