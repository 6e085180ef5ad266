"""``manage.py export_documents CASE_ID --out DIR [--draft]`` (the contract in issue 4)."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from analysis import review, triage
from analysis.models import Assessment, StoredDocument
from tests.factories import (
    THREE_CLAIMS,
    accept_every_argument,
    make_argument,
    make_case,
    make_case_in_review,
    make_exhibit,
    make_pdf,
    make_warden_request,
)

FILES = [
    "motion.docx",
    "motion.pdf",
    "proposed-order.pdf",
    "referral-2255.pdf",
    "triage-memo.pdf",
    "warden-request.pdf",
]


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


def test_packet_flag_writes_the_filing_packet_behind_the_approved_motion(
    tmp_path, org, intake_user, reviewer
):
    case = make_case(org, created_by=intake_user)
    make_exhibit(case, intake_user, title="Denial", kind="denial", content=make_pdf("DENIAL-PAGE"))
    make_exhibit(
        case,
        intake_user,
        title="Records",
        kind="medical_records",
        sealed=True,
        content=make_pdf("SEALED-TEXT"),
    )
    make_argument(case, text=THREE_CLAIMS[0])
    triage.run_triage_unassessed(case=case, by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    accept_every_argument(case, reviewer)
    revision = review.approve(case=case, by=reviewer, threshold_acknowledged=True)

    output = export(case.pk, "--out", tmp_path, "--packet")

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*FILES, "filing-packet.pdf"])
    assert "filing-packet.pdf" in output
    motion = PdfReader(io.BytesIO(bytes(revision.documents.get(slug="motion").content)))
    packet = PdfReader(tmp_path / "filing-packet.pdf")
    texts = [page.extract_text() for page in packet.pages]
    # The motion has a cover sheet of attorney notes (the threshold was acknowledged, not met); the packet, which
    # goes to the court, starts at the filing's caption and never holds the cover sheet.
    assert "For the attorney — not part of the filing" in motion.pages[0].extract_text()
    assert len(texts) == len(motion.pages) - 1 + 3
    assert texts[0] == motion.pages[1].extract_text()
    assert texts[0].startswith("UNITED STATES DISTRICT COURT")
    assert not any("For the attorney" in text for text in texts)
    assert "DENIAL-PAGE" in texts[-2]
    assert "Exhibit 2 — filed under seal" in texts[-1]
    assert not any("SEALED-TEXT" in text for text in texts)


def test_packet_over_its_bounds_is_a_command_error(tmp_path, org, intake_user, settings):
    case = make_case(org, created_by=intake_user)
    make_exhibit(case, intake_user, content=make_pdf("1", "2"))
    settings.PACKET_MAX_PAGES = 2

    with pytest.raises(CommandError, match="The filing packet would have"):
        export(case.pk, "--out", tmp_path, "--draft", "--packet")
    assert not list(tmp_path.iterdir())
