"""After filing: motions, responses, rulings, the case timeline and the home page's court deadlines."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from analysis import court
from analysis.models import Filing
from intake.models import Case
from tests.factories import make_approved_case, make_case, make_organisation, make_triaged_case, make_user
from tests.intake.test_views import field_errors

# Ferguson's threshold facts: submitted 2020-05-15 (receipt unknown), denied 2020-05-26; the 30 days lapsed
# on Sunday 2020-06-14.
FERGUSON_REQUEST = {"submitted_on": date(2020, 5, 15), "response": "denied", "response_on": date(2020, 5, 26)}
# Revision 1 of the `approved` case: a motion cannot be filed before this date.
FERGUSON_APPROVED_ON = date(2020, 6, 1)


@pytest.fixture
def approved(org, intake_user, reviewer) -> Case:
    return make_approved_case(
        org,
        created_by=intake_user,
        approved_by=reviewer,
        texts=["He has stage IV lung cancer."],
        render_documents=False,
        warden_request=FERGUSON_REQUEST,
        approved_on=FERGUSON_APPROVED_ON,
    )


def file_motion(case, by, filed_on=date(2020, 6, 8), docket_entry=12) -> Filing:
    return court.record_filing(case=case, filing=Filing(filed_on=filed_on, docket_entry=docket_entry), by=by)


def rule_on(filing, by, **fields) -> Filing:
    for name, value in fields.items():
        setattr(filing, name, value)
    return court.update_filing(filing=filing, by=by)


# --- Services -----------------------------------------------------------------------------------------------


def test_a_filing_is_numbered_linked_to_the_approved_revision_and_sets_the_case_filing_date(
    approved, intake_user
):
    filing = file_motion(approved, intake_user)
    approved.refresh_from_db()
    assert filing.number == 1
    assert filing.revision == approved.revisions.get()
    assert filing.document == Filing.DEFAULT_DOCUMENT
    assert approved.motion_filed_on == date(2020, 6, 8)
    assert filing.recorded_by == intake_user


def test_a_draft_case_cannot_record_a_filing(org, intake_user):
    case = make_triaged_case(org, created_by=intake_user)
    with pytest.raises(ValidationError, match="once the case is approved"):
        file_motion(case, intake_user)
    assert not Filing.objects.exists()


def test_a_motion_may_be_filed_on_the_day_its_revision_was_approved(approved, intake_user):
    filing = file_motion(approved, intake_user, filed_on=FERGUSON_APPROVED_ON)
    assert filing.filed_on == FERGUSON_APPROVED_ON


def test_a_second_motion_waits_for_the_ruling_on_the_first(approved, intake_user, reviewer):
    first = file_motion(approved, intake_user)
    with pytest.raises(ValidationError, match="Motion 1 is still pending"):
        file_motion(approved, intake_user, filed_on=date(2020, 6, 20), docket_entry=20)
    rule_on(first, reviewer, ruling="dismissed_premature", ruling_on=date(2020, 6, 10))
    second = file_motion(approved, intake_user, filed_on=date(2020, 6, 20), docket_entry=20)
    approved.refresh_from_db()
    assert second.number == 2
    assert approved.motion_filed_on == date(2020, 6, 20)


def test_an_org_admin_cannot_record_court_events(approved, org_admin):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        file_motion(approved, org_admin)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ruling": "denied"}, "ruling_on", "Give the date of the order"),
        ({"ruling_on": date(2020, 7, 1)}, "ruling", "Choose the ruling"),
        ({"ruling": "denied", "ruling_on": date(2020, 6, 1)}, "ruling_on", "cannot come before the motion"),
        ({"ruling": "granted", "ruling_on": date(2020, 7, 1)}, "new_term_months", "Give the new term"),
        (
            {"ruling": "denied", "ruling_on": date(2020, 7, 1), "new_term_months": 120},
            "new_term_months",
            "goes with a grant only",
        ),
        (
            {"ruling": "granted", "ruling_on": date(2020, 7, 1), "new_term_months": 120, "time_served": True},
            "new_term_months",
            "not both",
        ),
        (
            {"response_on": date(2020, 6, 1), "threshold_position": "raised"},
            "response_on",
            "cannot come before",
        ),
        ({"response_on": date(2020, 6, 20)}, "threshold_position", "raised the filing threshold"),
        ({"ruling": "denied", "ruling_on": date.today() + timedelta(days=1)}, "ruling_on", "in the future"),
    ],
)
def test_inconsistent_court_facts_are_refused_and_nothing_is_saved(
    approved, intake_user, fields, field, message
):
    filing = file_motion(approved, intake_user)
    for name, value in fields.items():
        setattr(filing, name, value)
    with pytest.raises(ValidationError) as raised:
        court.update_filing(filing=filing, by=intake_user)
    assert field in raised.value.message_dict
    assert any(message in text for text in raised.value.message_dict[field])
    stored = Filing.objects.get(pk=filing.pk)
    assert (stored.ruling, stored.ruling_on, stored.response_on) == ("pending", None, None)


def test_the_database_refuses_a_ruling_without_a_date_even_past_the_form(approved, intake_user):
    from django.db import IntegrityError, transaction

    filing = file_motion(approved, intake_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Filing.objects.filter(pk=filing.pk).update(ruling="denied")


# --- Pages --------------------------------------------------------------------------------------------------


def test_reviewer_records_a_filing_and_a_denial_and_sees_the_appeal_deadline(approved, reviewer_client):
    response = reviewer_client.post(
        reverse("analysis:filing_create", args=[approved.pk]),
        {"filed_on": "2020-06-15", "docket_entry": "12", "document": Filing.DEFAULT_DOCUMENT},
    )
    assert response.status_code == 302
    response = reviewer_client.post(
        reverse("analysis:filing_ruling", args=[approved.pk, 1]),
        {"ruling": "denied", "ruling_on": "2020-11-12", "ruling_docket_entry": "30"},
    )
    assert response.status_code == 302
    page = reviewer_client.get(reverse("analysis:court", args=[approved.pk])).content.decode()
    # Day 14 is Thanksgiving Day: under Fed. R. App. P. 26(a)(1) the deadline runs forward to Friday.
    assert "Notice of appeal due <strong>Friday 2020-11-27</strong>" in page
    assert "Thursday 2020-11-26, is a federal holiday (Thanksgiving" in page
    assert "file by" not in page
    assert "Fed. R. App. P. 4(b)(1)(A), 4(b)(6)" in page and "Fed. R. App. P. 26(a)(1)" in page
    assert "28 U.S.C. § 1291" in page and "Ferguson, 55 F.4th at ___" in page
    assert "Abuse of discretion; statutory questions de novo." in page


def test_the_government_response_form_records_the_threshold_position(approved, intake_user, intake_client):
    file_motion(approved, intake_user)
    response = intake_client.post(
        reverse("analysis:filing_response", args=[approved.pk, 1]),
        {"response_on": "2020-06-29", "response_docket_entry": "15", "threshold_position": "not_raised"},
    )
    assert response.status_code == 302
    page = intake_client.get(reverse("analysis:court", args=[approved.pk])).content.decode()
    assert "it did not raise the threshold" in page
    assert "can waive or forfeit" in page and "Muhammad, 16 F.4th at 130" in page


def test_a_bad_ruling_shows_the_error_and_changes_nothing(approved, intake_user, intake_client):
    filing = file_motion(approved, intake_user)
    response = intake_client.post(
        reverse("analysis:filing_ruling", args=[approved.pk, 1]),
        {"ruling": "granted", "ruling_on": "2020-06-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The ruling cannot come before the motion was filed." in page
    filing.refresh_from_db()
    assert filing.ruling == "pending" and filing.ruling_on is None


def test_a_filing_date_before_the_revision_was_approved_is_refused_at_the_date(approved, intake_client):
    # The motion comes from revision 1, approved on 2020-06-01: it cannot have been filed before it existed.
    response = intake_client.post(
        reverse("analysis:filing_create", args=[approved.pk]),
        {"filed_on": "2020-01-01", "docket_entry": "12", "document": Filing.DEFAULT_DOCUMENT},
    )
    assert response.status_code == 200
    message = field_errors(response, "id_filed_on")
    assert "revision 1" in message and "approved on 2020-06-01" in message
    assert not Filing.objects.exists()
    approved.refresh_from_db()
    assert approved.motion_filed_on is None


def test_a_filing_for_a_case_not_yet_approved_is_refused_on_the_page(org, intake_user, intake_client):
    case = make_triaged_case(org, created_by=intake_user)
    response = intake_client.post(
        reverse("analysis:filing_create", args=[case.pk]),
        {"filed_on": "2020-06-15", "docket_entry": "3", "document": "Motion"},
    )
    assert response.status_code == 200
    assert "once the case is approved" in response.content.decode()
    assert not Filing.objects.exists()


def test_premature_dismissal_shows_the_renewal_date_and_offers_a_new_revision(
    approved, intake_user, intake_client
):
    filing = file_motion(approved, intake_user)
    rule_on(filing, intake_user, ruling="dismissed_premature", ruling_on=date(2020, 6, 10))
    page = intake_client.get(reverse("analysis:court", args=[approved.pk])).content.decode()
    assert "A renewed motion may be filed from <strong>Sunday 2020-06-14</strong>" in page
    assert "Start a renewed motion" in page
    response = intake_client.post(
        reverse("analysis:reopen", args=[approved.pk]), {"version": approved.version}
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == Case.Status.DRAFT
    assert approved.revisions.count() == 1  # the approved revision stays; the next approval is revision 2


def test_the_case_page_shows_the_timeline_with_rules_and_authorities(approved, intake_client):
    page = intake_client.get(approved.get_absolute_url()).content.decode()
    assert 'id="timeline"' in page
    assert "Sun 2020-06-14" in page and "30 days after the warden received the request" in page
    assert "28 C.F.R. § 571.61" in page


def test_court_pages_of_another_organisation_are_not_found(approved, outsider_client):
    for url in (
        reverse("analysis:court", args=[approved.pk]),
        reverse("analysis:filing_create", args=[approved.pk]),
    ):
        assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(reverse("analysis:filing_create", args=[approved.pk]), {}).status_code == 404
    assert not Filing.objects.exists()


# --- Home page ----------------------------------------------------------------------------------------------


def _approved_case(org, intake, reviewer, **warden_request) -> Case:
    return make_approved_case(
        org,
        created_by=intake,
        approved_by=reviewer,
        texts=["He has stage IV lung cancer."],
        render_documents=False,
        warden_request=warden_request,
        approved_on=warden_request["submitted_on"],
    )


def _home_section(client) -> str:
    page = client.get(reverse("intake:home")).content.decode()
    return page.split("court-dates-heading", 1)[1].split("</section>", 1)[0]


def _denied(case, by, days_ago):
    filing = file_motion(case, by, filed_on=date.today() - timedelta(days=days_ago + 10))
    return rule_on(filing, by, ruling="denied", ruling_on=date.today() - timedelta(days=days_ago))


def test_home_lists_appeal_deadlines_in_the_next_14_days_only(org, intake_user, reviewer, intake_client):
    recent = _approved_case(org, intake_user, reviewer, submitted_on=date.today() - timedelta(days=200))
    old = _approved_case(org, intake_user, reviewer, submitted_on=date.today() - timedelta(days=200))
    _denied(recent, intake_user, days_ago=3)
    _denied(old, intake_user, days_ago=20)
    section = _home_section(intake_client)
    assert f"United States v. {recent.client.name}" in section
    assert f"United States v. {old.client.name}" not in section
    assert "Notice of appeal due" in section


def test_home_lists_renewed_filing_dates_and_never_another_organisation(
    org, intake_user, reviewer, intake_client
):
    mine = _approved_case(
        org,
        intake_user,
        reviewer,
        submitted_on=date.today() - timedelta(days=25),
        received_on=date.today() - timedelta(days=24),
    )
    other_org = make_organisation()
    other_intake = make_user(other_org, "olga", role="intake")
    other_reviewer = make_user(other_org, "oscar", role="reviewer")
    theirs = _approved_case(
        other_org, other_intake, other_reviewer, submitted_on=date.today() - timedelta(days=200)
    )
    _denied(theirs, other_intake, days_ago=2)
    filing = file_motion(mine, intake_user, filed_on=date.today() - timedelta(days=10))
    rule_on(filing, intake_user, ruling="dismissed_premature", ruling_on=date.today() - timedelta(days=1))
    dates = court.upcoming_court_dates(Case.objects.filter(organisation=org))
    assert [(item.case, item.kind, item.on) for item in dates] == [
        (mine, "renewal", date.today() + timedelta(days=6))
    ]
    page = intake_client.get(reverse("intake:home")).content.decode()
    section = page.split("court-dates-heading", 1)[1].split("</section>", 1)[0]
    assert "Renewed motion may be filed" in section
    assert theirs.client.name not in page


def test_a_later_motion_replaces_the_earlier_ruling_on_the_home_page(approved, intake_user):
    first = file_motion(approved, intake_user, filed_on=date.today() - timedelta(days=9))
    rule_on(first, intake_user, ruling="dismissed_premature", ruling_on=date.today() - timedelta(days=8))
    file_motion(approved, intake_user, filed_on=date.today() - timedelta(days=2), docket_entry=30)
    assert court.upcoming_court_dates(Case.objects.filter(pk=approved.pk)) == []


def test_make_case_without_a_request_still_has_a_court_page(org, intake_user, intake_client):
    case = make_case(org, created_by=intake_user)
    page = intake_client.get(reverse("analysis:court", args=[case.pk])).content.decode()
    assert "No request to the warden is recorded" in page
    assert "once the case is approved" in page


def test_the_history_tab_records_who_recorded_the_ruling(approved, intake_user, intake_client):
    filing = file_motion(approved, intake_user)
    intake_client.post(
        reverse("analysis:filing_ruling", args=[approved.pk, filing.number]),
        {"ruling": "denied", "ruling_on": "2020-07-01", "ruling_docket_entry": "30"},
    )
    page = intake_client.get(reverse("intake:case_history", args=[approved.pk])).content.decode()
    assert "Motion 1" in page
    assert "Denied" in page and "2020-07-01" in page
