"""``manage.py export_documents CASE_ID --out DIR [--draft]`` (the contract in issue 4)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from analysis import review
from analysis.models import Assessment, StoredDocument
from tests.factories import (
    THREE_CLAIMS,
    accept_every_argument,
    make_argument,
    make_case,
    make_case_in_review,
    make_warden_request,
)

FILES = ["motion.docx", "motion.pdf", "referral-2255.pdf", "triage-memo.pdf", "warden-request.pdf"]


def export(*args) -> str:
    out = StringIO()
    call_command("export_documents", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_draft_export_triages_untriaged_arguments_first_and_writes_every_document(tmp_path, org, intake_user):
    case = make_case(org, created_by=intake_user)
    make_warden_request(case)
    for text in THREE_CLAIMS:
        make_argument(case, text=text)
    assert not Assessment.objects.exists()
    out = tmp_path / "drafts" / "nested"

    output = export(case.pk, "--out", out, "--draft")

    assert sorted(path.name for path in out.iterdir()) == FILES
    for name in FILES:
        content = (out / name).read_bytes()
        assert content, name
        assert content.startswith(b"PK" if name.endswith(".docx") else b"%PDF"), name
        assert name in output
    assert Assessment.objects.filter(argument__case=case).count() == 3
    assert case.revisions.count() == 0, "a draft export approves nothing"


def test_draft_export_keeps_existing_assessments(tmp_path, org, intake_user):
    case = make_case(org, created_by=intake_user)
    triaged = make_argument(case, text=THREE_CLAIMS[0])
    export(case.pk, "--out", tmp_path, "--draft")
    first = Assessment.objects.get(argument=triaged).assessed_at
    make_argument(case, text=THREE_CLAIMS[1])

    export(case.pk, "--out", tmp_path, "--draft")

    assert Assessment.objects.get(argument=triaged).assessed_at == first
    assert Assessment.objects.filter(argument__case=case).count() == 2


def test_export_without_draft_refuses_a_case_with_no_approved_revision(tmp_path, org, intake_user):
    case = make_case(org, created_by=intake_user)
    make_argument(case)

    with pytest.raises(CommandError, match="no approved revision"):
        export(case.pk, "--out", tmp_path)
    assert not list(tmp_path.iterdir())


def test_export_of_an_unknown_case_is_an_error(tmp_path, db):
    with pytest.raises(CommandError, match="No case with id 999999"):
        export(999999, "--out", tmp_path, "--draft")


def test_export_after_approval_writes_the_stored_documents_of_the_latest_revision(
    tmp_path, org, intake_user, reviewer
):
    case = make_case_in_review(org, created_by=intake_user)
    accept_every_argument(case, reviewer)
    review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    review.reopen(case=case, by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    revision = review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    assert revision.number == 2

    export(case.pk, "--out", tmp_path)

    assert sorted(path.name for path in tmp_path.iterdir()) == FILES
    stored = {
        document.slug: bytes(document.content)
        for document in StoredDocument.objects.filter(revision=revision)
    }
    assert (tmp_path / "triage-memo.pdf").read_bytes() == stored["triage-memo"]
    assert (tmp_path / "motion.pdf").read_bytes() == stored["motion"]
    assert (tmp_path / "motion.docx").read_bytes() == stored["motion-docx"]
    assert (tmp_path / "referral-2255.pdf").read_bytes() == stored["referral-2255"]
    assert (tmp_path / "warden-request.pdf").read_bytes() == stored["warden-request"]
