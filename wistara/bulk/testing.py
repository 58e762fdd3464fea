"""Test support: a bulk change of a registered regency for the access matrix (tests/conftest.py)."""

from .models import BulkChange


def bulk_objects(registration) -> dict:
    """A planned validation of the regency's item T1.1 (its office's head may act on it)."""
    item = registration.responses.select_related("indicator", "office").get(indicator__code="T1.1")
    change = BulkChange.objects.create(
        registration=registration, kind=BulkChange.Kind.VALIDATE,
        rows=[{"response": item.id, "code": "T1.1", "name": item.indicator.name,
               "before": {"revision": item.revision, "status": item.status, "office": item.office_id,
                          "office_name": item.office.short_name, "option": None, "points": None,
                          "explanation": "", "validated_by": None, "validated_at": None},
               "after": {"status": "validated"}, "notes": []}])
    return {"change_id": change.id}
