"""Every kind of notification: its sentence, its WhatsApp template and its default per channel.

The sentence is an English msgid with %(name)s parameters; it is translated when shown or sent,
in the reader's language, from the parameters kept on the notification.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Mode


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # lazy text: the kind's name in the preferences
    title: object  # lazy text with %(...)s parameters
    # The approved WhatsApp template carrying this kind; its one body parameter is the title.
    whatsapp_template: str = "wistara_pemberitahuan"
    email: str = Mode.IMMEDIATE
    whatsapp: str = Mode.IMMEDIATE


KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind(
            "item_assigned",
            _("An item assigned to my office"),
            _("%(regency)s: item %(item)s is now %(office)s's to fill."),
            email=Mode.DIGEST,
            whatsapp=Mode.OFF,
        ),
        Kind(
            "item_returned",
            _("An item returned to my office"),
            _(
                "%(regency)s: item %(item)s was returned for correction by %(level)s; "  # noqa: E501
                "correct it by %(deadline)s."
            ),
        ),
        Kind(
            "deadline",
            _("A deadline approaching"),
            _("%(regency)s: %(stage)s ends on %(deadline)s (%(left)s left)."),
        ),
        Kind(
            "correction_opened",
            _("A correction window opened"),
            _("%(regency)s: %(count)s items were returned by %(level)s; the window closes on %(deadline)s."),
        ),
        Kind(
            "correction_closing",
            _("A correction window about to close"),
            _("%(regency)s: the correction window closes on %(deadline)s (%(left)s left)."),
        ),
        Kind(
            "waiting_validation",
            _("Items waiting for my validation"),
            _("%(regency)s: %(count)s items of %(office)s are complete and wait for your validation."),
            email=Mode.DIGEST,
            whatsapp=Mode.OFF,
        ),
        Kind(
            "regency_submitted",
            _("A regency submitted (provinces)"),
            _("%(regency)s submitted its self-assessment for verification."),
        ),
        Kind(
            "level_completed",
            _("A verification level completed"),
            _("%(regency)s: %(level)s verification is complete."),
        ),
        Kind(
            "decision_recorded",
            _("A decision recorded"),
            _("%(regency)s: the decision is recorded (%(category)s)."),
        ),
        Kind(
            "rakor_invitation",
            _("A rakor invitation"),
            _("%(regency)s: you are invited to “%(title)s” on %(when)s at %(place)s."),
        ),
        Kind(
            "action_assigned",
            _("A rakor action item assigned to me"),
            _("%(regency)s: action “%(action)s” is yours, due %(due)s."),
        ),
        Kind(
            "action_overdue",
            _("A rakor action item overdue"),
            _("%(regency)s: action “%(action)s” was due %(due)s and is still open."),
        ),
        Kind(
            "document_returned",
            _("A narrative or document returned"),
            _("%(regency)s: %(document)s was returned for correction; correct it by %(deadline)s."),
        ),
        Kind(
            "missing_list",
            _("The office's missing list from the coordinator"),
            _("%(regency)s: %(sender)s sent %(office)s its list of %(count)s missing items."),
        ),
    ]
}


# Parameter values kept as codes and worded in the reader's language when shown.
LEVELS = {"provincial": _("the province"), "national": _("the nation")}


def render_title(kind: str, params: dict, language: str | None = None) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return kind
    with translation.override(language or translation.get_language()):
        if params.get("level") in LEVELS:
            params = {**params, "level": str(LEVELS[params["level"]])}
        try:
            return str(spec.title) % params
        except (KeyError, TypeError, ValueError):
            return str(spec.label)


def default_mode(kind: str, channel: str) -> str:
    spec = KINDS[kind]
    return getattr(spec, channel)
