"""Every write of the verification workflow. Modules by step; import from here."""

from .corrections import correction_extend, correction_resubmit, correction_return
from .decisions import decision_record, field_visit_record
from .national import national_accept_provincial
from .reviews import UnreviewedError, review_record, verification_complete
from .submission import IncompleteError, submission_submit

__all__ = [
    "IncompleteError",
    "UnreviewedError",
    "correction_extend",
    "correction_resubmit",
    "correction_return",
    "decision_record",
    "national_accept_provincial",
    "field_visit_record",
    "review_record",
    "submission_submit",
    "verification_complete",
]
