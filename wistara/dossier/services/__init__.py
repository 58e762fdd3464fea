"""Every write to the dossier. Modules by record; import from here."""

from .funding import (
    funding_create,
    funding_evidence_remove,
    funding_evidence_upload,
    funding_remove,
    funding_restore,
    funding_update,
)
from .general import general_data_update
from .narratives import narrative_image_upload, narrative_pdf_upload, narrative_save
from .provincial import (
    MissingKindsError,
    provincial_document_add,
    provincial_document_remove,
    provincial_document_replace,
    provincial_document_update,
    provincial_dossier_submit,
    provincial_resubmit,
    provincial_return,
    provincial_review_record,
)
from .reviews import dossier_resubmit, dossier_return, narrative_review_record

__all__ = [
    "MissingKindsError",
    "dossier_resubmit",
    "dossier_return",
    "funding_create",
    "funding_evidence_remove",
    "funding_evidence_upload",
    "funding_remove",
    "funding_restore",
    "funding_update",
    "general_data_update",
    "narrative_image_upload",
    "narrative_pdf_upload",
    "narrative_review_record",
    "narrative_save",
    "provincial_document_add",
    "provincial_document_remove",
    "provincial_document_replace",
    "provincial_document_update",
    "provincial_dossier_submit",
    "provincial_resubmit",
    "provincial_return",
    "provincial_review_record",
]
