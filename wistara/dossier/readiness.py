"""What the dossier must hold before a regency may submit.

The berita acara of every level prints the regency's general data (its Bupati/Walikota, the chair
of its Tim Pembina, its Forum): a regency that submitted without it got minutes with "–" where its
leader's name belongs. So the submission requires those fields (verification.services.submission
asks every registered gate); narratives and funding only warn (workspace.checklist).
"""

from django.utils.translation import gettext as _

from wistara.assessments.models import Registration
from wistara.common.models import field_label

from .models import GeneralData

# The fields the berita acara prints, by the label the general data form gives them.
REQUIRED_FIELDS = ("leader_name", "tim_pembina_chair", "forum_name")


def general_data_missing(registration: Registration) -> list[str]:
    general = GeneralData.objects.filter(regency_id=registration.regency_id).first()
    return [
        str(field_label(GeneralData, name))
        for name in REQUIRED_FIELDS
        if not (general and getattr(general, name).strip())
    ]


def general_data_gate(registration: Registration) -> str | None:
    """The submission gate: a message naming what is missing, or None."""
    missing = general_data_missing(registration)
    if not missing:
        return None
    return _("The general data (data umum) printed in the berita acara is not filled in: %(fields)s.") % {
        "fields": ", ".join(missing)
    }
