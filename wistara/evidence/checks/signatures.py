"""A PDF's digital signatures, validated with pyHanko: signed or not, intact or altered after signing,
who signed and when.

pyHanko is the maintained Python library that validates PDF signatures the way a PDF reader does:
the signed byte range's digest (intact), and the changes made by later incremental updates
(a form fill or an annotation is allowed; replacing a page's content is not). No certificate is
fetched from the network (the worker has none); trust in the signer's authority is reported as
not established rather than guessed.
"""

import io
import logging

logger = logging.getLogger(__name__)


def read_signatures(data: bytes) -> list[dict]:
    """[{"field", "signer", "signed_at", "intact", "altered", "trusted", "error"}], [] when unsigned."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # a PDF pyHanko cannot read: reported, never fatal
        logger.info("pyHanko could not read the signatures: %s", exc)
        return []
    found = []
    for sig in embedded:
        entry = {
            "field": str(sig.field_name or ""),
            "signer": "",
            "signed_at": None,
            "intact": False,
            "altered": True,
            "trusted": False,
            "error": "",
        }
        try:
            entry["signer"] = _signer_name(sig.signer_cert)
            when = sig.self_reported_timestamp
            entry["signed_at"] = when.isoformat() if when else None
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
            entry["intact"] = bool(status.intact and status.valid)
            # Altered: the signed bytes no longer match, or a later update changed more than a form
            # fill or an annotation (docmdp_ok is False then).
            entry["altered"] = not status.intact or status.docmdp_ok is False
            entry["trusted"] = bool(status.trusted)
        except Exception as exc:
            logger.info("a signature could not be validated: %s", exc)
            entry["error"] = str(exc)[:200]
        found.append(entry)
    return found


def _signer_name(cert) -> str:
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)[:200]
    except Exception:
        return ""
