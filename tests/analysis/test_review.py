"""The review workflow (issue 4): submit, decide, accept in bulk, send back, approve into an immutable revision,
reopen; roles and organisations; e-mail; optimistic locking, and concurrent approval on PostgreSQL."""

import copy
import re
import threading
import time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from analysis import documents_service, review, snapshot, triage
from analysis.models import Assessment, Decision, ReviewNote, Revision, StoredDocument
from intake import services
from intake.models import Case
from tests.factories import (
    accept_every_argument,
    make_argument,
    make_case_in_review,
    make_client,
    make_organisation,
    make_triaged_case,
    make_user,
)
from tests.review_pages import decision_post, page_text, review_url, status_of, version_of

pytestmark = pytest.mark.usefixtures("skip_document_rendering")

OVERRIDE_REASON = "The plea-offer claim attacks the conviction itself; it belongs in a 2255 motion."


def decide_url(case: Case, argument) -> str:
    return review_url("decide_argument", case, argument.pk)


# --- The state machine, by role ----------------------------------------------------------------------------------

ACTIONS = {
    # action: (url name, extra POST data, {from status: to status}, roles that may act)
    "submit": (
        "submit_for_review",
        {},
        {"draft": "in_review", "changes_requested": "in_review"},
        {"intake", "reviewer"},
    ),
    "request_changes": (
        "request_changes",
        {"comment": "Ask about the 2019 diagnosis."},
        {"in_review": "changes_requested"},
        {"reviewer"},
    ),
    "approve": ("approve", {"threshold_acknowledged": "on"}, {"in_review": "approved"}, {"reviewer"}),
    "reopen": ("reopen", {}, {"approved": "draft"}, {"intake", "reviewer"}),
}
STATUSES = ["draft", "in_review", "changes_requested", "approved"]
ROLES = ["intake", "reviewer", "admin"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_moves_the_case_only_from_its_allowed_states_and_only_for_its_roles(
    action,
    status,
    role,
    org,
    intake_user,
    reviewer,
    org_admin,
    intake_client,
    reviewer_client,
    admin_client_org,
):
    case = make_triaged_case(
        org, created_by=intake_user, texts=["He has stage IV lung cancer that has spread."]
    )
    accept_every_argument_directly(case, reviewer)
    Case.objects.filter(pk=case.pk).update(status=status)
    name, data, transitions, roles = ACTIONS[action]
    client = {"intake": intake_client, "reviewer": reviewer_client, "admin": admin_client_org}[role]

    response = client.post(review_url(name, case), {"version": version_of(case), **data})

    if role not in roles:
        assert response.status_code == 403
        assert status_of(case) == status
    elif status in transitions:
        assert response.status_code == 302
        assert status_of(case) == transitions[status]
    else:
        assert response.status_code == 302, "a refused transition explains itself on the page it redirects to"
        assert status_of(case) == status
    approved = action == "approve" and role in roles and status in transitions
    assert Revision.objects.filter(case=case).count() == (1 if approved else 0)


def accept_every_argument_directly(case: Case, reviewer) -> None:
    """Decisions as rows, whatever the case's status (the matrix puts the case in each state by hand)."""
    from django.utils import timezone

    for argument in case.arguments.select_related("assessment"):
        Decision.objects.create(
            argument=argument,
            disposition=argument.assessment.disposition,
            ground=argument.assessment.ground,
            accepted=True,
            engine_disposition=argument.assessment.disposition,
            engine_ground=argument.assessment.ground,
            decided_by=reviewer,
            decided_at=timezone.now(),
        )


@pytest.mark.parametrize("action", [*ACTIONS, "accept_all"])
def test_outsiders_get_404_for_every_review_action_and_change_nothing(action, outsider_client, in_review):
    name = ACTIONS[action][0] if action in ACTIONS else action
    before = (status_of(in_review), version_of(in_review))

    response = outsider_client.post(
        review_url(name, in_review), {"version": before[1], "comment": "x", "threshold_acknowledged": "on"}
    )

    assert response.status_code == 404
    assert (status_of(in_review), version_of(in_review)) == before
    assert not Decision.objects.exists()


def test_outsider_cannot_decide_an_argument_or_open_the_review_page(outsider_client, in_review):
    argument = in_review.arguments.first()

    assert (
        outsider_client.post(
            decide_url(in_review, argument), decision_post(argument, in_review.version)
        ).status_code
        == 404
    )
    assert outsider_client.get(review_url("case_review", in_review)).status_code == 404
    assert not Decision.objects.exists()


def test_only_reviewers_decide_arguments(intake_client, admin_client_org, in_review):
    argument = in_review.arguments.first()
    data = decision_post(argument, in_review.version)

    assert intake_client.post(decide_url(in_review, argument), data).status_code == 403
    assert admin_client_org.post(decide_url(in_review, argument), data).status_code == 403
    assert not Decision.objects.exists()


def test_review_actions_answer_get_with_405(reviewer_client, in_review):
    for name in ("submit_for_review", "accept_all", "request_changes", "approve", "reopen"):
        assert reviewer_client.get(review_url(name, in_review)).status_code == 405, name


def test_services_refuse_non_reviewers_too(in_review, intake_user, org_admin):
    argument = in_review.arguments.first()
    for user in (intake_user, org_admin):
        with pytest.raises(PermissionDenied):
            review.decide_argument(argument=argument, by=user, accept=True)
        with pytest.raises(PermissionDenied):
            review.accept_all(case=in_review, by=user)
        with pytest.raises(PermissionDenied):
            review.request_changes(case=in_review, by=user, comment="no")
        with pytest.raises(PermissionDenied):
            review.approve(case=in_review, by=user, threshold_acknowledged=True)
    assert status_of(in_review) == "in_review"
    assert not Decision.objects.exists()


def test_services_refuse_transitions_from_the_wrong_state(org, intake_user, reviewer):
    draft = make_triaged_case(org, created_by=intake_user)
    accept_every_argument_directly(draft, reviewer)
    with pytest.raises(ValidationError):
        review.approve(case=draft, by=reviewer, threshold_acknowledged=True)
    with pytest.raises(ValidationError):
        review.request_changes(case=draft, by=reviewer, comment="Too early.")
    with pytest.raises(ValidationError):
        review.reopen(case=draft, by=reviewer)
    with pytest.raises(ValidationError):
        review.decide_argument(argument=draft.arguments.first(), by=reviewer, accept=True)

    Case.objects.filter(pk=draft.pk).update(status=Case.Status.APPROVED)
    with pytest.raises(ValidationError):
        review.submit_for_review(case=draft, by=intake_user)
    assert status_of(draft) == "approved"
    assert not Revision.objects.exists()


def test_a_whole_round_trip_through_the_views(intake_client, reviewer_client, org, intake_user):
    case = make_triaged_case(org, created_by=intake_user)
    cancer, plea, credits = case.arguments.all()

    # draft -> in_review (intake)
    assert (
        intake_client.post(review_url("submit_for_review", case), {"version": version_of(case)}).status_code
        == 302
    )
    assert status_of(case) == "in_review"
    assert Case.objects.get(pk=case.pk).submitted_for_review_at is not None
    # the case is frozen for intake while in review
    edit = reverse("intake:argument_edit", args=[case.pk, cancer.pk])
    assert intake_client.post(edit, {"text": "Changed.", "source": "staff"}).status_code == 403

    # in_review -> changes_requested (reviewer)
    comment = "Say when the cancer was diagnosed and by whom."
    reviewer_client.post(
        review_url("request_changes", case), {"version": version_of(case), "comment": comment}
    )
    assert status_of(case) == "changes_requested"

    # intake edits; submitting with a stale assessment is refused until triage runs again
    new_text = "He was diagnosed with stage IV lung cancer in March 2024 by the prison oncologist."
    assert intake_client.post(edit, {"text": new_text, "source": "staff"}).status_code == 302
    response = intake_client.post(
        review_url("submit_for_review", case), {"version": version_of(case)}, follow=True
    )
    assert "Run triage first" in page_text(response)
    assert status_of(case) == "changes_requested"
    intake_client.post(review_url("run_triage", case))
    intake_client.post(review_url("submit_for_review", case), {"version": version_of(case)})
    assert status_of(case) == "in_review"

    # decide and approve (reviewer)
    reviewer_client.post(review_url("accept_all", case), {"version": version_of(case)})
    assert Decision.objects.filter(argument__case=case).count() == 3
    response = reviewer_client.post(
        review_url("approve", case), {"version": version_of(case), "threshold_acknowledged": "on"}
    )
    assert response.status_code == 302
    assert status_of(case) == "approved"
    assert list(Revision.objects.filter(case=case).values_list("number", flat=True)) == [1]
    kinds = list(ReviewNote.objects.filter(case=case).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["submitted", "changes_requested", "submitted", "approved"]

    # approved -> draft (intake may reopen)
    assert intake_client.post(review_url("reopen", case), {"version": version_of(case)}).status_code == 302
    assert status_of(case) == "draft"


# --- Submitting --------------------------------------------------------------------------------------------------


def test_submit_refuses_a_case_with_an_untriaged_argument(intake_client, org, intake_user):
    case = make_triaged_case(org, created_by=intake_user)
    make_argument(case, text="She was assaulted by a guard and the BOP did nothing.")

    response = intake_client.post(
        review_url("submit_for_review", case), {"version": version_of(case)}, follow=True
    )

    assert "Run triage first: argument(s) #4 have no current assessment." in page_text(response)
    assert status_of(case) == "draft"
    assert not ReviewNote.objects.exists()


def test_submit_refuses_a_case_whose_argument_changed_after_triage(org, intake_user):
    case = make_triaged_case(org, created_by=intake_user)
    argument = case.arguments.last()
    services.revise_argument(
        argument=argument, text="He is 71 and has served 20 years.", source="staff", by=intake_user
    )

    with pytest.raises(ValidationError, match="#3"):
        review.submit_for_review(case=case, by=intake_user)
    assert status_of(case) == "draft"


def test_submit_refuses_a_case_without_arguments(org, intake_user):
    case = make_triaged_case(org, created_by=intake_user, texts=[])

    with pytest.raises(ValidationError, match="Add the client's arguments"):
        review.submit_for_review(case=case, by=intake_user)
    assert status_of(case) == "draft"


# --- Deciding ----------------------------------------------------------------------------------------------------


def test_override_without_a_reason_is_refused_by_the_view_and_nothing_is_saved(reviewer_client, in_review):
    plea = in_review.arguments.all()[1]
    version = version_of(in_review)

    response = reviewer_client.post(
        decide_url(in_review, plea),
        decision_post(
            plea, version, decision="override", outcome="compassionate_release/other", reason="   "
        ),
        follow=True,
    )

    assert "Give the reason for overriding the engine" in page_text(response)
    assert not Decision.objects.exists()
    assert version_of(in_review) == version


def test_override_without_a_reason_is_refused_by_the_service_and_nothing_is_saved(in_review, reviewer):
    plea = in_review.arguments.all()[1]
    version = version_of(in_review)

    with pytest.raises(ValidationError) as refused:
        review.decide_argument(
            argument=plea,
            by=reviewer,
            accept=False,
            disposition="compassionate_release",
            ground="other",
            reason="  ",
        )

    assert "reason" in refused.value.message_dict
    assert not Decision.objects.exists()
    assert version_of(in_review) == version


def test_an_override_outside_the_taxonomy_is_refused(in_review, reviewer):
    plea = in_review.arguments.all()[1]

    with pytest.raises(ValidationError):
        review.decide_argument(
            argument=plea,
            by=reviewer,
            accept=False,
            disposition="compassionate_release",
            ground="innocence",
            reason="x",
        )
    assert not Decision.objects.exists()


def test_an_override_with_a_reason_is_stored_with_who_decided_and_what_the_engine_said(
    reviewer_client, reviewer, in_review
):
    plea = in_review.arguments.all()[1]
    engine_said = Assessment.objects.get(argument=plea)

    response = reviewer_client.post(
        decide_url(in_review, plea),
        decision_post(
            plea,
            version_of(in_review),
            decision="override",
            outcome="collateral_attack/plea_invalid",
            reason=OVERRIDE_REASON,
        ),
    )

    assert response.status_code == 302
    decision = Decision.objects.get(argument=plea)
    assert (decision.disposition, decision.ground) == ("collateral_attack", "plea_invalid")
    assert decision.accepted is False
    assert decision.reason == OVERRIDE_REASON
    assert decision.decided_by == reviewer
    assert (decision.engine_disposition, decision.engine_ground) == (
        engine_said.disposition,
        engine_said.ground,
    )
    page = page_text(reviewer_client.get(review_url("case_review", in_review)))
    assert f"overridden by {reviewer}: “{OVERRIDE_REASON}”" in page


def test_accepting_one_argument_records_the_engines_assessment(reviewer_client, reviewer, in_review):
    cancer = in_review.arguments.first()

    reviewer_client.post(decide_url(in_review, cancer), decision_post(cancer, version_of(in_review)))

    decision = Decision.objects.get(argument=cancer)
    assert (decision.disposition, decision.ground, decision.accepted) == (
        "compassionate_release",
        "medical",
        True,
    )
    assert decision.decided_by == reviewer


def test_bulk_accept_skips_needs_review_assessments_and_reports_them(reviewer_client, reviewer, in_review):
    cancer, plea, credits = in_review.arguments.all()
    Assessment.objects.filter(argument=plea).update(needs_review=True)

    review_page = reviewer_client.get(review_url("case_review", in_review)).content.decode()
    assert f'<li class="argument needs-review" id="argument-{plea.pk}">' in review_page
    assert "Reviewer must look" in review_page

    response = reviewer_client.post(
        review_url("accept_all", in_review), {"version": version_of(in_review)}, follow=True
    )

    assert set(Decision.objects.values_list("argument_id", flat=True)) == {cancer.pk, credits.pk}
    assert "Accepted 2 assessments." in page_text(response)
    assert "a reviewer must look): #2." in page_text(response)
    assert review.accept_all(case=in_review, by=reviewer) == (0, [2], [])


def test_bulk_accept_keeps_decisions_already_made(in_review, reviewer):
    plea = in_review.arguments.all()[1]
    review.decide_argument(
        argument=plea,
        by=reviewer,
        accept=False,
        disposition="collateral_attack",
        ground="plea_invalid",
        reason=OVERRIDE_REASON,
    )

    assert review.accept_all(case=in_review, by=reviewer) == (2, [], [])
    assert Decision.objects.get(argument=plea).reason == OVERRIDE_REASON


# --- Approving ---------------------------------------------------------------------------------------------------


def test_approval_requires_every_argument_decided(reviewer_client, reviewer, in_review):
    cancer, plea, credits = in_review.arguments.all()
    review.decide_argument(argument=cancer, by=reviewer, accept=True)
    review.decide_argument(argument=credits, by=reviewer, accept=True)

    response = reviewer_client.post(
        review_url("approve", in_review),
        {"version": version_of(in_review), "threshold_acknowledged": "on"},
        follow=True,
    )

    assert "Decide every argument first: #2 undecided." in page_text(response)
    assert status_of(in_review) == "in_review"
    assert not Revision.objects.exists()


def test_approval_requires_the_threshold_to_be_acknowledged(reviewer_client, reviewer, in_review):
    accept_every_argument(in_review, reviewer)

    response = reviewer_client.post(
        review_url("approve", in_review), {"version": version_of(in_review)}, follow=True
    )

    assert "Acknowledge the filing-threshold analysis before approving." in page_text(response)
    assert status_of(in_review) == "in_review"
    with pytest.raises(ValidationError):
        review.approve(case=in_review, by=reviewer, threshold_acknowledged=False)
    assert not Revision.objects.exists()


def test_an_intake_author_who_is_also_a_reviewer_cannot_approve_when_the_organisation_requires_independence(
    reviewer_client, reviewer, org
):
    assert org.require_independent_approval is True
    case = make_case_in_review(org, created_by=reviewer)
    accept_every_argument(case, reviewer)

    response = reviewer_client.post(
        review_url("approve", case),
        {"version": version_of(case), "threshold_acknowledged": "on"},
        follow=True,
    )

    assert "someone other than the intake author approves" in page_text(response)
    assert status_of(case) == "in_review"
    with pytest.raises(PermissionDenied):
        review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    assert not Revision.objects.exists()


def test_another_reviewer_may_approve_when_independence_is_required(second_reviewer, reviewer, org):
    case = make_case_in_review(org, created_by=reviewer)
    accept_every_argument(case, reviewer)

    revision = review.approve(case=case, by=second_reviewer, threshold_acknowledged=True)

    assert revision.approved_by == second_reviewer
    assert status_of(case) == "approved"


def test_the_intake_author_may_approve_when_the_organisation_does_not_require_independence(
    reviewer_client, reviewer, org
):
    org.require_independent_approval = False
    org.save()
    case = make_case_in_review(org, created_by=reviewer)
    accept_every_argument(case, reviewer)

    response = reviewer_client.post(
        review_url("approve", case), {"version": version_of(case), "threshold_acknowledged": "on"}
    )

    assert response.status_code == 302
    assert status_of(case) == "approved"
    assert Revision.objects.get(case=case).approved_by == reviewer


def test_approval_freezes_the_case_as_revision_1(reviewer, in_review):
    cancer, plea, _ = in_review.arguments.all()
    review.decide_argument(
        argument=plea,
        by=reviewer,
        accept=False,
        disposition="collateral_attack",
        ground="plea_invalid",
        reason=OVERRIDE_REASON,
    )
    accept_every_argument_remaining(in_review, reviewer)

    revision = review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)

    frozen = revision.snapshot
    assert revision.number == 1 and frozen["revision"] == 1
    assert frozen["approved_by"] == str(reviewer)
    assert revision.rule_pack_version == frozen["rule_pack"]["version"]
    assert revision.content_hash == snapshot.content_hash(frozen)
    assert [row["text"] for row in frozen["arguments"]] == [a.text for a in in_review.arguments.all()]
    assert frozen["arguments"][1]["decision"]["reason"] == OVERRIDE_REASON
    assert frozen["arguments"][1]["decision"]["decided_by"] == str(reviewer)
    assert frozen["arguments"][0]["assessment"]["disposition"] == "compassionate_release"
    assert frozen["threshold"]["earliest_filing_date"] == "2020-06-14"
    assert frozen["client"]["name"] == in_review.client.name


def accept_every_argument_remaining(case: Case, reviewer) -> None:
    for argument in case.arguments.filter(decision__isnull=True):
        review.decide_argument(argument=argument, by=reviewer, accept=True)


def test_an_approved_revision_cannot_be_changed_or_deleted(reviewer, in_review):
    accept_every_argument(in_review, reviewer)
    revision = review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)

    revision.snapshot = {**revision.snapshot, "arguments": []}
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        Revision.objects.get(pk=revision.pk).delete()
    assert Revision.objects.get(pk=revision.pk).snapshot["arguments"]


