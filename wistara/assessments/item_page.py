"""What the item page and its form show, for the page itself and for whatever answers a save.

The page is assessments' (response_detail); the save that takes the answer together with its
files is evidence's (evidence.views_fill), which sits above assessments and renders the same form.
"""

from wistara.accounts.access import scope_for
from wistara.accounts.models import User

from . import selectors
from .access import can_change_response, responses_for_user
from .forms import ResponseForm, response_initial
from .history import field_labels
from .models import Response
from .proposal import propose
from .services import response_lock_reason
from .services.status import VALIDATED_STATES


def item_context(user: User, response: Response, *, form: ResponseForm | None = None, conflict=None) -> dict:
    data = selectors.response_page_data(response)
    form = form or ResponseForm(
        initial=response_initial(response), response=response, options=data["options"]
    )
    registration = response.registration
    may_change = can_change_response(user, response)
    return {
        "response": response,
        "registration": registration,
        "cycle": registration.cycle,
        "regency": registration.regency,
        "form": form,
        "conflict": conflict,
        "can_change": may_change,
        "lock_reason": response_lock_reason(response),
        **data,
        "field_labels": field_labels(registration.cycle.data_years),
        "proposal": propose(data["options"], response.value_prev, response.value_curr),
        "was_validated": response.status in VALIDATED_STATES,
        "may_validate": scope_for(user).validates_office_work(response.office),
    }


def neighbours(user: User, response: Response) -> tuple[int | None, int | None]:
    """The items before and after this one in the user's list (one query of ids)."""
    ids = list(
        responses_for_user(user, response.registration)
        .order_by("indicator__section__order", "indicator__order")
        .values_list("id", flat=True)
    )
    at = ids.index(response.id)
    return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)
