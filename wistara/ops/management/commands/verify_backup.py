"""python manage.py verify_backup DIR: row counts and checksums of a backup (backups.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.ops.backups import BackupError, verify


class Command(BaseCommand):
    help = (
        "Check a backup folder against its manifest: the database's checksum and row counts, "
        "every file's checksum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = verify(options["dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in result.problems:
            self.stdout.write(f"BROKEN: {problem}")
        if not result.ok:
            raise CommandError(
                f"The backup does not verify: {len(result.problems)} problem(s).", returncode=2
            )
        self.stdout.write(f"OK: {result.rows} rows in {result.tables} tables, {result.files} files")
