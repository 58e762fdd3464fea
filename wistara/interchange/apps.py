from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wistara.interchange"
    verbose_name = _("Interchange (workbooks and the national system)")

    def ready(self) -> None:
        from . import bundle  # noqa: F401 - registers the file job runners
