"""Read models for home pages and the review queue (organisation-scoped through intake.queries).

They must stay fast with thousands of open cases: counts are computed in SQL, and the threshold engine runs
only on the few cases whose filing date can still fall in the window (see docs/performance.md).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from analysis import engine, outcomes, triage
from analysis.models import DISPOSITIONS
from intake import queries
from intake.models import Argument, Case, User

UPCOMING_DAYS = 14


@dataclass
class CaseRow:
    case: Case
    counts: dict[str, int]
    earliest_filing_date: date | None


def rows_for(cases) -> list[CaseRow]:
    """One row per case with its arguments counted by disposition (a decision wins over the assessment)."""
    cases = cases.select_related("warden_request").prefetch_related(
        Prefetch("arguments", queryset=Argument.objects.select_related("assessment", "decision"))
    )
    rows = []
    for case in cases:
        counts: dict[str, int] = {}
        for argument in case.arguments.all():
            outcome = outcomes.outcome_of(argument)
            disposition = outcome.disposition if outcome else "unassessed"
            counts[disposition] = counts.get(disposition, 0) + 1
        threshold = triage.threshold_for(getattr(case, "warden_request", None), case)
        rows.append(CaseRow(case, counts, threshold.earliest_filing_date if threshold else None))
    return rows


def review_queue_cases(user: User) -> QuerySet[Case]:
    """Cases waiting for review, oldest submission first (paginate, then call ``rows_for`` on a page)."""
    return (
        queries.cases_visible_to(user)
        .filter(status=Case.Status.IN_REVIEW)
        .order_by("submitted_for_review_at", "pk")
    )


def open_cases(user: User) -> QuerySet[Case]:
    return queries.cases_visible_to(user).exclude(status=Case.Status.APPROVED)


def upcoming_filing_dates(user: User, today: date | None = None) -> list[CaseRow]:
    """Open cases whose earliest filing date falls within the next two weeks, soonest first."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=UPCOMING_DAYS)
    # The earliest filing date is never later than the warden's receipt (or, unknown, the submission) plus the
    # lapse, so only requests that recent can still reach it.
    lapse_days = engine.current_rule_pack().threshold.lapse_days
    candidates = (
        open_cases(user)
        .filter(warden_request__isnull=False)
        .annotate(clock_start=Coalesce("warden_request__received_on", "warden_request__submitted_on"))
        .filter(clock_start__gte=today - timedelta(days=lapse_days))
        .select_related("warden_request")
    )
    rows = []
    for case in candidates:
        threshold = triage.threshold_for(case.warden_request, case)
        if today <= threshold.earliest_filing_date <= horizon:
            rows.append(CaseRow(case, {}, threshold.earliest_filing_date))
    return sorted(rows, key=lambda row: (row.earliest_filing_date, row.case.pk))


def disposition_totals(user: User) -> list[tuple[str, int]]:
    """Arguments of the open cases by disposition, a reviewer's decision winning over the engine's."""
    counted = (
        Argument.objects.filter(case__in=open_cases(user))
        .annotate(disposition=outcomes.EFFECTIVE_DISPOSITION)
        .values("disposition")
        .annotate(n=Count("pk"))
    )
    totals = {row["disposition"]: row["n"] for row in counted}
    return [(label, totals.get(key, 0)) for key, label in DISPOSITIONS.items()] + (
        [("Not yet triaged", totals["unassessed"])] if totals.get("unassessed") else []
    )
