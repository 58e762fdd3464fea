"""One function per event: who is told, with which sentence parameters and which link.

Called with one line from the service that makes the event happen, inside its transaction (so
a rolled-back change notifies nobody). Each function takes the objects the service already has
and picks the people of the object's own tenant only.
"""

from collections import defaultdict
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from wistara.accounts.models import Role

from . import recipients
from .services import notify, notify_bulk


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def _level(level: str) -> str:
    return level  # a code: kinds.render_title words it in the reader's language


def _item_url(registration, response_id: int) -> str:
    return reverse(
        "assessments:response-detail", args=[registration.regency.code, registration.cycle.code, response_id]
    )


def item_assigned(*, response, office, user=None) -> None:
    """An item is now an office's to fill: its operators are told (not the one who moved it)."""
    if office is None:
        return
    registration = response.registration
    people = recipients.office_users([office.id], roles=[Role.OPD_OPERATOR]) - {getattr(user, "pk", None)}
    notify(
        people,
        kind="item_assigned",
        regency=registration.regency,
        event_key=f"{response.pk}:{office.pk}:{timezone.now().isoformat()}",
        params={
            "regency": registration.regency.name,
            "item": response.indicator.code,
            "office": office.short_name,
        },
        url=_item_url(registration, response.pk),
    )


def items_returned(*, registration, correction, reviews) -> None:
    """Items back for correction: each office's operators and head per item, the coordinators once."""
    by_office: dict[int, list] = defaultdict(list)
    for review in reviews:
        by_office[review.response.office_id].append(review.response)
    people = recipients.office_users_by_office(
        [o for o in by_office if o], roles=[Role.OPD_OPERATOR, Role.OFFICE_HEAD]
    )
    deadline = _when(correction.deadline)
    # One batch for every returned item (a return of 30 items is a few queries, not 30 rounds).
    notify_bulk(
        "item_returned",
        [
            (
                user_id,
                f"{correction.pk}:{response.pk}",
                {
                    "regency": registration.regency.name,
                    "item": response.indicator.code,
                    "level": _level(correction.level),
                    "deadline": deadline,
                },
                _item_url(registration, response.pk),
                registration.regency_id,
            )
            for office_id, responses in by_office.items()
            for response in responses
            for user_id in sorted(people.get(office_id, ()))
        ],
    )
    notify(
        recipients.coordinators(registration.regency_id),
        kind="correction_opened",
        regency=registration.regency,
        event_key=f"{correction.pk}",
        params={
            "regency": registration.regency.name,
            "count": len(reviews),
            "level": _level(correction.level),
            "deadline": deadline,
        },
        url=reverse("verification:submission", args=[registration.regency.code, registration.cycle.code]),
    )


def regency_submitted(*, registration) -> None:
    notify(
        recipients.province_verifiers(registration.regency.province_id),
        kind="regency_submitted",
        regency=registration.regency,
        event_key=f"{registration.pk}:{registration.submissions.count()}",
        params={"regency": registration.regency.name},
        url=reverse(
            "verification:review-list",
            args=[registration.regency.code, registration.cycle.code, "provincial"],
        ),
    )


def level_completed(*, registration, level: str) -> None:
    """The regency's coordinators and leaders; after the province, the national verifiers too."""
    people = recipients.coordinators(registration.regency_id) | recipients.leaders(registration.regency_id)
    if level == "provincial":
        people |= recipients.national_verifiers()
    notify(
        people,
        kind="level_completed",
        regency=registration.regency,
        event_key=f"{registration.pk}:{level}",
        params={"regency": registration.regency.name, "level": _level(level)},
        url=reverse("verification:submission", args=[registration.regency.code, registration.cycle.code]),
    )


def decision_recorded(*, decision) -> None:
    registration = decision.registration
    people = (
        recipients.coordinators(registration.regency_id)
        | recipients.leaders(registration.regency_id)
        | recipients.province_verifiers(registration.regency.province_id)
    )
    notify(
        people,
        kind="decision_recorded",
        regency=registration.regency,
        event_key=f"{decision.pk}",
        params={
            "regency": registration.regency.name,
            "category": decision.category.name if decision.category else "–",
        },
        url=reverse("verification:decision", args=[registration.regency.code, registration.cycle.code]),
    )


