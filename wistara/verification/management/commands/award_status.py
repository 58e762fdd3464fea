import json

from django.core.management.base import BaseCommand, CommandError

from wistara.assessments.models import Registration
from wistara.verification.awards import award_result, result_as_dict, what_if


class Command(BaseCommand):
    help = "The category a regency reaches in a cycle, why, and the gap to the next one."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--regency", required=True, help="Regency code, e.g. 14.01")
        parser.add_argument("--cycle", required=True, help="Cycle code, e.g. KKS-2025")
        parser.add_argument("--level", default="latest", choices=["latest", "self", "provincial", "national"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, regency: str, cycle: str, level: str, **options) -> None:
        registration = (
            Registration.objects.select_related("regency", "cycle__instrument", "target_category")
            .filter(regency__code=regency, cycle__code=cycle)
            .first()
        )
        if registration is None:
            raise CommandError(f"No registration of regency {regency} in cycle {cycle}.")
        data = {
            "regency": registration.regency.code,
            "name": registration.regency.name,
            "cycle": cycle,
            "level": level,
            "status": registration.status,
            "target": registration.target_category.code,
            **result_as_dict(award_result(registration, level)),
        }
        plan = what_if(registration)
        data["what_if"] = {
            "target": plan.target,
            "points_needed": plan.points_needed,
            "changes": [
                {"indicator": s.response.indicator.code, "from": s.points_now, "to": s.points_next}
                for s in plan.chosen
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self._print(data)

    def _print(self, data: dict) -> None:
        self.stdout.write(f"{data['name']} ({data['regency']}) · {data['cycle']} · {data['status']}")
        self.stdout.write(
            f"  score {data['overall']}%, kelembagaan {data['kelembagaan']}%, "
            f"ODF {data['odf_percent'] or '-'}%"
        )
        self.stdout.write(f"  category reached: {data['category'] or 'none'} (target {data['target']})")
        for gap in data["gap"]:
            self.stdout.write(f"  for {data['next']}: {gap['message']}")
        changes = data["what_if"]["changes"]
        if changes:
            self.stdout.write(
                f"  fewest changes to reach {data['what_if']['target']}: "
                + ", ".join(f"{c['indicator']} {c['from']}→{c['to']}" for c in changes)
            )
