from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """The deadline scan, its worker task and cron command, and the coordinator's missing list:
    the parts of issue 12 that read the apps above notifications (assessments, institutions)."""

    name = "wistara.reminders"
    label = "reminders"
    verbose_name = _("Reminders")