def test_editing_the_case_after_reopening_does_not_change_revision_1(reviewer, intake_user, in_review):
    accept_every_argument(in_review, reviewer)
    revision = review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)
    frozen, content_hash = copy.deepcopy(revision.snapshot), revision.content_hash

    review.reopen(case=in_review, by=intake_user)
    in_review.refresh_from_db()
    argument = in_review.arguments.first()
    services.revise_argument(
        argument=argument, text="He is 74 and can no longer walk.", source="counsel", by=intake_user
    )
    in_review.offenses = "Changed after approval."
    services.update_client_and_case(client=in_review.client, case=in_review, by=intake_user)
    triage.run_triage(case=in_review, by=intake_user)

    stored = Revision.objects.get(pk=revision.pk)
    assert stored.snapshot == frozen
    assert stored.content_hash == content_hash == snapshot.content_hash(stored.snapshot)
    assert stored.snapshot["arguments"][0]["text"] != "He is 74 and can no longer walk."


def test_reopening_and_approving_again_makes_revision_2(reviewer, intake_user, in_review):
    accept_every_argument(in_review, reviewer)
    first = review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)
    review.reopen(case=in_review, by=intake_user)
    assert status_of(in_review) == "draft"
    review.submit_for_review(case=in_review, by=intake_user)

    second = review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)

    assert (first.number, second.number) == (1, 2)
    assert list(Revision.objects.filter(case=in_review).values_list("number", flat=True)) == [2, 1]
    assert ReviewNote.objects.filter(case=in_review, kind=ReviewNote.Kind.REOPENED).count() == 1


