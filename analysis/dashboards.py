"""Read models for home pages and the review queue (organisation-scoped through intake.queries).

They must stay fast with thousands of open cases: counts are computed in SQL, and the threshold engine runs
only on the few cases whose filing date can still fall in the window (see docs/performance.md).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import IntEnum

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from analysis import court, engine, outcomes, triage
from analysis.models import DISPOSITIONS
from intake import queries
from intake.models import Argument, Case, User

UPCOMING_DAYS = 14


@dataclass
class CaseRow:
    case: Case
    counts: dict[str, int]
    earliest_filing_date: date | None
    reasons: list[str] = field(default_factory=list)  # why the review queue puts the case where it is


def rows_for(cases, reasons: dict[int, list[str]] | None = None) -> list[CaseRow]:
    """One row per case (in the order given) with its arguments counted by disposition (a decision wins over the
    assessment); ``reasons`` maps a case id to why the queue ranks it there."""
    cases = list(cases)
    prefetch_related_objects(
        cases,
        "client",
        "warden_request",
        Prefetch("arguments", queryset=Argument.objects.select_related("assessment", "decision")),
    )
    rows = []
    for case in cases:
        counts: dict[str, int] = {}
        for argument in case.arguments.all():
            outcome = outcomes.outcome_of(argument)
            disposition = outcome.disposition if outcome else "unassessed"
            counts[disposition] = counts.get(disposition, 0) + 1
        threshold = triage.threshold_for(getattr(case, "warden_request", None), case)
        earliest = threshold.earliest_filing_date if threshold else None
        rows.append(CaseRow(case, counts, earliest, (reasons or {}).get(case.pk, [])))
    return rows


# --- The review queue: what cannot wait first -----------------------------------------------------------------


class Tier(IntEnum):
    """Why a case is where it is in the queue; a lower tier comes first (the order of issue 13, item 7)."""

    TERMINAL = 0  # terminal illness: BOP must process the request within terminal_days (the law text's)
    FILING_OPEN = 1  # the threshold is met: the motion can be filed today
    APPEAL_SOON = 2  # a notice of appeal is due within UPCOMING_DAYS
    WAITING = 3  # nothing presses: oldest submission first


@dataclass
class QueueEntry:
    case: Case
    tier: Tier
    key_date: date | None  # within a tier: the soonest deadline (or the longest-open filing date) first
    reasons: list[str]


def queue_sort_key(entry: QueueEntry) -> tuple:
    """The one ordering of the review queue: tier, then the tier's date, then the oldest submission."""
    submitted = entry.case.submitted_for_review_at
    return (entry.tier, entry.key_date or date.max, submitted is None, submitted, entry.case.pk)


def queue_entry(case: Case, *, today: date, appeal_due: date | None) -> QueueEntry:
    """Rank one case in review and say why, from its warden request, threshold and court dates."""
    warden_request = getattr(case, "warden_request", None)
    ranks: list[tuple[Tier, date | None]] = []
    reasons: list[str] = []
    if warden_request is not None and warden_request.terminal_illness:
        received = warden_request.received_on or warden_request.submitted_on
        # 18 U.S.C. § 3582(d) (LAW.md § 1): the day count and the sentence are the law text's.
        law = engine.current_rule_pack()
        due = received + timedelta(days=law.law.constants["terminal_days"])
        ranks.append((Tier.TERMINAL, due))
        verb = "had to" if due < today else "must"
        reasons.append(law.text("queue.terminal", verb=verb, due=f"{due:%Y-%m-%d}").plain)
    threshold = triage.threshold_for(warden_request, case, as_of=today)
    if threshold is not None and engine.may_file_now(
        threshold.satisfied, threshold.earliest_filing_date, today
    ):
        ranks.append((Tier.FILING_OPEN, threshold.earliest_filing_date))
        reasons.append(f"Filing date open since {threshold.earliest_filing_date:%Y-%m-%d} (threshold met)")
    if appeal_due is not None:
        ranks.append((Tier.APPEAL_SOON, appeal_due))
        reasons.append(f"Notice of appeal due {appeal_due:%Y-%m-%d}")
    if not ranks:
        ranks.append((Tier.WAITING, None))
        submitted = case.submitted_for_review_at
        reasons.append(
            f"Waiting since {timezone.localtime(submitted):%Y-%m-%d}" if submitted else "Waiting for review"
        )
    tier, key_date = min(ranks, key=lambda rank: rank[0])
    return QueueEntry(case, tier, key_date, reasons)


def review_queue_cases(user: User) -> QuerySet[Case]:
    return queries.cases_visible_to(user).filter(status=Case.Status.IN_REVIEW)


def review_queue(user: User, today: date | None = None) -> list[QueueEntry]:
    """Every case waiting for review, most urgent first, in a fixed number of queries.

    Cases in review are few (a team's week of work), so all are ranked in Python: paginate the list, then call
    ``rows_for`` on a page."""
    today = today or timezone.localdate()
    cases = review_queue_cases(user).select_related("warden_request")
    appeals = {
        item.case.pk: item.on
        for item in court.upcoming_court_dates(cases, today=today, days=UPCOMING_DAYS)
        if item.kind == "appeal"
    }
    entries = [queue_entry(case, today=today, appeal_due=appeals.get(case.pk)) for case in cases]
    return sorted(entries, key=queue_sort_key)


def queue_rows(entries: list[QueueEntry]) -> list[CaseRow]:
    return rows_for([entry.case for entry in entries], {entry.case.pk: entry.reasons for entry in entries})


def open_cases(user: User) -> QuerySet[Case]:
    return queries.cases_visible_to(user).exclude(status=Case.Status.APPROVED)


def upcoming_filing_dates(user: User, today: date | None = None, days: int = UPCOMING_DAYS) -> list[CaseRow]:
    """Open cases whose earliest filing date falls within the next ``days`` days, soonest first."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
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
