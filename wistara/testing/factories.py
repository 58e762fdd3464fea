import factory
from factory.django import DjangoModelFactory

from wistara.accounts.models import Office, User
from wistara.instruments.models import (
    AwardCategory,
    Indicator,
    InstrumentVersion,
    ScaleOption,
    Section,
)
from wistara.regions.models import District, Province, Regency, Village

TEST_PASSWORD = "correct horse battery staple"  # noqa: S105


class ProvinceFactory(DjangoModelFactory[Province]):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    # 90-98: never a code the test world uses, and two characters however many are made.
    code = factory.Sequence(lambda n: f"{90 + n % 9}")
    name = factory.Sequence(lambda n: f"PROVINSI {n}")


class RegencyFactory(DjangoModelFactory[Regency]):
    class Meta:
        model = Regency
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"{90 + (n // 100) % 9}.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"KABUPATEN UJI {n}")
    kind = Regency.Kind.KABUPATEN


class DistrictFactory(DjangoModelFactory[District]):
    class Meta:
        model = District

    regency = factory.SubFactory(RegencyFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.regency.code}.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")


class VillageFactory(DjangoModelFactory[Village]):
    class Meta:
        model = Village

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}.{2001 + n % 900}")
    name = factory.Sequence(lambda n: f"Desa {n}")
    kind = Village.Kind.DESA


class OfficeFactory(DjangoModelFactory[Office]):
    class Meta:
        model = Office

    regency = factory.SubFactory(RegencyFactory)
    short_name = factory.Sequence(lambda n: f"OPD{n}")
    name = factory.LazyAttribute(lambda o: f"Dinas {o.short_name}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyAttribute(lambda o: o.username.replace(".", " ").title())
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class InstrumentVersionFactory(DjangoModelFactory[InstrumentVersion]):
    class Meta:
        model = InstrumentVersion
        django_get_or_create = ("code",)

    code = "TEST-2025"
    name = "Instrumen Uji 2025"
    award_year = 2025
    data_years = [2023, 2024]


# Which office each test indicator's data source names (Dinkes and DLH exist in regency A1).
SOURCES = {"T1.1": "Dinkes", "T1.2": "DLH", "T2.1": "Dinkes", "T2.2": "DLH", "K1.1": "Bappeda"}


def small_instrument(code: str = "TEST-2025") -> InstrumentVersion:
    """Two tatanan with two indicators each and one kelembagaan component with one item."""
    version = InstrumentVersionFactory.create(code=code)
    for rank, (cat, score, odf) in enumerate(
        (("padapa", 71, 80), ("wiwerda", 81, 90), ("wistara", 91, 100)), start=1
    ):
        AwardCategory.objects.create(
            version=version, code=cat, name=cat.title(), rank=rank, min_score=score, min_odf_percent=odf
        )
    for order, (kind, code_, name) in enumerate(
        (
            ("tatanan", "T1", "Sehat Mandiri"),
            ("tatanan", "T2", "Permukiman"),
            ("kelembagaan", "K1", "Tim Pembina"),
        )
    ):
        section = Section.objects.create(
            version=version,
            kind=kind,
            code=code_,
            number=order + 1,
            name=name,
            order=order,
            body="tim_pembina" if kind == "kelembagaan" else "",
        )
        for number in (1, 2) if kind == "tatanan" else (1,):
            indicator = Indicator.objects.create(
                section=section,
                number=number,
                code=f"{code_}.{number}",
                order=number,
                name=f"Indikator {code_}.{number}",
                definition="Definisi",
                data_source=SOURCES.get(f"{code_}.{number}", "Bappeda"),
                evidence_required="Laporan",
                scale_text="1. Nilai 100 jika baik\n2. Nilai 0 jika tidak",
                element="sk" if kind == "kelembagaan" else "",
            )
            ScaleOption.objects.create(
                indicator=indicator, position=1, points=100, description="Nilai 100 jika baik"
            )
            ScaleOption.objects.create(
                indicator=indicator, position=2, points=0, description="Nilai 0 jika tidak"
            )
    return version
