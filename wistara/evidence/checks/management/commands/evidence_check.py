"""Check evidence files: those never checked (files attached before the checks existed), or all.

`evidence_check` queues the files without findings for the worker; `--all` every attached file;
`--now` checks them in this process instead of queueing (a backfill without a worker).
"""

from django.core.management.base import BaseCommand

from wistara.evidence.models import Evidence

from ...models import UseCheck
from ...services import check_file, check_later


class Command(BaseCommand):
    help = "Check evidence files (those never checked, or --all) by the worker, or --now here."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every attached file, not only unchecked ones")
        parser.add_argument("--now", action="store_true", help="check here instead of queueing")

    def handle(self, *args, **options):
        attached = Evidence.objects.filter(removed_at__isnull=True, file__isnull=False)
        pairs = set(attached.values_list("response_id", "file_id"))
        if not options["all"]:
            checked = set(UseCheck.objects.exclude(level="pending").values_list("response_id", "file_id"))
            pairs -= checked
        file_ids = sorted({file_id for _, file_id in pairs})
        for file_id in file_ids:
            if options["now"]:
                check_file(file_id)
            else:
                check_later(file_id)
        verb = "checked" if options["now"] else "queued"
        self.stdout.write(f"{len(file_ids)} file(s) {verb}.")
