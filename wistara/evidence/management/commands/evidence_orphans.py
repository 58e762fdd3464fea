"""python manage.py evidence_orphans [--delete] [--hours 24]: stored blobs without a record."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from wistara.evidence.selectors import evidence_orphan_names, upload_leftovers
from wistara.evidence.services import evidence_orphans_delete, upload_leftovers_delete


class Command(BaseCommand):
    help = (
        "List (or with --delete, delete) stored evidence files that no record points to: left "
        "by an upload interrupted between storing the file and saving its record; and upload "
        "temporaries left in FILE_UPLOAD_TEMP_DIR by a request killed mid-body."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="delete them instead of listing")
        parser.add_argument(
            "--hours", type=int, default=24, help="only files older than this many hours (default 24)"
        )

    def handle(self, *args: object, **options: object) -> None:
        older_than = timedelta(hours=int(str(options["hours"])))
        if options["delete"]:
            names = evidence_orphans_delete(older_than=older_than)
            leftovers = upload_leftovers_delete(older_than=older_than)
            verb = "deleted"
        else:
            names = evidence_orphan_names(older_than=older_than)
            leftovers = [str(path) for path in upload_leftovers(older_than=older_than)]
            verb = "found (run with --delete to delete them)"
        for name in [*names, *leftovers]:
            self.stdout.write(name)
        self.stdout.write(f"{len(names)} orphaned file(s) {verb}.")
        self.stdout.write(f"{len(leftovers)} upload temporary file(s) {verb}.")
