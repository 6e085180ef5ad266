"""After filing: record each motion, the government's response and the ruling; compute the case timeline.

The dates and the law are the engine's (``analysis.engine.build_timeline``); this module feeds it the recorded
facts and keeps the records consistent (one pending motion at a time, a new motion only from an approved
revision and not dated before its approval, the case's filing date following its newest motion).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from analysis import engine
from analysis.models import Filing
from intake.models import Case, User, WardenRequest


def _require_editor(user: User) -> None:
    if not user.can_edit_intake:
        raise PermissionDenied("Your role does not allow recording court events.")


def filing_facts(filings) -> list[engine.FilingFacts]:
    return [
        engine.FilingFacts(
            number=filing.number,
            filed_on=filing.filed_on,
            docket_entry=filing.docket_entry,
            response_on=filing.response_on,
            threshold_position=filing.threshold_position or None,
            ruling=None if filing.ruling == Filing.Ruling.PENDING else filing.ruling,
            ruling_on=filing.ruling_on,
            new_term=filing.new_term,
        )
        for filing in filings
    ]


def timeline_for(case: Case, warden_request: WardenRequest | None, filings) -> engine.Timeline:
    """The case's timeline under the current rule pack."""
    return engine.build_timeline(
        submitted=warden_request.submitted_on if warden_request else None,
        received=warden_request.received_on if warden_request else None,
        warden_response=warden_request.response_on if warden_request else None,
        appeal_exhausted=warden_request.appeals_exhausted_on if warden_request else None,
        circuit=case.circuit or None,
        filings=filing_facts(filings),
    )


def pending_filing(case: Case) -> Filing | None:
    return case.filings.filter(ruling=Filing.Ruling.PENDING).order_by("-number").first()


@transaction.atomic
def record_filing(*, case: Case, filing: Filing, by: User) -> Filing:
    """Record a new motion filed from the case's latest approved revision."""
    _require_editor(by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != Case.Status.APPROVED:
        raise ValidationError(
            "Record a filing once the case is approved: the filed documents come from an approved revision."
        )
    pending = pending_filing(case)
    if pending is not None:
        raise ValidationError(f"Motion {pending.number} is still pending; record its ruling first.")
    last = case.filings.order_by("-number").values_list("number", flat=True).first() or 0
    filing.case = case
    filing.number = last + 1
    filing.revision = case.revisions.order_by("-number").first()
    filing.recorded_by = by
    filing.full_clean(exclude=["case", "number"])
    approved_on = filing.revision.approved_on if filing.revision else None
    if approved_on and filing.filed_on < approved_on:
        # The filed documents are the revision's: a motion cannot be filed before they existed.
        raise ValidationError(
            {
                "filed_on": f"The motion cannot be filed before revision {filing.revision.number} was approved "
                f"on {approved_on:%Y-%m-%d}; check the filing date."
            }
        )
    filing.save()
    case.motion_filed_on = filing.filed_on
    case.save(update_fields=["motion_filed_on", "updated_at"])
    return filing


@transaction.atomic
def update_filing(*, filing: Filing, by: User) -> Filing:
    """Save the response or the ruling of a recorded motion (the form has already set the fields)."""
    _require_editor(by)
    Filing.objects.select_for_update().filter(pk=filing.pk).first()
    filing.recorded_by = by
    filing.full_clean(exclude=["case", "number"])
    filing.save()
    return filing


@dataclass
class CourtDate:
    """A date on a home page: the team must act on or before it."""

    case: Case
    kind: str  # "appeal" or "renewal"
    on: date
    label: str


def upcoming_court_dates(cases, today: date | None = None, days: int = 14) -> list[CourtDate]:
    """Appeal deadlines and renewed-filing dates in the next ``days`` days, soonest first.

    ``cases`` is an organisation-scoped queryset; only cases whose newest motion was ruled on recently enough
    can have such a date, so the query is bounded by the ruling date.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    pack = engine.current_rule_pack()
    appeal_days = pack.court.appeal_days if pack.court else 0
    recent = (
        Filing.objects.filter(case__in=cases)
        .exclude(ruling=Filing.Ruling.PENDING)
        .filter(ruling_on__gte=today - timedelta(days=max(appeal_days, 60)))
        .select_related("case__client", "case__warden_request")
        .prefetch_related("case__filings")
        .order_by("case_id", "-number")
    )
    dates = []
    for filing in recent:
        case = filing.case
        filings = list(case.filings.all())
        if filing.number != max(f.number for f in filings):
            continue  # only the newest motion of a case can still call for action
        timeline = timeline_for(case, getattr(case, "warden_request", None), filings)
        if timeline.appeal and today <= timeline.appeal.deadline <= horizon:
            dates.append(CourtDate(case, "appeal", timeline.appeal.deadline, "Notice of appeal due"))
        elif timeline.renewal and timeline.renewal.may_file_from:
            if today <= timeline.renewal.may_file_from <= horizon:
                dates.append(
                    CourtDate(case, "renewal", timeline.renewal.may_file_from, "Renewed motion may be filed")
                )
    return sorted(dates, key=lambda item: (item.on, item.case.pk))
