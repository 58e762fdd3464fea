from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations (issue 14): backups that restore, /healthz, the worker's heartbeat."""

    name = "wistara.ops"
    label = "ops"
    verbose_name = _("Operations")
