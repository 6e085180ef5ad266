"""List closed cases due for erasure under RETENTION_YEARS: `python manage.py retention [--years N]`.

Prints case ids, organisation ids and the date of the last change, never client text. It erases nothing: an
organisation admin erases a case on its Erase page, after typing its docket number.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from analysis import erasure


class Command(BaseCommand):
    help = "List closed cases (approved, no motion pending) unchanged for more than RETENTION_YEARS years."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--years", type=int, help="override RETENTION_YEARS for this listing")

    def handle(self, *args, years: int | None = None, **options) -> None:
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1.")
        years = years or settings.RETENTION_YEARS
        cases = list(erasure.cases_due_for_erasure(years=years))
        self.stdout.write(
            f"{len(cases)} closed case{'s' if len(cases) != 1 else ''} unchanged for more than {years} years:"
        )
        for case in cases:
            self.stdout.write(
                f"case {case.pk} (organisation {case.organisation_id}), last changed {case.updated_at:%Y-%m-%d}"
            )
