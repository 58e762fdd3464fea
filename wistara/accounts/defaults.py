"""The offices most regencies have, as a starting list that each regency edits."""

# (short name, full name). Names follow the usual nomenclature of kabupaten/kota OPD.
DEFAULT_OFFICES: list[tuple[str, str]] = [
    ("Bappeda", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"),
    ("Dinkes", "Dinas Kesehatan"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("Perkim", "Dinas Perumahan dan Kawasan Permukiman"),
    ("Dishub", "Dinas Perhubungan"),
    ("Dinsos", "Dinas Sosial"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("Disparbud", "Dinas Pariwisata dan Kebudayaan"),
    ("Disdik", "Dinas Pendidikan"),
    ("Disperindag", "Dinas Perindustrian dan Perdagangan"),
    ("Disnaker", "Dinas Tenaga Kerja"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("Satpol PP", "Satuan Polisi Pamong Praja"),
    ("Diskominfo", "Dinas Komunikasi dan Informatika"),
    ("DKPP", "Dinas Ketahanan Pangan dan Pertanian"),
    ("Bagian Hukum", "Bagian Hukum Sekretariat Daerah"),
    ("Forum KKS", "Forum Kabupaten/Kota Sehat"),
]
