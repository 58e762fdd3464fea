"""Every write to institutions and meetings goes through these functions."""

from .handover import handover
from .kelembagaan import kelembagaan_prefill, plan_prefill
from .meetings import (
    action_item_add,
    action_item_update,
    meeting_attach_evidence,
    meeting_attendance_set,
    meeting_create,
    meeting_file_set,
    meeting_record,
    meeting_update,
)
from .registry import (
    activity_add,
    budget_add,
    decree_add,
    institution_get_or_create,
    institution_update,
    member_add,
    photo_add,
    record_remove,
    record_restore,
    work_plan_file_set,
)

__all__ = [
    "action_item_add",
    "action_item_update",
    "activity_add",
    "budget_add",
    "decree_add",
    "handover",
    "institution_get_or_create",
    "institution_update",
    "kelembagaan_prefill",
    "plan_prefill",
    "meeting_attach_evidence",
    "meeting_attendance_set",
    "meeting_create",
    "meeting_file_set",
    "meeting_record",
    "meeting_update",
    "member_add",
    "photo_add",
    "record_remove",
    "record_restore",
    "work_plan_file_set",
]
