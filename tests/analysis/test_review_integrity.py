"""Issue 11, items 1-6: the review records what the reviewer decided, and nothing else.

1. a refused decision comes back exactly as posted, and an accept that carries an outcome is refused;
2. once decided, the reviewer's decision is the disposition everywhere (Overview, queue, home, documents);
3. the review page shows the issue-exhaustion warnings;
4. nobody who changed the revision approves it when the organisation requires independent approval;
5. every service that changes a case locks the case row first and checks it second;
6. every review action requires the version the page was loaded with.
"""

import re
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from analysis import documents, review, snapshot, triage
from analysis.forms import STALE_PAGE
from analysis.models import Decision, ReviewNote, Revision
from intake import services
from intake.models import Argument, Case, WardenRequest
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
from tests.review_pages import decision_post, page_text, review_url, status_of, version_of

pytestmark = pytest.mark.usefixtures("skip_document_rendering")

REASON = "The credits claim is really a request that the court shorten the sentence; nothing else is left."


def argument_item(html: str, argument) -> str:
    """The review or case page's <li> of one argument."""
    match = re.search(
        rf'<li class="argument[^"]*" id="argument-{argument.pk}">(.*?)</li>\s*(?=<li class="argument|</ol>)',
        html,
        re.S,
    )
    assert match, f"argument {argument.pk} is not on the page"
    return match.group(1)


def override_credits(case: Case, reviewer) -> Argument:
    """Override the BOP-credits argument (engine: other vehicle) as foreclosed."""
    credits = case.arguments.all()[2]
    review.decide_argument(
        argument=credits,
        by=reviewer,
        accept=False,
        disposition="foreclosed",
        ground="rehabilitation_alone",
        reason=REASON,
    )
    return credits


# --- 1. A refused decision comes back as it was posted ---------------------------------------------------------


def test_an_override_without_a_reason_comes_back_as_posted_at_its_argument(reviewer_client, in_review):
    _, plea, credits = in_review.arguments.all()
    version = version_of(in_review)

    response = reviewer_client.post(
        review_url("decide_argument", in_review, credits.pk),
        decision_post(credits, version, "override", "foreclosed/rehabilitation_alone", "  "),
    )

    assert response.status_code == 200
    item = argument_item(response.content.decode(), credits)
    # Override stays chosen, the outcome stays picked, and the error sits beside the reason, which takes the
    # focus (and so brings the page to this argument).
    assert re.search(r'<input type="radio" name="a\d+-decision" value="override"[^>]*checked', item)
    assert re.search(r'<option value="foreclosed/rehabilitation_alone" selected>', item)
    assert re.search(r'id="id_a\d+-reason_error"><li>Give the reason for overriding the engine', item), (
        "the error is not beside the reason"
    )
    assert re.search(r"<textarea[^>]*autofocus[^>]*>", item)
    # The other arguments' forms are untouched (Accept, nothing picked).
    other = argument_item(response.content.decode(), plea)
    assert "selected>" not in other.replace('<option value="" selected>', "")
    assert not Decision.objects.exists()
    assert version_of(in_review) == version


def test_fixing_the_reason_then_saves_the_override_not_an_accept(reviewer_client, in_review):
    credits = in_review.arguments.all()[2]
    version = version_of(in_review)
    url = review_url("decide_argument", in_review, credits.pk)
    reviewer_client.post(url, decision_post(credits, version, "override", "foreclosed/rehabilitation_alone"))

    response = reviewer_client.post(
        url, decision_post(credits, version, "override", "foreclosed/rehabilitation_alone", REASON)
    )

    assert response.status_code == 302
    assert response.url.endswith(f"#argument-{credits.pk}")
    decision = Decision.objects.get(argument=credits)
    assert (decision.accepted, decision.disposition, decision.ground) == (
        False,
        "foreclosed",
        "rehabilitation_alone",
    )
    assert decision.reason == REASON


