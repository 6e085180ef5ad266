"""E-mail each staff member the deadlines of the next two weeks: run once a day (cron); a second run that day
sends nothing again."""

from django.core.management.base import BaseCommand

from analysis import notifications
from intake.models import User


class Command(BaseCommand):
    help = "Send today's digest of filing dates and appeal deadlines (at most one per person per day)."

    def handle(self, *args, **options) -> None:
        staff = (
            User.objects.filter(is_active=True, organisation__isnull=False)
            .exclude(email="")
            .select_related("organisation")
            .order_by("pk")
        )
        sent = sum(notifications.send_digest(user) for user in staff)
        # Counts only: the digests themselves name cases, and logs and consoles carry no client data.
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
