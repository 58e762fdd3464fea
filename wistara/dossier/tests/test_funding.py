from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wistara.assessments.services import ConflictError
from wistara.audit.selectors import audit_events_for
from wistara.dossier.selectors import funding_rows, funding_totals
from wistara.dossier.services import (
    funding_create,
    funding_evidence_remove,
    funding_evidence_upload,
    funding_remove,
    funding_restore,
    funding_update,
)
from wistara.dossier.testing import pdf_upload

pytestmark = pytest.mark.django_db


def _row(registration, user, **data):
    return funding_create(
        registration=registration,
        user=user,
        data={
            "data_year": 2024,
            "source": "apbd",
            "activity": "Pembinaan Pokja",
            "amount": "1.000.000",
            **data,
        },
    )


def test_it_totals_funding_by_data_year_and_source(registration, coordinator):
    _row(registration, coordinator)
    _row(registration, coordinator, source="csr", amount="Rp 500.000,00", section="T1")
    _row(registration, coordinator, data_year="2023", source="apbdes", amount="250000")
    removed = _row(registration, coordinator, amount="9.999.999")
    funding_remove(funding=removed, user=coordinator)
    totals = funding_totals(registration)
    assert totals["by_year"] == {2023: Decimal(250000), 2024: Decimal(1500000)}
    assert totals["by_source"] == {
        "apbd": Decimal(1000000),
        "apbdes": Decimal(250000),
        "csr": Decimal(500000),
    }
    assert totals["total"] == Decimal(1750000)
    assert [bar.percent for bar in totals["bars"]] == [17, 100]
    assert [f.section.code if f.section else None for f in funding_rows(registration)] == [None, None, "T1"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("data_year", "2019"),
        ("source", "bank"),
        ("amount", "-5"),
        ("amount", "1,5"),
        ("section", "T9"),
        ("activity", "  "),
        ("office", "999999"),
    ],
)
def test_it_refuses_what_does_not_fit_the_cycle(registration, coordinator, field, value):
    with pytest.raises(ValidationError) as refused:
        _row(registration, coordinator, **{field: value})
    assert field in refused.value.message_dict


def test_it_changes_a_row_only_from_its_current_revision_and_records_it(registration, coordinator, world):
    row = _row(registration, coordinator)
    data = {
        "data_year": 2024,
        "source": "hibah",
        "activity": "Pembinaan Pokja",
        "amount": "2.000.000",
        "office": str(world.office_a1.id),
    }
    row = funding_update(funding=row, user=coordinator, base_revision=1, data=data)
    assert (row.revision, row.source, row.amount, row.office) == (
        2,
        "hibah",
        Decimal(2000000),
        world.office_a1,
    )
    with pytest.raises(ConflictError):
        funding_update(funding=row, user=coordinator, base_revision=1, data={**data, "amount": "1"})
    event = (
        audit_events_for(object_type="dossier.funding", object_id=row.id)
        .exclude(action__startswith="row.")
        .first()
    )  # the rows written are captured too (issue 14)
    assert event.action == "dossier.funding_changed"
    assert event.payload["changes"]["amount"] == ["1000000", "2000000"]


def test_it_removes_and_restores_rows_and_their_evidence(registration, coordinator):
    row = _row(registration, coordinator)
    evidence = funding_evidence_upload(
        funding=row, user=coordinator, uploaded_file=pdf_upload("dpa.pdf", "1"), title="DPA Dinkes 2024"
    )
    with pytest.raises(ValidationError):
        funding_evidence_upload(funding=row, user=coordinator, uploaded_file=pdf_upload("lagi.pdf", "1"))
    funding_evidence_remove(attachment=evidence, user=coordinator)
    funding_remove(funding=row, user=coordinator)
    assert not funding_rows(registration).exists()
    funding_restore(funding=row, user=coordinator)
    assert [r.active_evidence for r in funding_rows(registration)] == [[]]


def test_it_locks_funding_with_the_indicators(submitted, coordinator):
    with pytest.raises(ValidationError) as refused:
        _row(submitted, coordinator)
    assert refused.value.code == "locked"


def test_each_step_of_a_row_and_its_evidence_is_in_the_audit_trail_once(registration, coordinator):
    """Issue 15: every funding service records its event; removing or restoring twice, once."""
    row = _row(registration, coordinator)
    row = funding_update(
        funding=row,
        user=coordinator,
        base_revision=row.revision,
        data={"data_year": 2024, "source": "apbd", "activity": "Pembinaan Forum", "amount": "1.000.000"},
    )
    evidence = funding_evidence_upload(
        funding=row, user=coordinator, uploaded_file=pdf_upload("dpa.pdf", "e")
    )
    funding_evidence_remove(attachment=evidence, user=coordinator)
    funding_evidence_remove(attachment=evidence, user=coordinator)
    for _twice in range(2):
        funding_remove(funding=row, user=coordinator)
    for _twice in range(2):
        funding_restore(funding=row, user=coordinator)
    actions = list(
        reversed(
            audit_events_for(object_type="dossier.funding", object_id=row.id)
            .filter(action__startswith="dossier.")
            .values_list("action", flat=True)
        )
    )
    assert actions == [
        "dossier.funding_added",
        "dossier.funding_changed",
        "dossier.funding_evidence_added",
        "dossier.funding_evidence_removed",
        "dossier.funding_removed",
        "dossier.funding_restored",
    ]


def test_an_activity_too_long_is_refused_not_cut(registration, coordinator):
    with pytest.raises(ValidationError) as refused:
        _row(registration, coordinator, activity="A" * 301)
    assert "activity" in refused.value.message_dict
    assert not funding_rows(registration).exists()


def test_only_funding_evidence_is_removed_as_such(registration, coordinator):
    from wistara.dossier.models import Attachment
    from wistara.dossier.services import narrative_pdf_upload

    narrative_pdf_upload(
        registration=registration, section=None, user=coordinator, uploaded_file=pdf_upload("narasi.pdf", "n")
    )
    pdf = Attachment.objects.get(registration=registration, kind=Attachment.Kind.NARRATIVE_PDF)
    with pytest.raises(ValidationError):
        funding_evidence_remove(attachment=pdf, user=coordinator)
    pdf.refresh_from_db()
    assert pdf.removed_at is None