@pytest.mark.parametrize("decided_meanwhile", [0, 2], ids=["another argument", "the same argument"])
def test_a_decision_refused_because_the_case_changed_comes_back_as_posted_at_its_argument(
    reviewer_client, reviewer, in_review, decided_meanwhile
):
    arguments = in_review.arguments.all()
    credits, other_tab = arguments[2], arguments[decided_meanwhile]
    seen = version_of(in_review)  # both tabs loaded the review page at this version
    url = review_url("decide_argument", in_review, credits.pk)
    other_tab_url = review_url("decide_argument", in_review, other_tab.pk)
    assert reviewer_client.post(other_tab_url, decision_post(other_tab, seen)).status_code == 302
    now = version_of(in_review)
    decisions_before = list(Decision.objects.values_list("argument_id", "accepted", "reason"))

    response = reviewer_client.post(
        url, decision_post(credits, seen, "override", "foreclosed/rehabilitation_alone", REASON)
    )

    assert response.status_code == 200
    item = argument_item(response.content.decode(), credits)
    # Open, Override chosen, the outcome picked and the reason as typed, with the conflict said at the argument
    # (focused, which brings the page there).
    assert '<details class="argument-fold" open>' in item
    assert re.search(r'<input type="radio" name="a\d+-decision" value="override"[^>]*checked', item)
    assert '<option value="foreclosed/rehabilitation_alone" selected>' in item
    assert re.search(rf"<textarea[^>]*>\s*{re.escape(REASON)}</textarea>", item)
    assert re.search(
        r'<div class="form-errors" role="alert" tabindex="-1" autofocus><ul><li>Not saved: this case was changed by '
        rf"{re.escape(str(reviewer))} at \d{{4}}-\d\d-\d\d \d\d:\d\d",
        item,
    ), item
    assert list(Decision.objects.values_list("argument_id", "accepted", "reason")) == decisions_before
    assert version_of(in_review) == now

    # The form now carries the version of the page it came back on: after checking, saving it again goes through.
    assert re.search(rf'name="a{credits.pk}-version" value="{now}"', item)
    saved = reviewer_client.post(
        url, decision_post(credits, now, "override", "foreclosed/rehabilitation_alone", REASON)
    )
    assert saved.status_code == 302
    decision = Decision.objects.get(argument=credits)
    assert (decision.accepted, decision.disposition, decision.reason) == (False, "foreclosed", REASON)


def test_a_decision_refused_because_the_case_was_sent_back_meanwhile_says_so_on_the_review_page(
    reviewer_client, reviewer, in_review
):
    credits = in_review.arguments.all()[2]
    seen = version_of(in_review)
    review.request_changes(case=in_review, by=reviewer, comment="Ask about the diagnosis.")

    response = reviewer_client.post(
        review_url("decide_argument", in_review, credits.pk),
        decision_post(credits, seen, "override", "foreclosed/rehabilitation_alone", REASON),
        follow=True,
    )

    # No decision form is left to show it in: the message at the top says what happened.
    assert re.search(r"This case was changed by .* — reload to see the changes", page_text(response))
    assert not Decision.objects.exists()
    assert status_of(in_review) == "changes_requested"


def test_an_accept_that_carries_an_outcome_is_refused_by_the_view(reviewer_client, in_review):
    credits = in_review.arguments.all()[2]
    version = version_of(in_review)

    response = reviewer_client.post(
        review_url("decide_argument", in_review, credits.pk),
        decision_post(credits, version, "accept", "foreclosed/rehabilitation_alone", REASON),
    )

    assert response.status_code == 200
    assert "but also picked an outcome: choose Override" in page_text(response)
    assert not Decision.objects.exists()
    assert version_of(in_review) == version


