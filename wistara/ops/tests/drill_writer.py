"""Run by test_backup_drill in a child process: evidence uploads and office edits, one after the
other, until the stop file appears (the backup is taken meanwhile).

    python -m wistara.ops.tests.drill_writer RESPONSE_ID USER_ID OFFICE_ID STOPFILE
"""

import sys
import time
from pathlib import Path

import django


def main(response_id: int, user_id: int, office_id: int, stop: Path) -> None:
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wistara.accounts.models import Office, User
    from wistara.accounts.services import office_update
    from wistara.assessments.models import Response
    from wistara.evidence.services import evidence_upload

    user = User.objects.get(pk=user_id)
    office = Office.objects.get(pk=office_id)
    n = 0
    deadline = time.monotonic() + 120
    while not stop.exists() and time.monotonic() < deadline:
        response = Response.objects.select_related("registration__cycle__instrument").get(pk=response_id)
        year = response.registration.cycle.instrument.data_years[n % 2]
        content = (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% drill "
            + str(n).encode()
            + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        )
        evidence_upload(
            response=response,
            uploaded_file=SimpleUploadedFile(f"d{n}.pdf", content),
            data_year=year,
            kind="report",
            user=user,
        )
        office_update(office=office, short_name=office.short_name, name=f"Dinas drill {n}")
        n += 1
    print(n)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
