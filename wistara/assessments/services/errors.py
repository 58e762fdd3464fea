from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """Someone else saved first. `changes` lists what they changed since the caller's revision;
    `changed_by` and `changed_at` say who saved last and when (services.revisions.stale)."""

    def __init__(self, message: str, *, changes: list | None = None, current_revision: int = 0,
                 changed_by=None, changed_at=None):
        super().__init__(message, code="conflict")
        self.changes = changes or []
        self.current_revision = current_revision
        self.changed_by, self.changed_at = changed_by, changed_at
