import pytest
from django.core.management import call_command

from wistara.accounts.services import offices_create_defaults
from wistara.assessments.services import office_suggest, responses_assign_section
from wistara.instruments.models import Indicator
from wistara.testing.factories import RegencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kks_2025(db):
    call_command(
        "import_instrument", "wistara/instruments/data/instrumen-kks-2025.xlsx", code="KKS-2025", verbosity=0
    )


@pytest.mark.parametrize(
    ("code", "office"),
    [
        ("T1.1", "Dinkes"),
        ("T2.1", "DLH"),
        ("T3.1", "Disdik"),
        ("T7.1", "Dishub"),
        ("T9.1", "BPBD"),
        ("T8.1", "Dinsos"),
        ("T6.10", "Disparbud"),
        ("T1.29", "DP3A"),
        ("K1.1", "Bappeda"),
    ],
)
def test_it_suggests_the_office_named_in_the_data_source(kks_2025, code, office):
    offices = offices_create_defaults(regency=RegencyFactory())
    indicator = Indicator.objects.get(section__version__code="KKS-2025", code=code)
    assert office_suggest(indicator, offices).short_name == office


def test_it_suggests_an_office_for_most_of_the_real_instrument(kks_2025):
    offices = offices_create_defaults(regency=RegencyFactory())
    indicators = Indicator.objects.filter(section__version__code="KKS-2025")
    suggested = [office_suggest(i, offices) for i in indicators]
    assert sum(o is not None for o in suggested) >= 0.9 * len(suggested)


def test_it_assigns_a_whole_tatanan(registration, world):
    count = responses_assign_section(
        registration=registration,
        section_code="T1",
        office=world.office_a1_other,
        user=world.user("regency_coordinator"),
    )
    assert count == 2
    assert set(
        registration.responses.filter(indicator__section__code="T1").values_list(
            "office__short_name", flat=True
        )
    ) == {"DLH"}


def test_it_refuses_an_office_of_another_regency(registration, world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        responses_assign_section(
            registration=registration, section_code="T1", office=world.office_b1, user=None
        )
