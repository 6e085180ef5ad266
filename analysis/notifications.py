"""Telling the right person: e-mails on review events, a daily digest of deadlines, an iCalendar feed.

Every message names a case by its id and docket number and links to it; none carries client text (names,
narratives, medical facts), because mail leaves the organisation's control. Mail goes out only after the
transaction that caused it commits, so a rolled-back action never announces itself. Each person can switch each
kind off (``NotificationSettings``); dates are on the organisation's clock.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

import icalendar
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from analysis import court, dashboards
from analysis.models import NotificationSettings
from intake import queries
from intake.models import Case, User

FEED_DAYS = 60  # the calendar carries dates this far ahead (filing dates fall at most 30 days out)


def settings_for(user: User) -> NotificationSettings:
    found, _ = NotificationSettings.objects.get_or_create(user=user)
    return found


def _wants(user: User, kind: str) -> bool:
    found = NotificationSettings.objects.filter(user=user).values_list(kind, flat=True).first()
    return True if found is None else found  # every kind is on until the person switches it off


def link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _case_line(case: Case) -> str:
    return f"case {case.pk} (No. {case.docket_number})"


def _mail(recipients, kind: str, subject: str, body: str) -> None:
    """Queue one message per recipient who wants this kind and has an address, sent once the transaction commits."""
    for user in {user.pk: user for user in recipients}.values():
        if user.is_active and user.email and _wants(user, kind):
            address = user.email
            transaction.on_commit(lambda address=address: send_mail(subject, body, None, [address]))


def case_submitted(case: Case, by: User) -> None:
    """To the assigned reviewer, or, when no reviewer is assigned, to every reviewer of the organisation."""
    assigned = case.assigned_to
    if assigned is not None and assigned.is_reviewer:
        recipients = [assigned]
    else:
        recipients = User.objects.filter(
            organisation=case.organisation, role=User.Role.REVIEWER, is_active=True
        )
    _mail(
        [user for user in recipients if user.pk != by.pk],
        "case_submitted",
        f"For review: {_case_line(case)}",
        f"{by} submitted {_case_line(case)} for review.\n\n"
        f"{link(reverse('analysis:case_review', args=[case.pk]))}\n",
    )


def _author(case: Case) -> list[User]:
    """Who carries the case for intake: its assignee (unless that is a reviewer), else whoever created it."""
    for user in (case.assigned_to, case.created_by):
        if user is not None and not user.is_reviewer:
            return [user]
    return [case.created_by] if case.created_by else []


def changes_requested(case: Case, by: User) -> None:
    _mail(
        _author(case),
        "changes_requested",
        f"Changes requested: {_case_line(case)}",
        f"{by} asked for changes on {_case_line(case)}. Open it to read the comment.\n\n"
        f"{link(case.get_absolute_url())}\n",
    )


def case_approved(case: Case, by: User, revision) -> None:
    approved_on = case.organisation.localtime(revision.approved_at)
    _mail(
        _author(case),
        "case_approved",
        f"Approved: {_case_line(case)}, revision {revision.number}",
        f"{by} approved revision {revision.number} of {_case_line(case)} on {approved_on:%Y-%m-%d %H:%M}. "
        f"Its documents are ready.\n\n{link(reverse('analysis:case_review', args=[case.pk]))}\n",
    )


# --- Deadlines: the digest and the calendar feed -------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    case: Case
    on: date
    label: str  # "Filing date opens", "Notice of appeal due", ...


def deadlines(user: User, today: date, days: int) -> list[Deadline]:
    """Filing dates, appeal deadlines and renewed-filing dates of the user's organisation in the next ``days``."""
    found = [
        Deadline(row.case, row.earliest_filing_date, "Earliest filing date")
        for row in dashboards.upcoming_filing_dates(user, today=today, days=days)
    ]
    found += [
        Deadline(item.case, item.on, item.label)
        for item in court.upcoming_court_dates(queries.cases_visible_to(user), today=today, days=days)
    ]
    return sorted(found, key=lambda item: (item.on, item.case.pk, item.label))


def send_digest(user: User, today: date | None = None) -> bool:
    """E-mail ``user`` the deadlines of the next two weeks, at most once per day (their organisation's day).

    Claiming the day is one conditional UPDATE, so two runs of the command (or two servers) send one digest."""
    if not (user.is_active and user.email and user.organisation_id):
        return False
    today = today or timezone.localdate(timezone=user.organisation.zone)
    preferences = settings_for(user)
    if not preferences.daily_digest:
        return False
    items = deadlines(user, today, dashboards.UPCOMING_DAYS)
    if not items:
        return False
    with transaction.atomic():
        claimed = (
            NotificationSettings.objects.filter(pk=preferences.pk)
            .exclude(digest_sent_on=today)
            .update(digest_sent_on=today)
        )
        if not claimed:
            return False
        lines = [f"{item.on:%a %Y-%m-%d}  {item.label}: {_case_line(item.case)}" for item in items]
        body = (
            f"Deadlines in the next {dashboards.UPCOMING_DAYS} days:\n\n"
            + "\n".join(lines)
            + f"\n\n{link(reverse('intake:home'))}\n"
        )
        _mail([user], "daily_digest", f"Safety Valve deadlines for {today:%Y-%m-%d}", body)
    return True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_calendar_token(user: User) -> str:
    """Make (or replace) the user's secret feed token; the old URL stops working. Only its hash is stored."""
    token = secrets.token_urlsafe(32)
    preferences = settings_for(user)
    preferences.calendar_token_sha256 = _digest(token)
    preferences.save(update_fields=["calendar_token_sha256"])
    return token


def revoke_calendar(user: User) -> None:
    NotificationSettings.objects.filter(user=user).update(calendar_token_sha256=None)


def user_for_token(token: str) -> User | None:
    """The active staff member whose feed this is, or None.

    The lookup is by the token's SHA-256, so its time depends on the hash, never on how much of a guessed
    token matches."""
    if not token or len(token) > 100:
        return None
    found = (
        NotificationSettings.objects.filter(calendar_token_sha256=_digest(token))
        .select_related("user__organisation")
        .first()
    )
    user = found.user if found else None
    return user if user is not None and user.is_active and user.organisation_id else None


def calendar(user: User, today: date | None = None) -> bytes:
    """The organisation's filing dates and appeal deadlines as all-day iCalendar events.

    Summaries carry the docket number only: calendars sync to third-party servers and are shared, and the
    docket number identifies the case for staff while naming no one (the client's surname would tie a person
    to a compassionate-release request)."""
    today = today or timezone.localdate(timezone=user.organisation.zone)
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Safety Valve//deadlines//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", "Safety Valve deadlines")
    stamp = timezone.now()
    for item in deadlines(user, today, FEED_DAYS):
        event = icalendar.Event()
        kind = item.label.lower().replace(" ", "-")
        event.add("uid", f"{kind}-{item.case.pk}-{item.on:%Y%m%d}@safety-valve")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("summary", f"{item.label}: No. {item.case.docket_number}")
        event.add("url", link(item.case.get_absolute_url()))
        feed.add_component(event)
    return feed.to_ical()
