"""Read models for home pages and the review queue (organisation-scoped through intake.queries)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from analysis import triage
from analysis.models import DISPOSITIONS
from intake import queries
from intake.models import Argument, Case, User

UPCOMING_DAYS = 14


@dataclass
class CaseRow:
    case: Case
    counts: dict[str, int]
    earliest_filing_date: date | None


def _rows(cases) -> list[CaseRow]:
    cases = cases.select_related("warden_request").prefetch_related(
        Prefetch("arguments", queryset=Argument.objects.select_related("assessment", "decision"))
    )
    rows = []
    for case in cases:
        counts = Counter()
        for argument in case.arguments.all():
            decision = getattr(argument, "decision", None)
            assessment = getattr(argument, "assessment", None)
            disposition = (decision or assessment).disposition if (decision or assessment) else "unassessed"
            counts[disposition] += 1
        threshold = triage.threshold_for(getattr(case, "warden_request", None), case)
        rows.append(CaseRow(case, dict(counts), threshold.earliest_filing_date if threshold else None))
    return rows


def review_queue(user: User) -> list[CaseRow]:
    """Cases waiting for review, oldest submission first."""
    cases = (
        queries.cases_visible_to(user)
        .filter(status=Case.Status.IN_REVIEW)
        .order_by("submitted_for_review_at", "pk")
    )
    return _rows(cases)


def open_case_rows(user: User) -> list[CaseRow]:
    return _rows(queries.cases_visible_to(user).exclude(status=Case.Status.APPROVED))


def upcoming_filing_dates(rows: list[CaseRow], today: date | None = None) -> list[CaseRow]:
    """Open cases whose earliest filing date falls within the next two weeks, soonest first."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=UPCOMING_DAYS)
    upcoming = [
        row for row in rows if row.earliest_filing_date and today <= row.earliest_filing_date <= horizon
    ]
    return sorted(upcoming, key=lambda row: row.earliest_filing_date)


def disposition_totals(rows: list[CaseRow]) -> list[tuple[str, int]]:
    totals = Counter()
    for row in rows:
        totals.update(row.counts)
    return [(label, totals.get(key, 0)) for key, label in DISPOSITIONS.items()] + (
        [("Not yet triaged", totals["unassessed"])] if totals.get("unassessed") else []
    )
