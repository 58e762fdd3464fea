"""Kampar's dossier (general data, overview, two narratives, funding) and Riau's own documents.

Each part is made only when missing, so that `seed_demo` can run again and again."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.dossier import services
from wistara.dossier.models import GeneralData, ProvincialDossier

from .files import demo_pdf

OVERVIEW = """<h2>Letak dan wilayah</h2>
<p>Kabupaten Kampar terletak di bagian barat Provinsi Riau, dilintasi Sungai Kampar dan Sungai Siak,
dengan 21 kecamatan dan 250 desa/kelurahan. Sebagian besar penduduk bekerja di sektor perkebunan,
pertanian dan perdagangan.</p>
<h2>Arah program Kabupaten Sehat</h2>
<p>Program Kabupaten Sehat dikoordinasikan oleh Tim Pembina yang diketuai Sekretaris Daerah dan
dijalankan bersama <strong>Forum Kampar Sehat</strong>, Forum Komunikasi Kecamatan dan Pokja
Desa/Kelurahan Sehat. Prioritas periode ini: desa Stop BABS, pasar sehat, dan sekolah sehat.</p>
<ul><li>Seluruh kecamatan lokus memiliki FKK dengan SK Camat yang masih berlaku.</li>
<li>Rapat koordinasi Tim Pembina diadakan setiap triwulan.</li></ul>"""

NARRATIVES = {
    "T1": """<p>Tatanan Kehidupan Masyarakat Sehat Mandiri dijalankan melalui Posyandu aktif di setiap desa
lokus, Desa Siaga, dan gerakan Stop BABS bersama Pokja desa. Cakupan Posyandu aktif naik dari 78% pada
2023 menjadi 86% pada 2024.</p><p>Kendala utama adalah jarak desa terpencil; Dinas Kesehatan menambah
jadwal Posyandu keliling di tiga kecamatan.</p>""",
    "T4": """<p>Pasar Bangkinang dan Pasar Air Tiris ditata ulang: drainase diperbaiki, tempat cuci tangan
ditambah, dan pedagang daging dilatih higiene. Pengawasan bersama Disperindag dan Dinas Kesehatan
dilakukan setiap bulan.</p>""",
}

FUNDING = [
    (2023, "apbd", "T1", "Dinkes", "Pembinaan Posyandu dan Desa Siaga", "425000000"),
    (2024, "apbd", "T1", "Dinkes", "Pembinaan Posyandu dan Desa Siaga", "480000000"),
    (2024, "apbdes", "T1", "", "Kegiatan Pokja Desa Sehat di 18 desa lokus", "216000000"),
    (2023, "apbd", "T4", "Disperindag", "Revitalisasi sanitasi Pasar Bangkinang", "1150000000"),
    (2024, "csr", "T2", "", "Jamban sehat keluarga (CSR perusahaan perkebunan)", "350000000"),
    (2024, "swadaya", "", "", "Gotong royong kebersihan lingkungan", "75000000"),
]


def _general(registration: Registration, user: User) -> None:
    if GeneralData.objects.filter(regency=registration.regency, revision__gt=0).exists():
        return
    services.general_data_update(
        regency=registration.regency,
        user=user,
        base_revision=0,
        data={
            "leader_name": "Bupati Kampar (demo)",
            "leader_office_address": "Jl. Jend. Sudirman No. 1, Bangkinang",
            "tim_pembina_chair": "Sekretaris Daerah Kabupaten Kampar",
            "forum_name": "Forum Kampar Sehat",
            "forum_chair": "Ketua TP-PKK Kabupaten Kampar",
            "forum_address": "Jl. Prof. M. Yamin, Bangkinang",
            "forum_phone": "0762-20001",
            "forum_email": "forum.kamparsehat@demo.wistara.id",
            "area_km2": "10.983,47",
            "population": "870.000",
            "population_year": "2024",
            "contacts": [{"name": "Sekretariat Tim Pembina", "position": "Bappeda", "phone": "0762-20000"}],
        },
    )


def _narratives(registration: Registration, user: User) -> None:
    if registration.narratives.exists():
        return
    services.narrative_save(
        registration=registration, section=None, user=user, base_revision=0, body=OVERVIEW
    )
    for code, body in NARRATIVES.items():
        section = registration.cycle.instrument.sections.get(code=code)
        services.narrative_save(
            registration=registration, section=section, user=user, base_revision=0, body=body
        )


def _funding(registration: Registration, user: User) -> None:
    if registration.funding.exists():
        return
    offices = {o.short_name: o.id for o in registration.regency.offices.all()}
    for year, source, section, office, activity, amount in FUNDING:
        row = services.funding_create(
            registration=registration,
            user=user,
            data={
                "data_year": year,
                "source": source,
                "section": section,
                "office": offices.get(office),
                "activity": activity,
                "amount": amount,
            },
        )
        title = f"DPA {activity} {year}"
        services.funding_evidence_upload(
            funding=row,
            user=user,
            title=title,
            uploaded_file=SimpleUploadedFile(f"{title}.pdf", demo_pdf(title), content_type="application/pdf"),
        )


def _province(registration: Registration) -> None:
    province, cycle = registration.regency.province, registration.cycle
    if ProvincialDossier.objects.filter(province=province, cycle=cycle).exists():
        return
    user = User.objects.get(username="verifikator.riau")
    for kind, title in (
        ("decree", "SK Gubernur tentang Tim Pembina Kabupaten-Kota Sehat Provinsi Riau"),
        ("work_plan", "Rencana Kerja Tim Pembina Provinsi 2025"),
        ("coaching_report", "Laporan pembinaan Kabupaten Kampar"),
    ):
        services.provincial_document_add(
            province=province,
            cycle=cycle,
            user=user,
            kind=kind,
            title=title,
            uploaded_file=SimpleUploadedFile(f"{title}.pdf", demo_pdf(title), content_type="application/pdf"),
        )
    services.provincial_dossier_submit(province=province, cycle=cycle, user=user)


def demo_dossier(registration: Registration) -> None:
    user = User.objects.get(username="koordinator.kampar")
    _general(registration, user)
    _narratives(registration, user)
    _funding(registration, user)
    _province(registration)
