"""The review services move a case only through its status methods: a refused step writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from analysis import review
from analysis.models import ReviewNote
from intake.models import Case, IllegalTransition
from tests.factories import make_triaged_case


def _row(case: Case) -> tuple:
    return Case.objects.filter(pk=case.pk).values_list("status", "version", "updated_at").get()


@pytest.mark.parametrize(
    "step",
    [
        lambda case, by: review.approve(case=case, by=by, threshold_acknowledged=True),
        lambda case, by: review.request_changes(case=case, by=by, comment="Add the medical records."),
        lambda case, by: review.reopen(case=case, by=by),
    ],
    ids=["approve", "request_changes", "reopen"],
)
def test_a_step_refused_for_a_draft_changes_nothing(org, intake_user, reviewer, step):
    case = make_triaged_case(org, created_by=intake_user)
    before = _row(case)
    with pytest.raises(IllegalTransition):
        step(case, reviewer)
    assert _row(case) == before
    assert not ReviewNote.objects.filter(case=case).exists()


def test_submitting_a_case_already_in_review_changes_nothing(org, intake_user):
    case = make_triaged_case(org, created_by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    before = _row(case)
    with pytest.raises(ValidationError, match="Only a draft or a case sent back"):
        review.submit_for_review(case=case, by=intake_user)
    assert _row(case) == before
    assert ReviewNote.objects.filter(case=case).count() == 1
