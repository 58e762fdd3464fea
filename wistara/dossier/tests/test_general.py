import pytest
from django.core.exceptions import ValidationError

from wistara.assessments.models import Registration
from wistara.assessments.services import ConflictError
from wistara.audit.selectors import audit_events_for
from wistara.dossier.models import GeneralData
from wistara.dossier.selectors import general_data_context, region_counts
from wistara.dossier.services import general_data_update

pytestmark = pytest.mark.django_db
DATA = {
    "leader_name": "H. Ahmad Yani",
    "forum_name": "Forum Kabupaten Sehat A Satu",
    "forum_chair": "Ny. Sari",
    "forum_email": "forum@a1.go.id",
    "area_km2": "1.128,9",
    "population": "851.000",
    "population_year": "2024",
    "contacts": [{"name": "Budi", "phone": "0812"}, {"name": "", "phone": ""}],
}


def test_it_saves_the_general_data_once_for_the_regency(registration, coordinator):
    data = general_data_update(regency=registration.regency, user=coordinator, base_revision=0, data=DATA)
    assert (data.revision, data.forum_name, data.population, str(data.area_km2)) == (
        1,
        "Forum Kabupaten Sehat A Satu",
        851000,
        "1128.90",
    )
    assert data.contacts == [{"name": "Budi", "position": "", "phone": "0812", "email": ""}]
    event = (
        audit_events_for(regency=registration.regency, object_type="dossier.generaldata")
        .exclude(action__startswith="row.")
        .get()
    )  # the rows written are captured too (issue 14)
    assert event.payload["changes"]["forum_chair"] == ["", "Ny. Sari"]


def test_it_counts_kecamatan_and_desa_from_the_region_list_and_the_lokus(registration):
    registration.lokus_villages.set(registration.lokus_villages.filter(kind="desa"))
    counts = region_counts(registration.regency, registration)
    assert (counts.districts, counts.villages, counts.desa, counts.kelurahan) == (1, 2, 1, 1)
    assert (counts.lokus_districts, counts.lokus_villages, counts.lokus_desa) == (1, 1, 1)
    assert general_data_context(registration)["leader_title"] == "Bupati"


def test_it_refuses_a_save_based_on_an_old_revision(registration, coordinator, world):
    general_data_update(regency=registration.regency, user=coordinator, base_revision=0, data=DATA)
    with pytest.raises(ConflictError):
        general_data_update(
            regency=registration.regency,
            user=world.user("national_admin"),
            base_revision=0,
            data={"leader_name": "Orang Lain"},
        )
    assert GeneralData.objects.get(regency=registration.regency).leader_name == "H. Ahmad Yani"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("forum_email", "bukan-surel"),
        ("population", "-5"),
        ("population_year", "1800"),
        ("area_km2", "luas"),
    ],
)
def test_it_refuses_what_is_not_a_value(registration, coordinator, field, value):
    with pytest.raises(ValidationError) as refused:
        general_data_update(
            regency=registration.regency, user=coordinator, base_revision=0, data={field: value}
        )
    assert field in refused.value.message_dict


def test_it_locks_while_the_regency_is_being_verified_and_opens_after_the_decision(registration, coordinator):
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.PROVINCIAL_REVIEW)
    with pytest.raises(ValidationError) as refused:
        general_data_update(regency=registration.regency, user=coordinator, base_revision=0, data=DATA)
    assert refused.value.code == "locked"
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.DECIDED)
    assert (
        general_data_update(
            regency=registration.regency, user=coordinator, base_revision=0, data=DATA
        ).revision
        == 1
    )
