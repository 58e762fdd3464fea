from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "wistara.dossier"
    label = "dossier"
    verbose_name = _("Dossier")

    def ready(self) -> None:
        # The dossier owns the general data the berita acara prints; the submission (an app below
        # this one) asks its registered gates before letting a regency submit.
        from wistara.verification.selectors_submission import SUBMISSION_GATES

        from .readiness import general_data_gate

        if general_data_gate not in SUBMISSION_GATES:
            SUBMISSION_GATES.append(general_data_gate)
