"""Home page and review-queue read models: right figures, organisation-scoped, and bounded work at scale."""

from datetime import date, timedelta

from django.urls import reverse

from analysis import dashboards, review
from tests.factories import (
    accept_every_argument,
    make_argument,
    make_case,
    make_case_in_review,
    make_organisation,
    make_triaged_case,
    make_user,
    make_warden_request,
)


def test_totals_count_open_arguments_with_a_reviewers_decision_winning(org, intake_user, reviewer):
    draft = make_triaged_case(org, created_by=intake_user)  # medical, plea offer, FSA credits
    in_review = make_case_in_review(org, created_by=intake_user)
    plea = in_review.arguments.get(order=1)
    review.decide_argument(
        argument=plea,
        by=reviewer,
        accept=False,
        disposition="compassionate_release",
        ground="other",
        reason="A reviewer's call.",
    )
    untriaged = make_case(org, created_by=intake_user)
    make_argument(untriaged, text="Something the engine has not seen yet.")
    approved = make_case_in_review(org, created_by=intake_user)
    accept_every_argument(approved, reviewer)
    approved.status = "approved"
    approved.save()
    make_triaged_case(make_organisation(), created_by=make_user(make_organisation(), "zed"))

    totals = dict(dashboards.disposition_totals(intake_user))
    # draft: 1 CR, 1 § 2255, 1 other vehicle; in review: the plea claim decided as CR; approved: left out
    assert totals["Compassionate release"] == 3
    assert totals["Collateral attack (§ 2255)"] == 1
    assert totals["Other vehicle"] == 2
    assert totals["Not yet triaged"] == 1
    assert draft.arguments.count() == 3


def test_upcoming_filing_dates_find_the_lapse_in_the_next_two_weeks_only(org, intake_user):
    today = date(2026, 11, 27)
    soon = make_case(org, created_by=intake_user)
    make_warden_request(soon, submitted_on=today - timedelta(days=25), received_on=today - timedelta(days=22))
    assumed = make_case(org, created_by=intake_user)
    make_warden_request(assumed, submitted_on=today - timedelta(days=20))  # receipt unknown: from submission
    past = make_case(org, created_by=intake_user)
    make_warden_request(past, submitted_on=today - timedelta(days=45), received_on=today - timedelta(days=40))
    far = make_case(org, created_by=intake_user)
    make_warden_request(far, submitted_on=today - timedelta(days=3))
    rows = dashboards.upcoming_filing_dates(intake_user, today=today)
    assert [(row.case, row.earliest_filing_date) for row in rows] == [
        (soon, today + timedelta(days=8)),
        (assumed, today + timedelta(days=10)),
    ]


def test_home_shows_the_ten_oldest_waiting_cases_and_links_to_the_rest(org, intake_user, reviewer_client):
    cases = [
        make_case_in_review(org, created_by=intake_user, texts=["He has stage IV lung cancer."])
        for _ in range(11)
    ]
    page = reviewer_client.get(reverse("intake:home")).content.decode()
    queue = page.split('id="queue-heading"', 1)[1].split("</section>", 1)[0]
    assert queue.count("United States v.") == 10
    assert cases[0].client.name in queue and cases[-1].client.name not in queue
    assert "All 11 cases waiting for review" in queue


def test_the_review_queue_is_paginated_oldest_first(org, intake_user, reviewer_client, monkeypatch):
    from analysis import views

    monkeypatch.setattr(views, "REVIEW_QUEUE_PAGE_SIZE", 2)
    cases = [
        make_case_in_review(org, created_by=intake_user, texts=["He has stage IV lung cancer."])
        for _ in range(3)
    ]
    first = reviewer_client.get(reverse("analysis:review_queue")).content.decode()
    second = reviewer_client.get(reverse("analysis:review_queue") + "?page=2").content.decode()
    assert cases[0].client.name in first and cases[1].client.name in first
    assert cases[2].client.name not in first and cases[2].client.name in second
    assert "Page 1 of 2" in first and "3 cases waiting" in first


def test_home_page_queries_do_not_grow_with_the_number_of_cases(
    org, intake_user, reviewer, reviewer_client, django_assert_max_num_queries
):
    def load():
        return reviewer_client.get(reverse("intake:home"))

    make_case_in_review(org, created_by=intake_user)
    load()
    for _ in range(12):
        case = make_triaged_case(org, created_by=intake_user, texts=["He has stage IV lung cancer."])
        review.submit_for_review(case=case, by=intake_user)
    with django_assert_max_num_queries(20):
        assert load().status_code == 200
