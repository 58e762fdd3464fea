"""An item's answer and its new evidence files, saved as one: both, or neither.

The office's loop (values, option, explanation, a file for each data year) is one form and one
"Save"; splitting it into an answer save and one upload per file and year cost 13-15 actions.
"""

from wistara.accounts.models import User
from wistara.assessments.models import Response
from wistara.assessments.services import response_update

from .batch import BatchResult, evidence_upload_batch
from .kinds import TaggedFile


def response_fill(
    *, response: Response, user: User, base_revision: int, data: dict, files: list[TaggedFile]
) -> tuple[Response, BatchResult]:
    """Save the answer (refused when stale or locked, as response_update) and attach `files`."""

    def save() -> Response:
        return response_update(response=response, user=user, base_revision=base_revision, data=data)

    if not files:
        return save(), BatchResult()
    saved, result = evidence_upload_batch(response=response, files=files, user=user, with_rows=save)
    assert saved is not None
    saved.evidence_prev, saved.evidence_curr = response.evidence_prev, response.evidence_curr
    return saved, result
