from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceChecksConfig(AppConfig):
    name = "wistara.evidence.checks"
    label = "evidence_checks"
    verbose_name = _("Evidence checks")
