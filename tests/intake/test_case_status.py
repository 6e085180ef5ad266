"""Case status changes are methods of the case, each checked against Case.TRANSITIONS."""

from datetime import UTC, datetime

import pytest

from intake.models import Case, IllegalTransition

Status = Case.Status
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)

# Each step, the status it leaves the case in, and the statuses it may start from.
STEPS = {
    "submit_for_review": (lambda case: case.submit_for_review(at=NOW), Status.IN_REVIEW),
    "send_back": (lambda case: case.send_back(), Status.CHANGES_REQUESTED),
    "approve": (lambda case: case.approve(), Status.APPROVED),
    "reopen": (lambda case: case.reopen(), Status.DRAFT),
}
LEGAL = {
    ("submit_for_review", Status.DRAFT),
    ("submit_for_review", Status.CHANGES_REQUESTED),
    ("send_back", Status.IN_REVIEW),
    ("approve", Status.IN_REVIEW),
    ("reopen", Status.APPROVED),
}
ILLEGAL = sorted({(step, status) for step in STEPS for status in Status} - LEGAL)


def test_a_draft_is_submitted_for_review_and_records_when():
    case = Case(status=Status.DRAFT)
    case.submit_for_review(at=NOW)
    assert (case.status, case.submitted_for_review_at) == (Status.IN_REVIEW, NOW)


def test_a_case_sent_back_can_be_submitted_again():
    case = Case(status=Status.CHANGES_REQUESTED)
    case.submit_for_review(at=NOW)
    assert case.status == Status.IN_REVIEW


def test_a_case_in_review_is_sent_back_for_changes():
    case = Case(status=Status.IN_REVIEW)
    case.send_back()
    assert case.status == Status.CHANGES_REQUESTED


def test_a_case_in_review_is_approved():
    case = Case(status=Status.IN_REVIEW)
    case.approve()
    assert case.status == Status.APPROVED


def test_an_approved_case_is_reopened_as_a_draft():
    case = Case(status=Status.APPROVED)
    case.reopen()
    assert case.status == Status.DRAFT


@pytest.mark.parametrize(("step", "status"), ILLEGAL)
def test_an_illegal_transition_raises_and_changes_nothing(step, status):
    case = Case(status=status)
    do, _ = STEPS[step]
    with pytest.raises(IllegalTransition, match="Only"):
        do(case)
    assert case.status == status
    assert case.submitted_for_review_at is None


def test_every_status_can_be_reached_and_left():
    targets = {target for _, target in STEPS.values()}
    sources = {status for _, status in LEGAL}
    assert targets == sources == set(Status)