def test_an_accept_that_carries_an_outcome_is_refused_by_the_service(in_review, reviewer):
    credits = in_review.arguments.all()[2]
    version = version_of(in_review)

    with pytest.raises(ValidationError) as refused:
        review.decide_argument(
            argument=credits,
            by=reviewer,
            accept=True,
            disposition="foreclosed",
            ground="rehabilitation_alone",
            reason=REASON,
        )

    assert "outcome" in refused.value.message_dict
    assert not Decision.objects.exists()
    assert version_of(in_review) == version


def test_a_decided_override_shows_in_its_form_so_that_changing_it_starts_from_it(
    reviewer_client, reviewer, in_review
):
    credits = override_credits(in_review, reviewer)

    item = argument_item(reviewer_client.get(review_url("case_review", in_review)).content.decode(), credits)

    assert re.search(r'value="override"[^>]*checked', item)
    assert '<option value="foreclosed/rehabilitation_alone" selected>' in item


# --- 2. The decision is the disposition everywhere --------------------------------------------------------------


def summary_row(text: str, label: str) -> str:
    match = re.search(rf"{re.escape(label)} (\S+(?:, #\d+)*)", text)
    assert match, f"no summary row {label!r}"
    return match.group(1)


def test_an_override_changes_the_overview_summary_and_the_badge(intake_client, reviewer, in_review):
    credits = override_credits(in_review, reviewer)

    response = intake_client.get(reverse("intake:case_detail", args=[in_review.pk]))

    text = page_text(response)
    assert summary_row(text, "Foreclosed") == "#3"
    assert summary_row(text, "Other vehicle") == "—"
    item = argument_item(response.content.decode(), credits)
    assert re.search(r'<span class="badge badge-foreclosed">Foreclosed</span>', item)
    assert "reviewer's override" in item
    assert "badge-other_vehicle" not in item


def test_an_accepted_needs_review_argument_no_longer_asks_for_a_reviewer(intake_client, reviewer, in_review):
    plea = in_review.arguments.all()[1]
    plea.assessment.needs_review = True
    plea.assessment.save()
    url = reverse("intake:case_detail", args=[in_review.pk])
    assert "A reviewer must look at #2" in page_text(intake_client.get(url))

    review.decide_argument(argument=plea, by=reviewer, accept=True)

    assert "A reviewer must look" not in page_text(intake_client.get(url))


def test_an_override_changes_the_review_queue_and_home_counts(reviewer_client, reviewer, in_review):
    override_credits(in_review, reviewer)

    queue = page_text(reviewer_client.get(reverse("analysis:review_queue")))
    home = page_text(reviewer_client.get(reverse("intake:home")))

    assert "1 Compassionate release 1 Collateral attack (§ 2255) 1 Foreclosed" in queue
    assert "Foreclosed 1" in home
    assert "Other vehicle 0" in home


def test_an_override_changes_the_documents(reviewer, in_review):
    override_credits(in_review, reviewer)

    context = documents.build_context(
        snapshot.build_snapshot(in_review), draft=True, content_hash=None, known_citations=[]
    )

    third = next(a for a in context["arguments"] if a["position"] == 3)
    assert (third["disposition"], third["ground"]) == ("foreclosed", "rehabilitation_alone")
    assert third["overridden"] is True
    assert [a["position"] for a in context["foreclosed_arguments"]] == [3]
    assert not context["other_vehicle_arguments"]


# --- 3. The review page warns about issue exhaustion -------------------------------------------------------------


def test_the_review_page_shows_the_issue_exhaustion_warnings_the_overview_shows(
    reviewer_client, org, intake_user
):
    case = make_triaged_case(
        org,
        created_by=intake_user,
        district="ilnd",
        texts=[
            "He has stage IV lung cancer that has spread to his bones.",
            "His mother, who is the only person caring for his two young sons, had a stroke and can no longer "
            "look after them.",
        ],
        warden_request={"grounds": "He has stage IV lung cancer and needs treatment outside the prison."},
    )
    overview = reviewer_client.get(reverse("intake:case_detail", args=[case.pk]))

    page = reviewer_client.get(review_url("case_review", case))

    flags = re.findall(r'<span class="flag flag-review">#(\d+)</span>', page.content.decode())
    assert flags == ["2"]
    assert "Issue exhaustion (7th Cir.)" in page_text(page)
    warning = re.search(r"<h3>Issue exhaustion.*?</ul>", overview.content.decode(), re.S).group(0)
    assert warning in page.content.decode()


