from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intake.demo import DEMO_PASSWORD, STAFF, load_demo


class Command(BaseCommand):
    help = "Load the demo organisation, users and cases (idempotent; development only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates users with a published password; it runs only with DEBUG=true."
            )
        organisation, created = load_demo()
        self.stdout.write(f"Demo organisation: {organisation}")
        for line in created:
            self.stdout.write(f"  created {line}")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, _first, _last, role in STAFF:
            self.stdout.write(f"  {username:<10} {role.label}")
