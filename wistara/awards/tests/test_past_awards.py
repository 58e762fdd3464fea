import pytest
from django.core.exceptions import ValidationError

from wistara.awards.models import PastAward
from wistara.awards.services import past_award_save, past_awards_import_csv
from wistara.verification.awards import award_result, previous_category

pytestmark = pytest.mark.django_db


def test_the_history_rule_reads_a_past_award_of_the_period_before(registration, world):
    admin = world.user("national_admin")
    assert previous_category(registration) is None
    paripurna = award_result(registration).check_for("wistara-paripurna")
    assert any(u.condition == "history" for u in paripurna.unmet)
    past_award_save(regency_code=registration.regency.code, year=2021, category="wistara", user=admin)
    assert previous_category(registration) is None  # two periods before: not "consecutive"
    past_award_save(
        regency_code=registration.regency.code,
        year=2023,
        category="Wistara",
        decree="HK.01.07/MENKES/1234/2023",
        user=admin,
    )
    assert previous_category(registration) == "wistara"
    paripurna = award_result(registration).check_for("wistara-paripurna")
    assert not any(u.condition == "history" for u in paripurna.unmet)


def test_a_csv_for_all_regencies_is_saved_whole_or_refused_with_every_bad_row(registration, world):
    admin = world.user("national_admin")
    good = "kode_wilayah,tahun,kategori,nomor_sk\n11.01,2023,wistara,SK-1\n11.71,2023,wiwerda,SK-2\n"
    assert past_awards_import_csv(text=good, user=admin) == 2
    bad = "kode_wilayah,tahun,kategori\n12.01,2023,padapa\n99.99,2023,wistara\n11.01,dua ribu,emas\n"
    with pytest.raises(ValidationError) as caught:
        past_awards_import_csv(text=bad, user=admin)
    assert [m[:8] for m in caught.value.messages] == ["Baris 3:", "Baris 4:", "Baris 4:"]
    assert PastAward.objects.count() == 2


def test_only_a_national_admin_opens_the_page(world, client):
    client.force_login(world.user("regency_coordinator"))
    assert client.get("/riwayat-penghargaan/").status_code == 403
    client.force_login(world.user("national_admin"))
    assert client.get("/riwayat-penghargaan/").status_code == 200
    answer = client.post("/riwayat-penghargaan/", {"regency": "11.01", "year": "2023", "category": "wistara"})
    assert answer.status_code == 302 and PastAward.objects.get().category == "wistara"


def test_a_decree_number_too_long_is_refused_not_cut(registration, world):
    """Issue 15: typed text over its limit is refused with the row, never shortened."""
    admin = world.user("national_admin")
    with pytest.raises(ValidationError) as caught:
        past_awards_import_csv(text=f"11.01,2023,wistara,{'x' * 201}\n", user=admin)
    assert caught.value.messages == [
        "Baris 1: Paling banyak 200 karakter; isian ini 201 karakter. Persingkat, lalu simpan lagi."
    ]
    with pytest.raises(ValidationError):
        past_award_save(regency_code="11.01", year=2023, category="wistara", decree="x" * 201, user=admin)
    assert not PastAward.objects.exists()
