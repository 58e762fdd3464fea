"""Findings for one file where it is attached: facts (read once) + tags + settings -> advice.

A finding is {"code", "level", "params"}; `message` and `advice` word it when shown, in the reader's
language. Levels: problem (a verifier cannot use the file: it does not open, or was altered after
signing), warning (worth a look before submitting), info (what was checked), ok.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .config import Settings
from .models import LEVEL_ORDER, Level
from .text import matcher_for, tokens, years_mentioned

MIN_TOKENS_TO_MATCH = 25  # fewer words than this say too little about which indicator it is
MIN_MATCH = 0.08  # a best match weaker than this is no match at all
YEARS_BEFORE = 6  # years mentioned earlier than the first data year minus this are history, not data
PHOTO_WORDS = ("foto", "dokumentasi", "gambar")


@dataclass(frozen=True)
class Context:
    content_type: str
    years: tuple[int, ...]  # the data years the file is tagged with on this response
    kinds: tuple[str, ...]
    indicator_id: int
    indicator_evidence_text: str
    version_id: int
    data_years: tuple[int, ...]
    taken_at: datetime | None
    has_location: bool
    also_used_in: tuple[str, ...]


def finding(name: str, level: str, /, **params) -> dict:
    return {"code": name, "level": str(level), "params": params}


def worst(findings: list[dict]) -> str:
    levels = [Level(f["level"]) for f in findings] or [Level.OK]
    return str(max(levels, key=LEVEL_ORDER.index))


def derive(facts: dict, text: str, ctx: Context, config: Settings, codes_by_id: dict[int, str]) -> list[dict]:
    found: list[dict] = []
    if not facts.get("opens", True):
        reason = facts.get("open_error", "broken")
        code = "encrypted" if reason == "encrypted" else "does_not_open"
        return [finding(code, Level.PROBLEM, reason=reason)] if config.runs("opens") else []
    is_photo = _is_photo(ctx)
    if config.runs("text"):
        found += _text(facts, text, is_photo)
    if config.runs("legibility"):
        found += _legibility(facts, config, is_photo)
    if config.runs("years") and not is_photo:
        found += _years(text, ctx)
    if config.runs("indicator") and not is_photo:
        found += _indicator(text, ctx, config, codes_by_id)
    if config.runs("signature"):
        found += _signatures(facts, ctx)
    if config.runs("photo") and is_photo:
        found += _photo(ctx, config)
    if config.runs("duplicates") and ctx.also_used_in:
        found.append(finding("also_used", Level.INFO, codes=list(ctx.also_used_in)))
    return found


def _is_photo(ctx: Context) -> bool:
    if "photo" in ctx.kinds:
        return True
    wants_photo = any(word in ctx.indicator_evidence_text.lower() for word in PHOTO_WORDS)
    document = {"report", "decree"} & set(ctx.kinds)
    return ctx.content_type.startswith("image/") and wants_photo and not document


def _text(facts: dict, text: str, is_photo: bool) -> list[dict]:
    if not facts.get("scanned_pages") and not facts.get("pixels"):
        return []
    if facts.get("ocr") == "skipped":
        return [] if is_photo else [finding("ocr_skipped", Level.INFO)]
    if facts.get("ocr") == "done" and not is_photo:
        if len(text.strip()) < 40:
            return [finding("no_text", Level.WARNING)]
        return [finding("ocr_read", Level.INFO, pages=facts.get("ocr_pages", 0))]
    return []


def _legibility(facts: dict, config: Settings, is_photo: bool) -> list[dict]:
    found = []
    ppi, sharp = facts.get("ppi"), facts.get("sharpness")
    if ppi is not None and not is_photo and ppi < config.min_ppi:
        found.append(finding("low_resolution", Level.WARNING, ppi=ppi, minimum=config.min_ppi))
    if sharp is not None and sharp < config.min_sharpness:
        found.append(finding("blurred", Level.WARNING, sharpness=sharp, minimum=config.min_sharpness))
    return found


def _years(text: str, ctx: Context) -> list[dict]:
    if not text.strip() or not ctx.years:
        return []
    earliest = min(ctx.data_years or ctx.years) - YEARS_BEFORE
    latest = max(ctx.data_years or ctx.years) + 2
    mentioned = [year for year in years_mentioned(text) if earliest <= year <= latest]
    missing = [year for year in ctx.years if year not in mentioned]
    if not mentioned:
        return [finding("no_year", Level.INFO, tagged=list(ctx.years))]
    if missing:
        return [
            finding(
                "years_missing", Level.WARNING, tagged=list(ctx.years), mentioned=mentioned, missing=missing
            )
        ]
    return []


def _indicator(text: str, ctx: Context, config: Settings, codes_by_id: dict[int, str]) -> list[dict]:
    if len(tokens(text)) < MIN_TOKENS_TO_MATCH:
        return []
    ranked = matcher_for(ctx.version_id, config.revision).rank(text)
    if not ranked:
        return []
    best_id, best = ranked[0]
    own = next((score for key, score in ranked if key == ctx.indicator_id), 0.0)
    if best_id != ctx.indicator_id and best >= MIN_MATCH and best >= config.match_ratio * own:
        return [
            finding(
                "other_indicator",
                Level.WARNING,
                code=codes_by_id.get(best_id, "?"),
                best=round(best, 2),
                own=round(own, 2),
            )
        ]
    return []


def _signatures(facts: dict, ctx: Context) -> list[dict]:
    found = []
    for sig in facts.get("signatures", []):
        if sig.get("altered"):
            found.append(finding("altered", Level.PROBLEM, signer=sig.get("signer", "")))
        else:
            found.append(
                finding(
                    "signed",
                    Level.INFO,
                    signer=sig.get("signer", ""),
                    signed_at=sig.get("signed_at"),
                    trusted=sig.get("trusted", False),
                )
            )
    if not found and ctx.content_type == "application/pdf" and {"decree", "report"} & set(ctx.kinds):
        found.append(finding("unsigned", Level.INFO))
    return found


def _photo(ctx: Context, config: Settings) -> list[dict]:
    found = []
    if ctx.taken_at is None:
        found.append(finding("photo_no_time", Level.WARNING))
    elif ctx.years and ctx.taken_at.year not in ctx.years:
        found.append(
            finding("photo_outside_years", Level.WARNING, year=ctx.taken_at.year, tagged=list(ctx.years))
        )
    if config.photo_needs_gps and not ctx.has_location:
        found.append(finding("photo_no_gps", Level.WARNING))
    return found


# --- Wording ---------------------------------------------------------------------------------------


def _years_text(years) -> str:
    years = [str(y) for y in years]
    return " & ".join(years) if years else "—"


def message(item: dict) -> str:
    p = item.get("params", {})
    code = item["code"]
    if code == "does_not_open":
        return _("The file does not open (damaged or incomplete).")
    if code == "encrypted":
        return _("The PDF is protected by a password: a verifier cannot open it.")
    if code == "ocr_skipped":
        return _("Scanned document: its text was not read (OCR is not installed on this server).")
    if code == "ocr_read":
        return _("Scanned document: the text was read by OCR.")
    if code == "no_text":
        return _("No readable text was found in this scan.")
    if code == "low_resolution":
        return (
            _("Low resolution (%(ppi)s pixels per inch, at least %(minimum)s expected): may be unreadable.")
            % p
        )
    if code == "blurred":
        return (
            _(
                "The picture looks blurred (sharpness %(sharpness)s, at least %(minimum)s expected): "
                "may be unreadable."
            )
            % p
        )
    if code == "no_year":
        return _("No year is mentioned in the text (tagged %(tagged)s).") % {
            "tagged": _years_text(p["tagged"])
        }
    if code == "years_missing":
        return _("Tagged %(tagged)s, but the text mentions only %(mentioned)s.") % {
            "tagged": _years_text(p["tagged"]),
            "mentioned": _years_text(p["mentioned"]),
        }
    if code == "other_indicator":
        return _("Looks like evidence of %(code)s (match %(best)s, against %(own)s for this indicator).") % p
    if code == "altered":
        return _("Digitally signed by %(signer)s, but the document was altered after signing.") % {
            "signer": p.get("signer") or "—"
        }
    if code == "signed":
        when = _when(p.get("signed_at"))
        text = _("Digitally signed by %(signer)s on %(when)s; the signature is intact.") % {
            "signer": p.get("signer") or "—",
            "when": when,
        }
        if not p.get("trusted"):
            text += " " + _("The signer's certificate was not checked against a trusted authority.")
        return text
    if code == "unsigned":
        return _("No digital signature: check that the page is signed by the head of the office.")
    if code == "photo_no_time":
        return _("The photo has no time in its EXIF data.")
    if code == "photo_outside_years":
        return _("The photo was taken in %(year)s, outside the tagged year(s) %(tagged)s.") % {
            "year": p["year"],
            "tagged": _years_text(p["tagged"]),
        }
    if code == "photo_no_gps":
        return _("The photo has no GPS position.")
    if code == "also_used":
        return _("The same file is also used for %(codes)s.") % {"codes": ", ".join(p.get("codes", []))}
    if code == "check_failed":
        return _("The file could not be checked.")
    return code


def advice(item: dict) -> str:
    code = item["code"]
    return {
        "does_not_open": _("Upload the file again, from the original."),
        "encrypted": _("Save it without a password (or print it to PDF) and upload it again."),
        "no_text": _("Scan it again, straight and well lit."),
        "low_resolution": _("Scan it again at 150-300 dpi."),
        "blurred": _("Scan or photograph it again, in focus."),
        "years_missing": _("Add a document for the missing year, or correct the year tags."),
        "other_indicator": _("Check that it is filed under the right indicator."),
        "altered": _("Upload the document as it was signed, or have it signed again."),
        "photo_no_time": _("Upload the original photo from the camera (messaging apps remove the time)."),
        "photo_outside_years": _("Use a photo from the data year, or correct the year tag."),
        "photo_no_gps": _(
            "Turn on the camera's location and take the photo again, or add a caption with the place."
        ),
    }.get(code, "")


def _when(value) -> str:
    if not value:
        return "—"
    try:
        return date_format(datetime.fromisoformat(value), "j M Y H:i")
    except ValueError:
        return str(value)
