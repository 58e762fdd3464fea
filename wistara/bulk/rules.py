"""Who may plan, apply and undo a bulk change of each kind (the one place that decides)."""

from wistara.accounts.access import Scope

from .models import BulkChange


def may_act(scope: Scope, change: BulkChange) -> bool:
    """Pre-fill and assignment are the secretariat's (the coordinator, a national admin); a bulk
    validation is the head's of every office whose items it holds (or the coordinator's, who may
    stand in for a head)."""
    regency_id = change.registration.regency_id
    if scope.changes_regency_id(regency_id):
        return True
    if change.kind != BulkChange.Kind.VALIDATE:
        return False
    offices = {row["before"].get("office") for row in change.rows}
    return bool(offices) and None not in offices and offices <= scope.head_office_ids


def may_validate_in(scope: Scope, regency_id: int) -> bool:
    """May open the validation list of a regency: a head of one of its offices or who stands in."""
    return scope.changes_regency_id(regency_id) or bool(_heads_in(scope, regency_id))


def _heads_in(scope: Scope, regency_id: int) -> set[int]:
    from wistara.accounts.models import Office

    if not scope.head_office_ids:
        return set()
    return set(
        Office.objects.filter(id__in=scope.head_office_ids, regency_id=regency_id).values_list(
            "id", flat=True
        )
    )


def validated_offices(scope: Scope, regency_id: int) -> set[int] | None:
    """The offices whose items the user validates in the regency; None for all of them."""
    if scope.changes_regency_id(regency_id):
        return None
    return _heads_in(scope, regency_id)
