import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from analysis.demo import DEMO_PASSWORD, STAFF, load_demo


@contextmanager
def _quietly():
    """Keep the demo's own approvals from printing whole e-mails and WeasyPrint's font notices to the console.

    The demo approves cases as the demo reviewer; the notification e-mails go to an in-memory outbox here,
    because nobody reads them and in development the console backend would print each one in full.
    """
    weasyprint = logging.getLogger("weasyprint")
    level = weasyprint.level
    weasyprint.setLevel(logging.ERROR)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        weasyprint.setLevel(level)


class Command(BaseCommand):
    help = "Load the demo organisation, users and cases (idempotent; development only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates users with a published password; it runs only with DEBUG=true."
            )
        with _quietly():
            organisation, created = load_demo()
        self.stdout.write(f"Demo organisation: {organisation}")
        if created:
            self.stdout.write(f"  created {len(created)} users and cases")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, _first, _last, role in STAFF:
            self.stdout.write(f"  {username:<10} {role.label}")
