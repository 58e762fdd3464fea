from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: the admin can look at the trail but never add, change or delete an event."""

    list_display = [
        "sequence",
        "occurred_at",
        "action",
        "actor_username",
        "object_type",
        "object_id",
        "regency_id",
        "cycle_code",
    ]
    list_filter = ["action", "cycle_code"]
    search_fields = ["=object_id", "actor_username", "action"]
    ordering = ["-sequence"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["sequence", "occurred_at", "action", "actor_id", "actor_username"]}),
        (
            _("Object"),
            {"fields": ["object_type", "object_id", "regency_id", "province_id", "cycle_code", "payload"]},
        ),
        (_("Hash chain"), {"fields": ["prev_hash", "hash"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
