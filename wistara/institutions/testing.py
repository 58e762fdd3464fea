"""Test support: the full 16-item kelembagaan of the 2025 instrument on the small test instrument."""

from wistara.instruments.models import Indicator, InstrumentVersion, ScaleOption, Section

ELEMENTS = [("sk", "SK", (100, 0)), ("rencana_kerja", "Rencana Kerja", (100, 50, 0)),
            ("anggaran", "Anggaran", (100, 50, 0)), ("sekretariat", "Sekretariat", (100, 0))]
BODIES = [("K1", "tim_pembina", "Tim Pembina"), ("K2", "forum", "Forum Kabupaten/Kota"),
          ("K3", "fkk", "Forum Komunikasi Kecamatan"), ("K4", "pokja", "Pokja Desa/Kelurahan")]


def full_kelembagaan(version: InstrumentVersion) -> list[Indicator]:
    """Give `version` the four bodies x four elements (K1.1 ... K4.4), keeping what exists."""
    last = version.sections.order_by("-order").first()
    order = (last.order + 1) if last else 0
    out = []
    for number, (code, body, name) in enumerate(BODIES, start=1):
        section, created = Section.objects.get_or_create(
            version=version, code=code,
            defaults={"kind": "kelembagaan", "number": 100 + number, "name": name, "body": body,
                      "order": order})
        order += created
        for position, (element, title, points) in enumerate(ELEMENTS, start=1):
            indicator, made = Indicator.objects.get_or_create(
                section=section, number=position,
                defaults={"code": f"{code}.{position}", "name": title, "order": position,
                          "element": element, "data_source": "Bappeda"})
            if made:
                for place, value in enumerate(points, start=1):
                    ScaleOption.objects.create(indicator=indicator, position=place, points=value,
                                               description=f"Nilai {value}")
            out.append(indicator)
    return out
