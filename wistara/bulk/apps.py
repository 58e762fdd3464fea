from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkConfig(AppConfig):
    name = "wistara.bulk"
    label = "bulk"
    verbose_name = _("Bulk changes")
