"""clean_text: the one way services read typed text (issue 15): refused when too long, never cut."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wistara.common.text import clean_text


def test_it_strips_and_keeps_line_breaks_unless_one_line():
    assert clean_text("  Notulen\nbaris dua  ", "minutes", limit=100) == "Notulen\nbaris dua"
    assert clean_text(" Aula \n Bappeda ", "place", limit=100, one_line=True) == "Aula Bappeda"
    assert clean_text(None, "note", limit=10) == ""


def test_too_long_is_refused_on_its_field_with_both_numbers_and_never_cut():
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        clean_text("x" * 41, "unit", limit=40)
    assert refused.value.message_dict == {
        "unit": ["Paling banyak 40 karakter; isian ini 41 karakter. Persingkat, lalu simpan lagi."]
    }
    assert refused.value.error_dict["unit"][0].code == "max_length"
    assert clean_text("x" * 40, "unit", limit=40) == "x" * 40  # the limit itself is fine


def test_the_limit_counts_what_is_kept_and_required_refuses_blank():
    assert clean_text("  " + "x" * 40 + "  ", "unit", limit=40) == "x" * 40
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        clean_text("   ", "title", limit=200, required=True)
    assert refused.value.message_dict == {"title": ["Isian ini wajib diisi."]}
