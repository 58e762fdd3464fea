"""python manage.py restore DIR: put a backup back, then check it against its manifest."""

from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.ops.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder: the database (replacing the configured one, or --database: "
        "a SQLite path or a PostgreSQL database name) and the files (into the configured "
        "storage, or --media DIR), then check row counts and checksums. Stop the site first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path)
        parser.add_argument("--database", help="restore into this SQLite file or PostgreSQL database")
        parser.add_argument("--media", type=Path, help="restore the files into this folder")

    def handle(self, *args: Any, **options: Any) -> None:
        storage = FileSystemStorage(location=options["media"]) if options["media"] else None
        try:
            result = restore(options["dir"], database=options["database"], storage=storage)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in result.problems:
            self.stdout.write(f"BROKEN: {problem}")
        if not result.ok:
            raise CommandError(
                f"The restore does not match the backup: {len(result.problems)} problem(s).", returncode=2
            )
        self.stdout.write(f"restored {result.rows} rows in {result.tables} tables and {result.files} files")
