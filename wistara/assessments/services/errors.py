"""The stale-revision refusal, now the common one (issue 15: one error contract); the old name
stays so the services and views that import it keep working."""

from wistara.common.errors import Conflict

ConflictError = Conflict
