"""python manage.py audit_checkpoint: write a signed checkpoint of the trail's head (daily)."""

from django.core.management.base import BaseCommand

from wistara.audit.checkpoints import checkpoint_write


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit chain's head outside the database "
        "(AUDIT_CHECKPOINT_DIR or AUDIT_CHECKPOINT_STORAGE), so that a trail cut or rewound "
        "later is detected by audit_check. Run it daily."
    )

    def handle(self, *args: object, **options: object) -> None:
        point = checkpoint_write()
        self.stdout.write(
            f"checkpoint {point['name']}: event {point['sequence']}"
            if point
            else "the trail is empty: no checkpoint written"
        )
