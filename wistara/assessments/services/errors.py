from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """Someone else saved first. `changes` lists what they changed since the caller's revision."""

    def __init__(self, message: str, *, changes: list | None = None, current_revision: int = 0):
        super().__init__(message, code="conflict")
        self.changes = changes or []
        self.current_revision = current_revision