def test_a_decision_on_text_that_changed_since_does_not_count_toward_the_next_approval(
    reviewer, intake_user, in_review
):
    accept_every_argument(in_review, reviewer)
    review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)
    review.reopen(case=in_review, by=intake_user)
    in_review.refresh_from_db()
    cancer = in_review.arguments.first()
    services.revise_argument(
        argument=cancer,
        text="His lawyer never told him about the plea offer before trial.",
        source="staff",
        by=intake_user,
    )
    triage.run_triage(case=in_review, by=intake_user)
    review.submit_for_review(case=in_review, by=intake_user)

    # The reviewer accepted "stage IV lung cancer" as a medical ground; that decision is not one on the new text.
    with pytest.raises(ValidationError, match="#1 undecided"):
        review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)

    review.decide_argument(argument=in_review.arguments.first(), by=reviewer, accept=True)
    second = review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)
    assert second.snapshot["arguments"][0]["decision"]["disposition"] == "collateral_attack"


def test_unchanged_arguments_keep_their_decisions_across_a_reopening(reviewer, intake_user, in_review):
    plea = in_review.arguments.all()[1]
    review.decide_argument(
        argument=plea,
        by=reviewer,
        accept=False,
        disposition="collateral_attack",
        ground="plea_invalid",
        reason=OVERRIDE_REASON,
    )
    accept_every_argument_remaining(in_review, reviewer)
    review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)
    review.reopen(case=in_review, by=intake_user)
    in_review.refresh_from_db()

    triage.run_triage(case=in_review, by=intake_user)

    assert Decision.objects.filter(argument__case=in_review).count() == 3
    assert Decision.objects.get(argument=plea).reason == OVERRIDE_REASON


