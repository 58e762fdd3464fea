"""A typed title is refused when too long, never cut (issue 15), before any file is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from .. import services
from . import files
from .conftest import assert_nothing_left

pytestmark = pytest.mark.django_db


def test_an_over_long_title_is_refused_and_no_file_is_left(world, response, media):
    user = world.user("opd_operator")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        services.evidence_upload(
            response=response,
            uploaded_file=files.upload(files.pdf(), "laporan.pdf"),
            data_year=2023,
            kind="report",
            title="x" * 201,
            user=user,
        )
    assert refused.value.message_dict["title"][0].startswith("Paling banyak 200 karakter; isian ini 201")
    with pytest.raises(ValidationError):
        services.evidence_add_link(
            response=response,
            url="https://example.org/a",
            data_year=2023,
            kind="other",
            title="x" * 201,
            user=user,
        )
    assert_nothing_left(media)
    link = services.evidence_add_link(
        response=response,
        url="https://example.org/a",
        data_year=2023,
        kind="other",
        title="x" * 200,
        user=user,
    )
    assert link.title == "x" * 200