def _cycle_code(regency) -> str | None:
    """A meeting belongs to the regency, its pages to a cycle: the regency's latest (read
    through the regency's relation, so this app stays below assessments)."""
    return (
        regency.registrations.order_by("-cycle__registration_opens")
        .values_list("cycle__code", flat=True)
        .first()
    )


def rakor_invitation(*, meeting, cycle_code: str | None = None) -> None:
    """The invited offices' people and the coordinators; a new time is a new invitation."""
    cycle_code = cycle_code or _cycle_code(meeting.regency)
    if cycle_code is None:
        return
    office_ids = list(meeting.invited_offices.values_list("id", flat=True))
    people = recipients.office_users(office_ids) | recipients.coordinators(meeting.regency_id)
    notify(
        people,
        kind="rakor_invitation",
        regency=meeting.regency,
        event_key=f"{meeting.pk}:{meeting.starts_at.isoformat()}",
        params={
            "regency": meeting.regency.name,
            "title": meeting.title,
            "when": _when(meeting.starts_at),
            "place": meeting.place,
        },
        url=reverse("meetings:meeting-detail", args=[meeting.regency.code, cycle_code, meeting.pk]),
    )


def action_assigned(*, item, cycle_code: str | None = None) -> None:
    cycle_code = cycle_code or _cycle_code(item.meeting.regency)
    if cycle_code is None:
        return
    people = {item.assignee_id} if item.assignee_id else recipients.office_users([item.office_id])
    regency = item.meeting.regency
    notify(
        people,
        kind="action_assigned",
        regency=regency,
        event_key=f"{item.pk}:{item.assignee_id or item.office_id}",
        params={
            "regency": regency.name,
            "action": item.description[:120],
            "due": item.due_on.strftime("%d-%m-%Y"),
        },
        url=reverse("meetings:action-list", args=[regency.code, cycle_code]),
    )


def action_overdue(*, item, cycle_code: str, now: datetime | None = None) -> list:
    people = {item.assignee_id} if item.assignee_id else recipients.office_users([item.office_id])
    regency = item.meeting.regency
    people |= recipients.coordinators(regency.id)
    return notify(
        people,
        kind="action_overdue",
        regency=regency,
        event_key=f"{item.pk}:{item.due_on}",
        now=now,
        params={
            "regency": regency.name,
            "action": item.description[:120],
            "due": item.due_on.strftime("%d-%m-%Y"),
        },
        url=reverse("meetings:action-list", args=[regency.code, cycle_code]),
    )


def document_returned(*, registration, correction, documents: list[str]) -> None:
    """Narratives or documents back for correction: the regency's coordinators."""
    notify(
        recipients.coordinators(registration.regency_id),
        kind="document_returned",
        regency=registration.regency,
        event_key=f"dossier:{correction.pk}",
        params={
            "regency": registration.regency.name,
            "document": ", ".join(documents)[:200],
            "deadline": _when(correction.deadline),
        },
        url=reverse("dossier:index", args=[registration.regency.code, registration.cycle.code]),
    )


def provincial_documents_returned(*, dossier, correction, count: int) -> None:
    """The nation returns a province's Tim Pembina documents: that province's verifiers."""
    notify(
        recipients.province_verifiers(dossier.province_id),
        kind="document_returned",
        event_key=f"provincial:{correction.pk}",
        params={
            "regency": dossier.province.name,
            "document": f"Tim Pembina ({count})",
            "deadline": _when(correction.deadline),
        },
        url=reverse("provincial:documents", args=[dossier.province.code, dossier.cycle.code]),
    )


def missing_list_sent(*, registration, office, count: int, user, sent_at: datetime) -> list:
    """The coordinator sends an office its missing list: the office's operators and head."""
    people = recipients.office_users([office.id])
    return notify(
        people,
        kind="missing_list",
        regency=registration.regency,
        event_key=f"{registration.pk}:{office.pk}:{sent_at.isoformat()}",
        params={
            "regency": registration.regency.name,
            "office": office.short_name,
            "count": count,
            "sender": user.get_full_name(),
        },
        url=reverse("assessments:missing", args=[registration.regency.code, registration.cycle.code])
        + f"?opd={office.pk}#opd-{office.pk}",
    )