# --- 4. Independent approval --------------------------------------------------------------------------------------


def approve_response(client, case):
    return client.post(
        review_url("approve", case),
        {"version": version_of(case), "threshold_acknowledged": "on"},
        follow=True,
    )


def test_a_reviewer_who_edited_an_argument_cannot_approve(
    reviewer_client, second_reviewer_client, reviewer, second_reviewer, org, intake_user
):
    case = make_triaged_case(org, created_by=intake_user)
    argument = case.arguments.first()
    second_reviewer_client.post(
        reverse("intake:argument_edit", args=[case.pk, argument.pk]),
        {"text": "He has stage IV lung cancer; it has spread to his bones and liver.", "source": "staff"},
    )
    triage.run_triage(case=case, by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    accept_every_argument(case, reviewer)

    refused = approve_response(second_reviewer_client, case)

    assert "someone other than the intake author approves" in page_text(refused)
    assert "added, edited, moved or deleted arguments" in page_text(refused)
    assert status_of(case) == "in_review"
    assert not Revision.objects.exists()
    with pytest.raises(PermissionDenied):
        review.approve(case=case, by=second_reviewer, threshold_acknowledged=True)
    # Deciding every argument is review work: the reviewer who only decided approves.
    assert approve_response(reviewer_client, case).redirect_chain
    assert status_of(case) == "approved"


@pytest.mark.parametrize("what", ["ran triage", "submitted it for review", "recorded the warden request"])
def test_a_reviewer_who_triaged_submitted_or_recorded_the_request_cannot_approve(
    what, second_reviewer_client, second_reviewer, reviewer, org, intake_user
):
    case = make_case(org, created_by=intake_user)
    make_argument(case, text="He has stage IV lung cancer that has spread to his bones.")
    if what == "recorded the warden request":
        second_reviewer_client.post(
            reverse("intake:warden_request_edit", args=[case.pk]),
            {
                "submitted_on": "2020-05-15",
                "received_on": "2020-05-18",
                "grounds": "Cancer.",
                "response": "pending",
            },
        )
        assert WardenRequest.objects.filter(case=case).exists()
    else:
        make_warden_request(case)
    triage.run_triage(case=case, by=second_reviewer if what == "ran triage" else intake_user)
    review.submit_for_review(
        case=case, by=second_reviewer if what == "submitted it for review" else intake_user
    )
    accept_every_argument(case, reviewer)

    refused = approve_response(second_reviewer_client, case)

    assert what in page_text(refused)
    assert status_of(case) == "in_review"


def test_changes_approved_in_an_earlier_revision_do_not_bar_the_next_approval(
    second_reviewer_client, second_reviewer, reviewer, org, intake_user
):
    case = make_triaged_case(org, created_by=intake_user)
    triage.run_triage(case=case, by=second_reviewer)  # second reviewer's work, in revision 1
    review.submit_for_review(case=case, by=intake_user)
    accept_every_argument(case, reviewer)
    review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    case.refresh_from_db()
    review.reopen(case=case, by=intake_user)
    services.add_argument(case=case, text="His mother had a stroke.", source="staff", by=intake_user)
    triage.run_triage(case=case, by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    accept_every_argument(case, reviewer)

    # Revision 1 was approved by someone else; nothing in revision 2 is the second reviewer's.
    assert review.contributions(Case.objects.get(pk=case.pk), second_reviewer) == []
    approve_response(second_reviewer_client, case)
    assert status_of(case) == "approved"
    assert Revision.objects.filter(case=case).count() == 2


# --- 5. Lock first, then check -----------------------------------------------------------------------------------


def _stale_copy_then_submit(case: Case, by) -> Case:
    """Load the case (a draft), then let a submit change it: the copy still says draft."""
    stale = Case.objects.get(pk=case.pk)
    review.submit_for_review(case=Case.objects.get(pk=case.pk), by=by)
    assert stale.status == "draft" and status_of(case) == "in_review"
    return stale


SERVICES = {
    "add": lambda case, argument, warden_request, by: services.add_argument(
        case=case, text="New.", source="staff", by=by
    ),
    "revise": lambda case, argument, warden_request, by: services.revise_argument(
        argument=argument, text="Changed.", source="staff", by=by
    ),
    "delete": lambda case, argument, warden_request, by: services.delete_argument(argument=argument, by=by),
    "move": lambda case, argument, warden_request, by: services.move_argument(
        argument=argument, direction="down", by=by
    ),
    "edit case": lambda case, argument, warden_request, by: services.update_client_and_case(
        client=case.client, case=case, by=by
    ),
    "warden request": lambda case, argument, warden_request, by: services.record_warden_request(
        warden_request=warden_request, by=by
    ),
    "triage": lambda case, argument, warden_request, by: triage.run_triage(case=case, by=by),
    "keep letter": lambda case, argument, warden_request, by: triage.keep_proposed_arguments(
        case=case, texts=["New one.", "New two."], by=by
    ),
}


@pytest.mark.parametrize("service", list(SERVICES))
def test_every_service_checks_the_case_it_locked_not_the_copy_it_was_given(service, org, intake_user):
    case = make_triaged_case(org, created_by=intake_user)
    argument = Argument.objects.select_related("case").filter(case=case).first()
    warden_request = WardenRequest.objects.select_related("case").get(case=case)
    stale = _stale_copy_then_submit(case, intake_user)
    before = list(Argument.objects.filter(case=case).values_list("pk", "text", "order"))

    with pytest.raises(PermissionDenied):
        SERVICES[service](stale, argument, warden_request, intake_user)

    assert list(Argument.objects.filter(case=case).values_list("pk", "text", "order")) == before
    assert status_of(case) == "in_review"
    assert WardenRequest.objects.get(case=case).grounds == warden_request.grounds


def test_saving_the_case_form_keeps_a_send_back_made_meanwhile(org, intake_user, reviewer):
    case = make_case_in_review(org, created_by=intake_user)
    review.request_changes(case=case, by=reviewer, comment="Ask about the diagnosis.")
    form_copy = Case.objects.get(pk=case.pk)
    form_copy.status = "draft"  # as if loaded before the send-back
    form_copy.version = 1
    form_copy.offenses = "21 U.S.C. § 841"
    version = version_of(case)

    services.update_client_and_case(client=form_copy.client, case=form_copy, by=intake_user)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.version, stored.offenses) == (
        "changes_requested",
        version,
        "21 U.S.C. § 841",
    )


def test_accept_all_skips_an_argument_without_an_assessment_and_says_so(reviewer_client, in_review):
    # An argument that got into the case in review without triage (before this fix, by a race with the submit).
    Argument.objects.create(case=in_review, text="He was moved away from his family.", order=3)

    response = reviewer_client.post(
        review_url("accept_all", in_review), {"version": version_of(in_review)}, follow=True
    )

    assert response.status_code == 200
    assert "Accepted 3 assessments." in page_text(response)
    assert "Not triaged, so nothing to accept: #4" in page_text(response)
    assert Decision.objects.count() == 3


@pytest.mark.postgres
def test_adds_racing_a_submit_cannot_put_arguments_into_a_case_in_review(transactional_db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are proved on PostgreSQL")

    organisation = make_organisation(name="Racing Defenders")
    author = make_user(organisation, "ana", role="intake")
    colleagues = [make_user(organisation, f"staff{n}", role="intake") for n in range(6)]
    reviewer = make_user(organisation, "rod", role="reviewer")
    # an argument the engine reads confidently, so that accept_all below has one to accept
    clear = "He has stage IV lung cancer that has spread to his bones, and his oncologist gives him less than six months."
    case = make_triaged_case(organisation, created_by=author, texts=[clear])
    submit_holds_the_lock = threading.Event()
    touch_case = review.touch_case

    def slow_touch(locked):
        # The submit has locked and checked the case: let every add start now, while it still holds the lock.
        submit_holds_the_lock.set()
        time.sleep(0.5)
        return touch_case(locked)

    monkeypatch.setattr(review, "touch_case", slow_touch)
    outcomes: dict[str, object] = {}

    def submit():
        try:
            review.submit_for_review(case=Case.objects.get(pk=case.pk), by=author)
            outcomes["submit"] = "submitted"
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            outcomes["submit"] = error
        finally:
            connection.close()

    def add(user):
        try:
            loaded = Case.objects.get(pk=case.pk)  # a draft, as the page showed it
            submit_holds_the_lock.wait(timeout=10)
            services.add_argument(case=loaded, text=f"Added by {user.username}.", source="staff", by=user)
            outcomes[user.username] = "added"
        except Exception as error:  # noqa: BLE001
            outcomes[user.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(user,)) for user in colleagues]
    threads.append(threading.Thread(target=submit))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes["submit"] == "submitted", outcomes
    assert status_of(case) == "in_review"
    assert Argument.objects.filter(case=case).count() == 1, outcomes
    assert all(isinstance(outcomes[user.username], PermissionDenied) for user in colleagues), outcomes
    assert review.accept_all(case=case, by=reviewer).accepted == 1


# --- 6. Every review action requires the version its page was loaded with --------------------------------------


BAD_VERSIONS = {
    "missing": None,
    "empty": "",
    "garbage": "abc",
    "negative": "-1",
    "zero": "0",
    "huge": "9" * 30,
    "beyond the column": "2147483648",
    "float": "1e3",
}


def _post(client, url, data, version):
    if version is not None:
        data = {**data, **{key: version for key in data if key.endswith("version")}}
        data.setdefault("version", version)
    else:
        data = {key: value for key, value in data.items() if not key.endswith("version")}
    return client.post(url, data, follow=True)


def _state(case: Case) -> tuple:
    return (
        status_of(case),
        version_of(case),
        Decision.objects.filter(argument__case=case).count(),
        ReviewNote.objects.filter(case=case).count(),
        Revision.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize("bad", list(BAD_VERSIONS))
@pytest.mark.parametrize(
    "action", ["accept_all", "approve", "request_changes", "decide_argument", "submit_for_review", "reopen"]
)
def test_a_review_action_without_a_valid_version_changes_nothing_and_says_why(
    action, bad, org, intake_user, reviewer, second_reviewer_client, intake_client
):
    case = make_case_in_review(org, created_by=intake_user)
    client, data, args = second_reviewer_client, {"version": "1"}, []
    if action == "approve":
        accept_every_argument(case, reviewer)
        data["threshold_acknowledged"] = "on"
    elif action == "request_changes":
        data["comment"] = "Ask about the diagnosis."
    elif action == "decide_argument":
        argument = case.arguments.first()
        args = [argument.pk]
        data = decision_post(argument, 1)
    elif action == "submit_for_review":
        Case.objects.filter(pk=case.pk).update(status="draft")
        client = intake_client
    elif action == "reopen":
        accept_every_argument(case, reviewer)
        review.approve(case=case, by=make_user(org, "vera", role="reviewer"), threshold_acknowledged=True)
    before = _state(case)

    response = _post(client, review_url(action, case, *args), data, BAD_VERSIONS[bad])

    assert response.status_code == 200
    assert STALE_PAGE in page_text(response)
    assert _state(case) == before
