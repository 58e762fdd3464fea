import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.assessments.models import Response
from wistara.evidence import services
from wistara.instruments.models import Indicator
from wistara.testing.assessments import register

from ..models import IndicatorWords

# What each test indicator's evidence is about: the small test instrument's own texts say nothing.
WORDS = {
    "T1.1": "pengawasan kualitas air minum sarana air bersih pemeriksaan sampel air laboratorium",
    "T1.2": "pengelolaan sampah rumah tangga bank sampah daur ulang tempat pembuangan akhir",
    "T2.1": "posyandu balita penimbangan imunisasi kader gizi pemberian makanan tambahan",
    "T2.2": "ruang terbuka hijau taman kota pohon penghijauan jalur pejalan kaki",
    "K1.1": "surat keputusan tim pembina susunan keanggotaan rapat koordinasi",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def registration(world):
    registration = register(world.regency_a1)
    for code, words in WORDS.items():
        IndicatorWords.objects.create(
            indicator=Indicator.objects.get(code=code, section__version=registration.cycle.instrument),
            words=words,
        )
    return registration


def response_of(registration, office, code: str) -> Response:
    response = registration.responses.select_related(
        "registration__cycle__instrument", "registration__regency", "indicator"
    ).get(indicator__code=code)
    Response.objects.filter(pk=response.pk).update(office=office)
    response.office = office
    return response


@pytest.fixture
def response(registration, world) -> Response:
    """T1.1 (drinking water) of regency A1, the opd_operator's office Dinkes."""
    return response_of(registration, world.office_a1, "T1.1")


@pytest.fixture
def checked(django_capture_on_commit_callbacks, world):
    """Upload a file and let the worker (the immediate backend in tests) check it after the commit."""

    def _upload(response, content: bytes, *, name="laporan.pdf", year=2024, kind="report", user=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.evidence_upload(
                response=response,
                uploaded_file=SimpleUploadedFile(name, content),
                data_year=year,
                kind=kind,
                user=user or world.user("opd_operator"),
            )

    return _upload