# --- Stored documents --------------------------------------------------------------------------------------------


@pytest.fixture
def ferguson_in_review(org, intake_user) -> Case:
    client = make_client(org, name="Dwayne Ferguson")
    return make_case_in_review(org, created_by=intake_user, client=client, docket_number="3:04-cr-00013")


def test_reopen_and_reapprove_keeps_revision_1_documents_downloadable_with_descriptive_names(
    real_documents, reviewer_client, intake_client, reviewer, intake_user, ferguson_in_review
):
    case = ferguson_in_review
    accept_every_argument(case, reviewer)
    review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    first_documents = {d.slug: bytes(d.content) for d in StoredDocument.objects.filter(revision__number=1)}
    assert set(first_documents) == set(documents_service.document_slugs())

    review.reopen(case=case, by=intake_user)
    case.refresh_from_db()
    argument = case.arguments.first()
    services.revise_argument(
        argument=argument, text="He is 74 and uses a wheelchair.", source="staff", by=intake_user
    )
    triage.run_triage(case=case, by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    accept_every_argument_remaining(case, reviewer)
    review.approve(case=case, by=reviewer, threshold_acknowledged=True)

    response = intake_client.get(review_url("document_download", case, 1, "triage-memo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="ferguson-3-04-cr-00013-r1-triage-memo.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert response.content == first_documents["triage-memo"]

    second = reviewer_client.get(review_url("document_download", case, 2, "triage-memo"))
    assert second.status_code == 200
    assert 'filename="ferguson-3-04-cr-00013-r2-triage-memo.pdf"' in second["Content-Disposition"]
    assert second.content != first_documents["triage-memo"]

    docx = intake_client.get(review_url("document_download", case, 1, "motion-docx"))
    assert docx.status_code == 200
    assert docx["Content-Disposition"].endswith('-r1-motion.docx"')
    assert docx.content.startswith(b"PK")

    review_page = reviewer_client.get(review_url("case_review", case)).content.decode()
    assert review_url("document_download", case, 1, "motion") in review_page
    assert review_url("document_download", case, 2, "motion") in review_page
    # Revision 1's bytes were not re-rendered by the second approval.
    assert {
        d.slug: bytes(d.content) for d in StoredDocument.objects.filter(revision__number=1)
    } == first_documents


def test_stored_documents_are_refused_to_other_organisations(
    real_documents, outsider_client, reviewer, ferguson_in_review
):
    accept_every_argument(ferguson_in_review, reviewer)
    review.approve(case=ferguson_in_review, by=reviewer, threshold_acknowledged=True)

    for slug in documents_service.document_slugs():
        assert (
            outsider_client.get(review_url("document_download", ferguson_in_review, 1, slug)).status_code
            == 404
        )


def test_an_unknown_revision_or_document_is_404(reviewer_client, reviewer, in_review):
    accept_every_argument(in_review, reviewer)
    review.approve(case=in_review, by=reviewer, threshold_acknowledged=True)

    assert (
        reviewer_client.get(review_url("document_download", in_review, 2, "triage-memo")).status_code == 404
    )
    assert (
        reviewer_client.get(review_url("document_download", in_review, 1, "no-such-document")).status_code
        == 404
    )


# --- Sending back ------------------------------------------------------------------------------------------------


def test_request_changes_requires_a_comment(reviewer_client, reviewer, in_review):
    response = reviewer_client.post(
        review_url("request_changes", in_review),
        {"version": version_of(in_review), "comment": "   "},
        follow=True,
    )

    assert "Say what needs to change." in page_text(response)
    assert status_of(in_review) == "in_review"
    assert not ReviewNote.objects.filter(kind=ReviewNote.Kind.CHANGES_REQUESTED).exists()
    with pytest.raises(ValidationError):
        review.request_changes(case=in_review, by=reviewer, comment="")
    assert not mail.outbox


def test_the_reviewers_comment_shows_on_the_intake_users_home_page(reviewer_client, intake_client, in_review):
    comment = "Get the oncologist's letter before we file."
    reviewer_client.post(
        review_url("request_changes", in_review), {"version": version_of(in_review), "comment": comment}
    )

    home = page_text(intake_client.get(reverse("intake:home")))

    assert "Sent back for changes" in home
    assert f"United States v. {in_review.client.name}" in home
    assert f"“{comment}” — Rita" in home


# --- E-mail ------------------------------------------------------------------------------------------------------


@pytest.fixture
def assigned(org):
    return make_user(org, "ines", role="intake", email="ines@org-a.example")


def test_requesting_changes_emails_the_assigned_staff_member(
    reviewer, intake_user, assigned, org, django_capture_on_commit_callbacks
):
    intake_user.email = "alice@org-a.example"
    intake_user.save()
    case = make_case_in_review(org, created_by=intake_user, assigned_to=assigned)

    with django_capture_on_commit_callbacks(execute=True):
        review.request_changes(case=case, by=reviewer, comment="Where is the release plan?")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ines@org-a.example"]
    assert "Changes requested" in message.subject
    assert case.docket_number in message.subject
    # No client narrative leaves the app by e-mail.
    assert "lung cancer" not in message.body
    assert "Where is the release plan?" not in message.body


def test_approval_emails_the_assigned_staff_member(
    reviewer, intake_user, assigned, org, django_capture_on_commit_callbacks
):
    case = make_case_in_review(org, created_by=intake_user, assigned_to=assigned)
    accept_every_argument(case, reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        review.approve(case=case, by=reviewer, threshold_acknowledged=True)

    assert [m.to for m in mail.outbox] == [["ines@org-a.example"]]
    assert "Approved" in mail.outbox[0].subject
    assert "revision 1" in mail.outbox[0].subject


def test_without_an_assignee_the_email_goes_to_the_intake_author(
    reviewer, intake_user, org, django_capture_on_commit_callbacks
):
    intake_user.email = "alice@org-a.example"
    intake_user.save()
    case = make_case_in_review(org, created_by=intake_user)
    Case.objects.filter(pk=case.pk).update(assigned_to=None)

    with django_capture_on_commit_callbacks(execute=True):
        review.request_changes(case=case, by=reviewer, comment="Add the BP-10 date.")

    assert [m.to for m in mail.outbox] == [["alice@org-a.example"]]


def test_decisions_send_no_email(reviewer, in_review, django_capture_on_commit_callbacks):
    reviewer.email = "rita@org-a.example"
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        accept_every_argument(in_review, reviewer)

    assert not mail.outbox


# --- Optimistic locking ------------------------------------------------------------------------------------------


def test_a_decision_posted_with_a_stale_version_says_who_changed_the_case_and_changes_nothing(
    reviewer_client, second_reviewer_client, in_review
):
    cancer, plea, _ = in_review.arguments.all()
    seen = version_of(in_review)  # both reviewers loaded the page at this version
    assert (
        second_reviewer_client.post(decide_url(in_review, cancer), decision_post(cancer, seen)).status_code
        == 302
    )
    after_ruth = version_of(in_review)
    assert after_ruth > seen

    response = reviewer_client.post(
        decide_url(in_review, plea),
        decision_post(
            plea, seen, decision="override", outcome="collateral_attack/plea_invalid", reason=OVERRIDE_REASON
        ),
        follow=True,
    )

    text = page_text(response)
    assert re.search(
        r"Not saved: this case was changed by Ruth Second at \d{4}-\d\d-\d\d \d\d:\d\d while this page was open",
        text,
    ), text
    assert not Decision.objects.filter(argument=plea).exists()
    assert version_of(in_review) == after_ruth


def test_stale_versions_are_refused_for_bulk_accept_approval_and_sending_back(
    reviewer_client, reviewer, in_review
):
    stale = version_of(in_review)
    review.decide_argument(argument=in_review.arguments.first(), by=reviewer, accept=True)

    reviewer_client.post(review_url("accept_all", in_review), {"version": stale})
    reviewer_client.post(
        review_url("request_changes", in_review), {"version": stale, "comment": "Not like this."}
    )
    assert Decision.objects.count() == 1
    assert status_of(in_review) == "in_review"

    accept_every_argument_remaining(in_review, reviewer)
    with pytest.raises(review.ReviewConflict):
        review.approve(case=in_review, by=reviewer, threshold_acknowledged=True, expected_version=stale)
    assert not Revision.objects.exists()
    assert status_of(in_review) == "in_review"


@pytest.mark.postgres
def test_two_reviewers_approving_the_same_case_at_once_make_exactly_one_revision(
    transactional_db, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are proved on PostgreSQL")

    def slow_rendering(revision):
        time.sleep(0.3)  # hold the row lock long enough that the other approval must wait for it
        return []

    monkeypatch.setattr(documents_service, "store_revision_documents", slow_rendering)
    organisation = make_organisation(name="Concurrent Defenders")
    author = make_user(organisation, "carla", role="intake")
    reviewers = [
        make_user(organisation, "rhea", role="reviewer"),
        make_user(organisation, "ross", role="reviewer"),
    ]
    case = make_case_in_review(organisation, created_by=author, texts=["He has stage IV lung cancer."])
    accept_every_argument(case, reviewers[0])
    seen = version_of(case)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve(user):
        try:
            loaded = Case.objects.get(pk=case.pk)
            barrier.wait(timeout=10)
            outcomes[user.username] = review.approve(
                case=loaded, by=user, threshold_acknowledged=True, expected_version=seen
            )
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            outcomes[user.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Revision.objects.filter(case=case).count() == 1
    kinds = sorted(type(outcome).__name__ for outcome in outcomes.values())
    assert kinds == ["ReviewConflict", "Revision"], outcomes
    conflict = next(o for o in outcomes.values() if isinstance(o, review.ReviewConflict))
    assert "reload" in str(conflict)
    assert status_of(case) == "approved"
    assert ReviewNote.objects.filter(case=case, kind=ReviewNote.Kind.APPROVED).count() == 1


# --- The queue ---------------------------------------------------------------------------------------------------


def test_review_queue_lists_cases_in_review_oldest_first_with_counts_and_filing_date(
    reviewer_client, org, intake_user, django_assert_max_num_queries
):
    older = make_case_in_review(org, created_by=intake_user)
    newer = make_case_in_review(org, created_by=intake_user, texts=["He has stage IV lung cancer."])
    make_triaged_case(org, created_by=intake_user)  # a draft: not in the queue

    with django_assert_max_num_queries(12):
        response = reviewer_client.get(reverse("analysis:review_queue"))

    html = response.content.decode()
    rows = re.findall(r'<a href="/cases/(\d+)/review/">', html)
    assert rows == [str(older.pk), str(newer.pk)]
    text = page_text(response)
    assert "1 Compassionate release 1 Collateral attack (§ 2255) 1 Other vehicle" in text
    # Both requests date from 2020: each row says its filing date is open, and shows it in its column.
    assert text.count("Filing date open since 2020-06-14 (threshold met)") == 2
    assert text.count("2020-06-14") == 4


def test_review_queue_is_for_reviewers_only(intake_client, admin_client_org):
    assert intake_client.get(reverse("analysis:review_queue")).status_code == 403
    assert admin_client_org.get(reverse("analysis:review_queue")).status_code == 403
