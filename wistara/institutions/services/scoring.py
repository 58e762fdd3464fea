"""The kelembagaan estimate: the option each kelembagaan item's records are worth, with the
reasons and the files pre-filling attaches (issue 15: a computation over the registry, not a read
of rows, so it sits beside the services that pre-fill with it rather than among the selectors).

The registry is read once by selectors.registry; only the items' own documents are read here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wistara.assessments.models import Registration, Response
from wistara.evidence.models import Evidence, EvidenceFile
from wistara.instruments.models import Indicator, ScaleOption, Section

from ..models import Body
from ..selectors import BodyState, Element, Registry, registry


@dataclass
class ItemEstimate:
    indicator: Indicator
    response: Response | None
    body: str
    points: int
    option: ScaleOption | None
    reasons: list[str]
    # (file, data year, evidence kind): what pre-filling attaches to the item.
    files: list[tuple[EvidenceFile, int, str]]

    @property
    def current_points(self) -> int | None:
        return self.response.points if self.response else None

    @property
    def differs(self) -> bool:
        return self.response is not None and self.response.option_id != (
            self.option.id if self.option else None
        )


def kelembagaan_estimates(
    registration: Registration, reg: Registry | None = None, *, only: Indicator | None = None
) -> list[ItemEstimate]:
    """Every kelembagaan item's estimate, or only one item's (for its own page)."""
    reg = reg or registry(registration)
    indicators = Indicator.objects.filter(
        section__version_id=registration.cycle.instrument_id, section__kind=Section.Kind.KELEMBAGAAN
    )
    answers = registration.responses.filter(indicator__section__kind=Section.Kind.KELEMBAGAAN)
    if only is not None:
        indicators, answers = indicators.filter(id=only.id), answers.filter(indicator_id=only.id)
    indicators = (
        indicators.select_related("section").prefetch_related("options").order_by("section__order", "order")
    )
    responses = {r.indicator_id: r for r in answers.select_related("option")}
    documented = _item_document_years(list(responses.values()))
    out = []
    for indicator in indicators:
        body, element = indicator.section.body, indicator.element
        if body not in Body.values or element not in Element.values:
            continue  # an instrument whose kelembagaan items are not tagged: nothing to derive
        response = responses.get(indicator.id)
        states = reg.states(body)
        extra_years = documented.get(response.id, set()) if response else set()
        points, reasons = _judge(element, body, states, reg.years, extra_years)
        out.append(
            ItemEstimate(
                indicator,
                response,
                body,
                points,
                _option_for(indicator, points),
                reasons,
                _files(element, states, reg.years),
            )
        )
    return out


def _item_document_years(responses: list[Response]) -> dict[int, set[int]]:
    """Years in which a plan or budget item already has documents attached to it directly (a
    meeting's minutes adopting the year's work plan, a scanned budget): they count like the
    registry's own documents."""
    rows = (
        Evidence.objects.filter(response__in=responses, removed_at__isnull=True)
        .exclude(kind=Evidence.Kind.PHOTO)
        .values_list("response_id", "data_year")
        .distinct()
    )
    out: dict[int, set[int]] = {}
    for response_id, year in rows:
        out.setdefault(response_id, set()).add(year)
    return out


def _judge(
    element: str, body: str, states: list[BodyState], years: list[int], extra_years: set[int]
) -> tuple[int, list[str]]:
    several = body in (Body.FKK, Body.POKJA)
    expected = len(states)
    if several and expected == 0:
        return 0, [_("No lokus was declared at registration, so no decree count can match it.")]
    if element == Element.SK:
        valid = [s for s in states if s.decree_ok]
        if several:
            reason = _("%(valid)s of %(expected)s declared areas have a valid decree.") % {
                "valid": len(valid),
                "expected": expected,
            }
            return (100 if len(valid) >= expected else 0), [reason]
        state = states[0]
        if state.decree_ok and state.decree is not None:
            return 100, [
                _("Decree %(number)s of %(date)s is valid.")
                % {"number": state.decree.number, "date": state.decree.signed_on.strftime("%d-%m-%Y")}
            ]
        if state.decree is None:
            return 0, [_("No decree is recorded.")]
        return 0, [
            _("Decree %(number)s: %(problems)s.")
            % {"number": state.decree.number, "problems": "; ".join(state.decree_problems)}
        ]
    if element in (Element.RENCANA_KERJA, Element.ANGGARAN):
        by_year = (
            (lambda s: set(s.plan_files))
            if element == Element.RENCANA_KERJA
            else (lambda s: set(s.budget_files))
        )
        what = _("work plans") if element == Element.RENCANA_KERJA else _("budgets")
        if several:
            full = sum(set(years) <= by_year(s) for s in states)
            some = sum(bool(by_year(s) & set(years)) for s in states)
            reason = _(
                "%(full)s of %(expected)s declared areas have %(what)s for every data year "
                "(%(some)s for at least one)."
            ) % {"full": full, "expected": expected, "what": what, "some": some}
            return (100 if full >= expected else 50 if some else 0), [reason]
        recorded = by_year(states[0]) & set(years)
        attached = (extra_years & set(years)) - recorded
        covered = recorded | attached
        missing = [str(y) for y in years if y not in covered]
        reason = " ".join(
            filter(
                None,
                [
                    _("Recorded for %(years)s.") % {"years": _years(recorded)} if recorded else "",
                    _("Attached to the item for %(years)s.") % {"years": _years(attached)}
                    if attached
                    else "",
                ],
            )
        ) or _("Nothing documented for the data years.")
        if missing:
            reason += " " + ngettext("Missing: %(years)s.", "Missing: %(years)s.", len(missing)) % {
                "years": ", ".join(missing)
            }
        return (100 if not missing else 50 if covered else 0), [reason]
    # Sekretariat
    with_office = sum(s.has_secretariat for s in states)
    if several:
        reason = _("%(n)s of %(expected)s declared areas have a secretariat address with photos.") % {
            "n": with_office,
            "expected": expected,
        }
        return (100 if with_office >= expected else 0), [reason]
    if with_office:
        return 100, [_("Address and %(n)s photo(s) recorded.") % {"n": len(states[0].photos)}]
    return 0, [_("No secretariat address with a photo is recorded.")]


def _years(years: set[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _option_for(indicator: Indicator, points: int) -> ScaleOption | None:
    """The option worth the estimate, or the best one below it."""
    options = sorted(indicator.options.all(), key=lambda o: -o.points)
    return next((o for o in options if o.points <= points), None)


def _files(element: str, states: list[BodyState], years: list[int]) -> list[tuple[EvidenceFile, int, str]]:
    kind = Evidence.Kind
    out: list[tuple[EvidenceFile, int, str]] = []
    for state in states:
        if element == Element.SK and state.decree is not None and state.decree.file is not None:
            out += [(state.decree.file, y, kind.DECREE) for y in years if state.decree.signed_on.year <= y]
        elif element == Element.RENCANA_KERJA:
            out += [(f, y, kind.PLAN) for y, f in sorted(state.plan_files.items())]
        elif element == Element.ANGGARAN:
            out += [(f, y, kind.PLAN) for y, files in sorted(state.budget_files.items()) for f in files]
        elif element == Element.SEKRETARIAT:
            for photo in state.photos:
                taken = photo.file.exif_taken_at
                year = taken.year if taken and taken.year in years else years[-1]
                out.append((photo.file, year, kind.PHOTO))
    return out
