"""Notifications (issue 13, item 8): who is e-mailed when, after commit, without client text; the daily digest;
each person's switches; the secret-URL calendar feed."""

from datetime import date, timedelta
from io import StringIO

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from analysis import notifications, review
from analysis.models import NotificationSettings
from intake.models import Case
from tests.factories import (
    accept_every_argument,
    make_case,
    make_case_in_review,
    make_client,
    make_organisation,
    make_triaged_case,
    make_user,
    make_warden_request,
)

TODAY = date.today()
CLIENT = "Marisol Quintanilla"
CLAIM = "She has stage IV lung cancer that has spread to her bones."


@pytest.fixture
def team(org, intake_user):
    intake_user.email = "alice@org-a.example"
    intake_user.save()
    return {
        "rita": make_user(org, "rita2", role="reviewer", email="rita@org-a.example"),
        "ravi": make_user(org, "ravi", role="reviewer", email="ravi@org-a.example"),
        "outsider": make_user(make_organisation(), "otto", role="reviewer", email="otto@org-b.example"),
    }


def _draft(org, intake_user, **overrides):
    return make_triaged_case(
        org, created_by=intake_user, client=make_client(org, name=CLIENT), texts=[CLAIM], **overrides
    )


def _assert_no_client_text(message):
    for text in (message.subject, message.body):
        assert CLIENT not in text and "Quintanilla" not in text and "cancer" not in text


