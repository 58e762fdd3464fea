"""The coordinator's checklist before submitting: what blocks, what only warns, each with its link.

Blocking is what the rules require (the submission's registered gates: the general data the
berita acara prints); everything else warns, because a regency may choose to submit an
incomplete self-assessment (the submission then asks it to confirm).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wistara.assessments.models import Registration
from wistara.assessments.selectors import Progress, registration_progress
from wistara.dossier.readiness import general_data_missing
from wistara.dossier.selectors import funding_totals, narrative_rows


@dataclass
class Check:
    label: str
    ok: bool
    blocking: bool
    details: list[str]
    url: str
    link: str


def submission_checklist(registration: Registration, progress: Progress | None = None) -> list[Check]:
    progress = progress or registration_progress(registration)
    args = [registration.regency.code, registration.cycle.code]
    return [
        _items(progress, reverse("assessments:missing", args=args)),
        _target(registration, progress, reverse("verification:what-if", args=args)),
        _general(registration, reverse("dossier:general", args=args)),
        _narratives(registration, reverse("dossier:index", args=args)),
        _funding(registration, reverse("dossier:funding", args=args)),
    ]


def blocking(checks: list[Check]) -> bool:
    return any(c.blocking and not c.ok for c in checks)


def _items(progress: Progress, url: str) -> Check:
    incomplete, unvalidated = progress.items - progress.complete, progress.complete - progress.ready
    details = []
    if incomplete:
        details.append(
            ngettext(
                "%(n)s item is incomplete (option or evidence missing).",
                "%(n)s items are incomplete (option or evidence missing).",
                incomplete,
            )
            % {"n": incomplete}
        )
    if unvalidated:
        details.append(
            ngettext(
                "%(n)s complete item waits for the head of office's validation.",
                "%(n)s complete items wait for the head of office's validation.",
                unvalidated,
            )
            % {"n": unvalidated}
        )
    return Check(
        _("Every item complete and validated"),
        not details,
        False,
        details,
        url,
        _("What is missing, per office"),
    )


def _target(registration: Registration, progress: Progress, url: str) -> Check:
    award, target = progress.award, progress.target
    details = []
    if award.reached is None:
        details.append(_("With the current answers no category is reached."))
    elif target is not None and not target.reached:
        details.append(_("The projected category is %(name)s.") % {"name": award.reached.name})
    details += [unmet.message for unmet in (target.unmet if target else [])]
    label = _("Target category %(name)s reached (score band, ODF, kelembagaan)") % {
        "name": registration.target_category.name
    }
    return Check(label, bool(target and target.reached), False, details, url, _("What would reach it"))


def _general(registration: Registration, url: str) -> Check:
    missing = general_data_missing(registration)
    details = [_("Missing: %(fields)s.") % {"fields": ", ".join(missing)}] if missing else []
    # Blocking: the submission refuses it too (dossier.readiness.general_data_gate).
    return Check(
        _("General data printed in the berita acara"),
        not missing,
        True,
        details,
        url,
        _("Fill in the general data"),
    )


def _narratives(registration: Registration, url: str) -> Check:
    rows = narrative_rows(registration)
    unwritten = [row.title for row in rows if not row.written]
    details = (
        [
            ngettext(
                "%(n)s narrative not written yet: %(names)s.",
                "%(n)s narratives not written yet: %(names)s.",
                len(unwritten),
            )
            % {"n": len(unwritten), "names": ", ".join(unwritten)}
        ]
        if unwritten
        else []
    )
    return Check(
        _("Overview and tatanan narratives"), not unwritten, False, details, url, _("Write the narratives")
    )


def _funding(registration: Registration, url: str) -> Check:
    totals = funding_totals(registration)
    empty = [str(year) for year, amount in totals["by_year"].items() if not amount]
    details = [_("No funding recorded for %(years)s.") % {"years": ", ".join(empty)}] if empty else []
    return Check(_("Funding per data year"), not empty, False, details, url, _("Record the funding"))
