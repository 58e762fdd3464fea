from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "wistara.evidence"
    label = "evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        # The upload spool folder is made when a process starts, not when the settings are
        # imported (issue 15): Django's system check (files.E001, run by `check --deploy` and
        # `migrate`) refuses a FILE_UPLOAD_TEMP_DIR that does not exist yet.
        if settings.FILE_UPLOAD_TEMP_DIR:
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
