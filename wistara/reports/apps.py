from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "wistara.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the dashboard export's job runner
