"""The review queue puts first what cannot wait and says why (issue 13, item 7)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from analysis import court, dashboards, review
from analysis.models import Filing
from tests.factories import make_approved_case, make_case_in_review, make_client

TODAY = date.today()


def _in_review(org, intake_user, name, **warden_request):
    return make_case_in_review(
        org,
        created_by=intake_user,
        client=make_client(org, name=name),
        texts=["He has stage IV lung cancer."],
        warden_request=warden_request,
    )


def _appeal_due_soon(org, intake_user, reviewer, name):
    """A case whose motion was denied three days ago, reopened and back in review: its notice of appeal is due."""
    case = make_approved_case(
        org,
        created_by=intake_user,
        approved_by=reviewer,
        client=make_client(org, name=name),
        texts=["He has stage IV lung cancer."],
        render_documents=False,
        warden_request={"submitted_on": TODAY - timedelta(days=200)},
        approved_on=TODAY - timedelta(days=14),
    )
    filing = court.record_filing(
        case=case, filing=Filing(filed_on=TODAY - timedelta(days=13), docket_entry=12), by=intake_user
    )
    filing.ruling, filing.ruling_on = "denied", TODAY - timedelta(days=3)
    court.update_filing(filing=filing, by=intake_user)
    review.reopen(case=case, by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    return case


def _queue(org, intake_user, reviewer):
    """Oldest submission first: waiting, appeal, open filing date, terminal illness (the reverse of urgency)."""
    waiting = _in_review(org, intake_user, "Walter Waiting", submitted_on=TODAY - timedelta(days=3))
    appeal = _appeal_due_soon(org, intake_user, reviewer, "Alma Appeal")
    open_filing = _in_review(org, intake_user, "Olive Open", submitted_on=TODAY - timedelta(days=40))
    terminal = _in_review(
        org, intake_user, "Terrence Terminal", submitted_on=TODAY - timedelta(days=2), terminal_illness=True
    )
    return waiting, appeal, open_filing, terminal


def test_the_queue_ranks_terminal_illness_then_an_open_filing_date_then_an_appeal_then_oldest(
    org, intake_user, reviewer
):
    waiting, appeal, open_filing, terminal = _queue(org, intake_user, reviewer)
    entries = dashboards.review_queue(reviewer, today=TODAY)
    assert [entry.case for entry in entries] == [terminal, open_filing, appeal, waiting]
    reasons = {entry.case: " ".join(entry.reasons) for entry in entries}
    due = TODAY - timedelta(days=2) + timedelta(days=14)
    assert f"BOP must process the request by {due:%Y-%m-%d}" in reasons[terminal]
    assert "18 U.S.C. § 3582(d)" in reasons[terminal]
    lapse = TODAY - timedelta(days=40) + timedelta(days=30)
    assert f"Filing date open since {lapse:%Y-%m-%d} (threshold met)" in reasons[open_filing]
    appeal_due = court.upcoming_court_dates(dashboards.review_queue_cases(reviewer), today=TODAY)[0].on
    assert reasons[appeal] == f"Notice of appeal due {appeal_due:%Y-%m-%d}"
    assert reasons[waiting].startswith("Waiting since ")


def test_within_a_tier_the_sooner_date_then_the_older_submission_comes_first(org, intake_user):
    later = _in_review(org, intake_user, "Later", submitted_on=TODAY - timedelta(days=40))
    earlier = _in_review(org, intake_user, "Earlier", submitted_on=TODAY - timedelta(days=60))
    second = _in_review(org, intake_user, "Second", submitted_on=TODAY - timedelta(days=3))
    first = _in_review(org, intake_user, "First", submitted_on=TODAY - timedelta(days=3))
    type(first).objects.filter(pk=first.pk).update(submitted_for_review_at=timezone.now() - timedelta(days=5))
    entries = dashboards.review_queue(intake_user, today=TODAY)
    assert [entry.case for entry in entries] == [earlier, later, first, second]


def test_an_overdue_terminal_request_says_bop_had_to_decide(org, intake_user):
    case = _in_review(
        org, intake_user, "Overdue", submitted_on=TODAY - timedelta(days=20), terminal_illness=True
    )
    (entry,) = dashboards.review_queue(intake_user, today=TODAY)
    assert entry.case == case and entry.tier == dashboards.Tier.TERMINAL
    assert entry.reasons[0].startswith("Terminal illness: BOP had to process the request by ")
    assert "Filing date open" not in " ".join(entry.reasons)  # submitted 20 days ago: the 30 days run on


def test_the_terminal_illness_deadline_and_its_words_are_the_law_text_s(org, intake_user, monkeypatch):
    from analysis.engine import current_rule_pack

    monkeypatch.setitem(current_rule_pack().law.constants, "terminal_days", 10)
    submitted = TODAY - timedelta(days=2)
    _in_review(org, intake_user, "Tess Terminal", submitted_on=submitted, terminal_illness=True)
    (entry,) = dashboards.review_queue(intake_user, today=TODAY)
    due = submitted + timedelta(days=10)
    assert entry.key_date == due
    assert (
        entry.reasons[0]
        == current_rule_pack().text("queue.terminal", verb="must", due=f"{due:%Y-%m-%d}").plain
    )
    assert "10 days after receiving it (18 U.S.C. § 3582(d))" in entry.reasons[0]


def test_the_queue_page_and_home_show_the_urgent_first_with_the_reason(
    org, intake_user, reviewer, reviewer_client
):
    waiting, appeal, open_filing, terminal = _queue(org, intake_user, reviewer)
    for url in (reverse("analysis:review_queue"), reverse("intake:home")):
        page = reviewer_client.get(url).content.decode()
        names = [c.client.name for c in (terminal, open_filing, appeal, waiting)]
        positions = [page.index(name) for name in names]
        assert positions == sorted(positions), url
        assert "Why here" in page and "18 U.S.C. § 3582(d)" in page and "(threshold met)" in page


def test_the_queue_page_makes_a_fixed_number_of_queries(
    org, intake_user, reviewer, reviewer_client, django_assert_max_num_queries
):
    _queue(org, intake_user, reviewer)
    with django_assert_max_num_queries(40) as few:
        reviewer_client.get(reverse("analysis:review_queue"))
    for n in range(8):
        _in_review(
            org, intake_user, f"More {n}", submitted_on=TODAY - timedelta(days=n * 10), terminal_illness=n % 2
        )
        _appeal_due_soon(org, intake_user, reviewer, f"Appeal {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert reviewer_client.get(reverse("analysis:review_queue")).status_code == 200


def test_intake_home_lists_their_cases_in_review_and_sent_back(org, intake_user, reviewer, intake_client):
    from tests.factories import make_user

    colleague = make_user(org, "colleague")
    mine = _in_review(org, intake_user, "Mina Mine", submitted_on=TODAY - timedelta(days=3))
    theirs = _in_review(org, colleague, "Theo Theirs", submitted_on=TODAY - timedelta(days=3))
    back = _in_review(org, intake_user, "Bella Back", submitted_on=TODAY - timedelta(days=3))
    review.request_changes(case=back, by=reviewer, comment="Add the BP-10 date.")
    page = intake_client.get(reverse("intake:home")).content.decode()
    waiting = page.split('id="my-review-heading"', 1)[1].split("</section>", 1)[0]
    sent_back = page.split('id="sent-back-heading"', 1)[1].split("</section>", 1)[0]
    assert (
        mine.client.name in waiting and theirs.client.name not in waiting and back.client.name not in waiting
    )
    assert back.client.name in sent_back and "Add the BP-10 date." in sent_back
    assert mine.client.name not in sent_back
