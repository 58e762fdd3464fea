"""python manage.py jobs_purge [--days N]: delete file jobs (exports, bundles) older than N days
(default 7) with their stored files; run it daily from cron beside the backups (issue 14)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from wistara.jobs.services import jobs_purge


class Command(BaseCommand):
    help = "Delete file jobs older than --days (default 7) and their files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: object, days: int, **options: object) -> None:
        if days < 1:
            self.stderr.write("--days must be at least 1")
            raise SystemExit(2)
        count = jobs_purge(older_than=timedelta(days=days))
        self.stdout.write(f"deleted {count} job(s) older than {days} day(s)")