def test_a_submission_goes_to_the_assigned_reviewer_after_commit(
    org, intake_user, team, django_capture_on_commit_callbacks
):
    case = _draft(org, intake_user, assigned_to=team["rita"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        review.submit_for_review(case=case, by=intake_user)
        assert not mail.outbox  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["rita@org-a.example"]
    assert message.subject == f"For review: case {case.pk} (No. {case.docket_number})"
    assert f"http://localhost:8000/cases/{case.pk}/review/" in message.body
    _assert_no_client_text(message)


def test_without_an_assigned_reviewer_every_reviewer_of_the_organisation_is_told(
    org, intake_user, team, django_capture_on_commit_callbacks
):
    case = _draft(org, intake_user, assigned_to=intake_user)
    with django_capture_on_commit_callbacks(execute=True):
        review.submit_for_review(case=case, by=intake_user)
    assert sorted(m.to[0] for m in mail.outbox) == ["ravi@org-a.example", "rita@org-a.example"]


def test_a_rolled_back_submission_sends_nothing(org, intake_user, team, django_capture_on_commit_callbacks):
    case = _draft(org, intake_user)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            review.submit_for_review(case=case, by=intake_user)
            raise RuntimeError("something later in the request failed")
    assert not mail.outbox
    assert Case.objects.get(pk=case.pk).status == "draft"


def test_each_kind_can_be_switched_off(org, intake_user, team, django_capture_on_commit_callbacks):
    NotificationSettings.objects.create(user=team["rita"], case_submitted=False)
    NotificationSettings.objects.create(user=intake_user, changes_requested=False, case_approved=True)
    case = _draft(org, intake_user)
    with django_capture_on_commit_callbacks(execute=True):
        review.submit_for_review(case=case, by=intake_user)
        review.request_changes(case=case, by=team["ravi"], comment="Add the BP-10 date.")
    assert [m.to for m in mail.outbox] == [["ravi@org-a.example"]]  # rita and the sent-back mail are off


def test_the_approval_mail_gives_the_time_on_the_organisations_clock(
    org, intake_user, team, django_capture_on_commit_callbacks
):
    org.time_zone = "Pacific/Auckland"
    org.save()
    case = make_case_in_review(
        org, created_by=intake_user, client=make_client(org, name=CLIENT), texts=[CLAIM]
    )
    accept_every_argument(case, team["rita"])
    with django_capture_on_commit_callbacks(execute=True):
        revision = review.approve(case=case, by=team["rita"], threshold_acknowledged=True)
    (message,) = mail.outbox
    local = org.localtime(revision.approved_at)
    assert message.to == ["alice@org-a.example"]
    assert f"on {local:%Y-%m-%d %H:%M}" in message.body
    _assert_no_client_text(message)


# --- The daily digest -------------------------------------------------------------------------------------


def _filing_date_in_five_days(org, intake_user):
    case = make_case(org, created_by=intake_user, client=make_client(org, name=CLIENT))
    make_warden_request(case, submitted_on=TODAY - timedelta(days=25))  # receipt unknown: lapse in 5 days
    return case


def test_the_digest_lists_the_deadlines_once_a_day(
    org, intake_user, team, django_capture_on_commit_callbacks
):
    case = _filing_date_in_five_days(org, intake_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_digest(intake_user, today=TODAY)
        assert not notifications.send_digest(intake_user, today=TODAY)  # the same day: nothing again
    (message,) = mail.outbox
    assert message.to == ["alice@org-a.example"]
    due = TODAY + timedelta(days=5)
    assert (
        f"{due:%a %Y-%m-%d}  Earliest filing date: case {case.pk} (No. {case.docket_number})" in message.body
    )
    _assert_no_client_text(message)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_digest(intake_user, today=TODAY + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_the_digest_command_is_idempotent_and_respects_the_switch(
    org, intake_user, team, django_capture_on_commit_callbacks
):
    _filing_date_in_five_days(org, intake_user)
    NotificationSettings.objects.create(user=team["ravi"], daily_digest=False)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", stdout=out)
        call_command("send_digest", stdout=out)
    # alice and rita (org A, digest on); not ravi (off) nor otto (org B has no deadline).
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@org-a.example", "rita@org-a.example"]
    assert out.getvalue().splitlines() == ["Sent 2 digests.", "Sent 0 digests."]


# --- The settings page and the calendar feed -----------------------------------------------------------------


def test_the_settings_page_switches_kinds_off(intake_user, intake_client):
    url = reverse("analysis:notification_settings")
    page = intake_client.get(url).content.decode()
    assert "a daily digest of filing dates and appeal deadlines" in page.lower()
    response = intake_client.post(url, {"action": "save", "case_submitted": "on", "case_approved": "on"})
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user=intake_user)
    assert (saved.case_submitted, saved.changes_requested, saved.case_approved, saved.daily_digest) == (
        True,
        False,
        True,
        False,
    )


def _new_feed_url(client) -> str:
    page = client.post(reverse("analysis:notification_settings"), {"action": "calendar_new"}).content.decode()
    start = page.index('value="', page.index('id="feed-url"')) + len('value="')
    return page[start : page.index('"', start)].removeprefix("http://localhost:8000")


def test_the_feed_carries_filing_dates_by_docket_number_at_a_secret_url_that_can_be_regenerated_and_revoked(
    org, intake_user, intake_client, client
):
    case = _filing_date_in_five_days(org, intake_user)
    make_case(make_organisation(), docket_number="9:99-cr-99999")  # another organisation's: never in the feed
    url = _new_feed_url(intake_client)

    response = client.get(url)  # no sign-in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    feed = icalendar.Calendar.from_ical(response.content)
    (event,) = feed.walk("VEVENT")
    assert str(event["summary"]) == f"Earliest filing date: No. {case.docket_number}"
    assert event.decoded("dtstart") == TODAY + timedelta(days=5)
    assert CLIENT.encode() not in response.content and b"Quintanilla" not in response.content

    newer = _new_feed_url(intake_client)
    assert newer != url
    assert client.get(url).status_code == 404  # the old link stopped working
    assert client.get(newer).status_code == 200
    intake_client.post(reverse("analysis:notification_settings"), {"action": "calendar_revoke"})
    assert client.get(newer).status_code == 404


def test_a_bad_or_inactive_token_is_a_404(org, intake_user, intake_client, client):
    assert client.get(reverse("analysis:calendar_feed", args=["not-a-token"])).status_code == 404
    url = _new_feed_url(intake_client)
    intake_user.is_active = False
    intake_user.save()
    assert client.get(url).status_code == 404


def test_the_token_is_stored_only_as_its_hash(intake_user):
    token = notifications.new_calendar_token(intake_user)
    stored = NotificationSettings.objects.get(user=intake_user).calendar_token_sha256
    assert token not in stored and len(stored) == 64
    assert notifications.user_for_token(token) == intake_user
