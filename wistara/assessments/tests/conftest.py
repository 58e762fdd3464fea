import pytest

from wistara.testing.assessments import register


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


@pytest.fixture
def response(registration, world):
    """T1.1 of regency A1, assigned to the operator's office (Dinkes)."""
    item = registration.responses.get(indicator__code="T1.1")
    item.office = world.office_a1
    item.save()
    return item
