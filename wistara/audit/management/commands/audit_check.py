"""python manage.py audit_check [--json]: verify that the audit trail is intact."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.audit.selectors import audit_chain_check


class Command(BaseCommand):
    help = (
        "Walk the audit trail in sequence order and verify every event's hash, its link to "
        "the event before it, that no sequence number is missing and that the chain ends at "
        "its recorded head. Exits non-zero when anything is broken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: object, **options: object) -> None:
        report = audit_chain_check()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict()))
        elif report.ok:
            self.stdout.write(f"OK: {report.events} events, head {report.head}")
        else:
            for problem in report.problems:
                self.stdout.write(f"BROKEN: sequence {problem.sequence} ({problem.kind}): {problem.detail}")
        if not report.ok:
            raise CommandError(
                f"The audit trail is broken: {len(report.problems)} problem(s) in {report.events} events.",
                returncode=2,
            )
