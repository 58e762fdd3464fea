"""Kampar's institutions and coordination meetings for the demo: a Tim Pembina well documented,
a Forum whose decree is too old (the check flags it), part of the FKK and Pokja recorded, a rakor
held with minutes and action items (one overdue) and the next one scheduled."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from wistara.accounts.models import Office, User
from wistara.assessments.models import Registration
from wistara.institutions import services
from wistara.institutions.models import Institution

from .files import demo_pdf


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(name.rsplit(".", 1)[0]))


def _photo(name: str, taken: str) -> SimpleUploadedFile:
    """A small JPEG with the time and place a time-stamp camera app would write (Bangkinang)."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = taken
    exif.get_ifd(0x8825).update(
        {
            1: "N",
            2: (IFDRational(0), IFDRational(20), IFDRational(24)),
            3: "E",
            4: (IFDRational(101), IFDRational(1), IFDRational(30)),
        }
    )
    buffer = io.BytesIO()
    Image.new("RGB", (480, 320), (46, 125, 90)).save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue())


def demo_institutions(registration: Registration) -> None:
    regency = registration.regency
    if Institution.objects.filter(regency=regency).exists():
        return  # seeded before: seed_demo runs on every `make run`
    user = User.objects.get(username=f"koordinator.{regency.name.split()[-1].lower()}")
    years = sorted(int(y) for y in registration.cycle.data_years)
    offices = {o.short_name: o for o in Office.objects.filter(regency=regency)}

    tim = services.institution_get_or_create(regency=regency, body="tim_pembina", user=user)
    services.institution_update(
        institution=tim,
        user=user,
        base_revision=tim.revision,
        data={"name": tim.name, "address": "Kantor Bappeda, Jl. Prof. M. Yamin SH No. 83, Bangkinang"},
    )
    services.decree_add(
        institution=tim,
        user=user,
        uploaded_file=_pdf("SK Tim Pembina KKS 2022.pdf"),
        data={
            "number": "660/BAPPEDA/123/2022",
            "signed_on": "2022-02-14",
            "signer_name": "Kamsol",
            "signer_authority": "bupati",
            "valid_until": "2026-12-31",
        },
    )
    for name, position, office in (
        ("Sekretaris Daerah", "Ketua", "Bappeda"),
        ("Kepala Bappeda", "Sekretaris", "Bappeda"),
        ("Kepala Dinas Kesehatan", "Anggota", "Dinkes"),
    ):
        services.member_add(
            institution=tim,
            user=user,
            data={
                "name": name,
                "position": position,
                "office": offices[office].id if office in offices else None,
            },
        )
    for year in years:
        services.activity_add(
            institution=tim,
            user=user,
            data={"year": year, "name": "Pembinaan tatanan di kecamatan lokus", "target": "6 kecamatan"},
        )
        services.work_plan_file_set(
            institution=tim,
            user=user,
            data={"year": year},
            uploaded_file=_pdf(f"Rencana kerja Tim Pembina {year}.pdf"),
        )
    services.budget_add(
        institution=tim,
        user=user,
        uploaded_file=_pdf(f"DPA Bappeda {years[-1]}.pdf"),
        data={"year": years[-1], "source": "apbd", "amount": "185.000.000"},
    )
    services.photo_add(
        institution=tim,
        user=user,
        caption="Sekretariat Tim Pembina, Bappeda",
        uploaded_file=_photo("sekretariat-tim-pembina.jpg", f"{years[-1]}:08:12 10:05:00"),
    )

    forum = services.institution_get_or_create(regency=regency, body="forum", user=user)
    services.decree_add(
        institution=forum,
        user=user,
        uploaded_file=_pdf("SK Forum 2013.pdf"),
        data={
            "number": "188.45/2013/77",
            "signed_on": "2013-06-03",
            "signer_name": "Jefry Noer",
            "signer_authority": "bupati",
        },
    )

    for district in registration.lokus_districts.order_by("code")[:3]:
        fkk = services.institution_get_or_create(
            regency=regency, body="fkk", area_code=district.code, user=user
        )
        services.decree_add(
            institution=fkk,
            user=user,
            uploaded_file=_pdf(f"SK FKK {district.name}.pdf"),
            data={
                "number": f"100/{district.code}/2023",
                "signed_on": "2023-04-10",
                "signer_name": f"Camat {district.name.title()}",
                "signer_authority": "camat",
            },
        )
    _meetings(registration, user, offices, tim)


def _meetings(registration: Registration, user: User, offices: dict[str, Office], tim: Institution):
    regency = registration.regency
    now = timezone.localtime()  # meeting hours are the regency's (WIB)
    invited = [o.id for name, o in offices.items() if name in ("Bappeda", "Dinkes", "DLH", "PUPR", "Dishub")]
    held = services.meeting_create(
        regency=regency,
        user=user,
        data={
            "title": "Rakor Tim Pembina KKS: pembagian tugas per tatanan",
            "place": "Aula Bappeda Kampar",
            "starts_at": (now - timedelta(days=12)).replace(hour=9, minute=0).isoformat(),
            "chair": "Sekretaris Daerah, Ketua Tim Pembina KKS",
            "agenda": "1. Capaian penilaian mandiri per tatanan\n2. Pembagian tugas data dukung\n3. Tenggat",
            "invited_offices": invited,
            "invited_institutions": [tim.id],
        },
    )
    rows = list(held.attendance.all())
    services.meeting_attendance_set(
        meeting=held,
        user=user,
        entries=[
            {"id": row.id, "present": index != 2, "represented_by": "Kepala/Sekretaris"}
            for index, row in enumerate(rows)
        ],
    )
    held.refresh_from_db()
    services.meeting_record(
        meeting=held,
        user=user,
        base_revision=held.revision,
        data={
            "minutes": "Capaian penilaian mandiri baru 49% dari target 80%. Setiap perangkat daerah "
            "melengkapi data dukung sesuai tupoksi.",
            "decisions": "Data dukung lengkap paling lambat 16 November; rancangan Perda KKS disiapkan.",
        },
    )
    services.meeting_file_set(
        meeting=held, user=user, which="minutes", uploaded_file=_pdf("Notulen rakor Tim Pembina.pdf")
    )
    services.meeting_file_set(
        meeting=held, user=user, which="attendance", uploaded_file=_pdf("Daftar hadir rakor Tim Pembina.pdf")
    )
    today = timezone.localdate()
    for description, office, due in (
        ("Lengkapi data dukung tatanan 1 (kesehatan)", "Dinkes", -3),
        ("Siapkan rancangan Perda Kabupaten Sehat", "Bappeda", 20),
        ("Foto sekretariat FKK dengan koordinat", "DLH", 5),
    ):
        if office in offices:
            services.action_item_add(
                meeting=held,
                user=user,
                data={
                    "description": description,
                    "office": offices[office].id,
                    "due_on": (today + timedelta(days=due)).isoformat(),
                },
            )
    services.meeting_create(
        regency=regency,
        user=user,
        data={
            "title": "Rakor persiapan verifikasi provinsi",
            "place": "Ruang rapat Sekda",
            "starts_at": (now + timedelta(days=6)).replace(hour=13, minute=30).isoformat(),
            "chair": "Sekretaris Daerah",
            "agenda": "Kesiapan dokumen sebelum verifikasi provinsi",
            "invited_offices": invited,
            "invited_institutions": [tim.id],
        },
    )
