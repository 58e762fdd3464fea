"""python manage.py backup DIR: the database and every stored file, with a manifest (backups.py)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup, or pg_dump in one snapshot) and every "
        "stored file into DIR (new or empty), with a manifest of row counts and checksums. "
        "Safe while the site is in use."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            f"backed up {rows} rows in {len(manifest['database']['tables'])} tables and "
            f"{len(manifest['files'])} files to {options['dir']}"
        )
