"""Exhibits (issue 12 item 9): checked uploads, organisation-scoped and access-logged downloads, ordering,
deletion, and the filing packet (motion + exhibits list + exhibits, sealed ones as a placeholder page)."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from analysis import exhibits
from analysis.models import Exhibit
from intake.models import Case, CaseAccess
from tests.factories import make_case, make_exhibit, make_pdf
from tests.intake.test_views import field_errors

SEALED_TEXT = "Oncology consult: metastatic adenocarcinoma"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload_url(case) -> str:
    return reverse("analysis:exhibit_create", args=[case.pk])


def post_upload(
    client, case, content: bytes, name: str = "Hale medical records.pdf", follow: bool = False, **fields
):
    data = {"title": "Medical records", "dated": "2024-05-01", "kind": "other", "sealed": "", **fields}
    data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(upload_url(case), data, follow=follow)


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def packet_text(content: bytes) -> tuple[int, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), [page.extract_text() for page in reader.pages]


# --- Upload -----------------------------------------------------------------------------------------------------


def test_upload_stores_a_pdf_under_a_random_name_in_the_organisations_folder(intake_client, case):
    response = post_upload(intake_client, case, make_pdf("page one", "page two"))

    assert response.status_code == 302
    exhibit = Exhibit.objects.get(case=case)
    assert (exhibit.position, exhibit.pages, exhibit.title, exhibit.kind) == (
        1,
        2,
        "Medical records",
        "other",
    )
    assert exhibit.file.name.startswith(f"exhibits/org-{case.organisation_id}/")
    assert "Hale" not in exhibit.file.name and "medical" not in exhibit.file.name.lower()
    path = Path(exhibit.file.path)
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.stat().st_mode & 0o077 == 0, "only the app's user may read an exhibit"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Dear warden, I ask for compassionate release.", "This file is not a PDF"),
        (b"<html><body>not a pdf</body></html>", "This file is not a PDF"),
        (b"%PDF-1.7\n garbage that is no PDF at all", "damaged"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_and_nothing_is_stored(
    intake_client, case, content, message
):
    response = post_upload(intake_client, case, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Exhibit.objects.exists()
    assert not stored_files()


def test_an_encrypted_pdf_is_refused(intake_client, case):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("secret"))))
    writer.encrypt("password")
    out = io.BytesIO()
    writer.write(out)

    response = post_upload(intake_client, case, out.getvalue())

    assert "password-protected or encrypted" in response.content.decode()
    assert not Exhibit.objects.exists()


def test_an_oversize_pdf_is_refused_with_the_limit(intake_client, case, settings):
    content = make_pdf("big")
    settings.EXHIBIT_MAX_BYTES = len(content) - 1

    response = post_upload(intake_client, case, content)

    assert "an exhibit can be at most" in response.content.decode()
    assert not Exhibit.objects.exists()
    assert not stored_files()


def test_a_pdf_over_the_page_limit_is_refused(intake_client, case, settings):
    settings.EXHIBIT_MAX_PAGES = 2

    response = post_upload(intake_client, case, make_pdf("1", "2", "3"))

    assert "This PDF has 3 pages; an exhibit can have at most 2" in response.content.decode()
    assert not Exhibit.objects.exists()


def test_an_exhibit_dated_in_the_future_is_refused_at_its_date_and_nothing_is_stored(intake_client, case):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = post_upload(intake_client, case, make_pdf("x"), dated=tomorrow.isoformat())

    assert response.status_code == 200
    assert "The date of the document cannot be in the future." in field_errors(response, "id_dated")
    assert not Exhibit.objects.exists()
    assert not stored_files()


def test_an_exhibit_dated_today_is_accepted(intake_client, case):
    response = post_upload(intake_client, case, make_pdf("x"), dated=timezone.localdate().isoformat())

    assert response.status_code == 302
    assert Exhibit.objects.get(case=case).dated == timezone.localdate()


@pytest.mark.parametrize(("pages", "counted"), [(1, "1 page."), (2, "2 pages.")])
def test_the_upload_confirmation_counts_the_pages_in_words(intake_client, case, pages, counted):
    response = post_upload(intake_client, case, make_pdf(*["page"] * pages), follow=True)

    assert f"Exhibit 1 added: {counted}" in response.content.decode()


def test_nobody_uploads_to_another_organisations_case(outsider_intake_client, case):
    response = post_upload(outsider_intake_client, case, make_pdf("x"))

    assert response.status_code == 404
    assert not Exhibit.objects.exists()
    assert not stored_files()


def test_a_case_in_review_takes_no_new_exhibit(intake_client, org, intake_user):
    case = make_case(org, created_by=intake_user, status=Case.Status.IN_REVIEW)

    response = post_upload(intake_client, case, make_pdf("x"))

    assert response.status_code == 403
    assert not Exhibit.objects.exists()


def test_medical_records_are_sealed_unless_staff_say_otherwise(intake_client, case):
    post_upload(intake_client, case, make_pdf("a"), kind="medical_records")
    post_upload(intake_client, case, make_pdf("b"), kind="medical_records", sealed="no")
    post_upload(intake_client, case, make_pdf("c"), kind="denial")
    post_upload(intake_client, case, make_pdf("d"), kind="release_plan", sealed="yes")

    assert list(case.exhibits.values_list("sealed", flat=True)) == [True, False, False, True]


# --- Download, order, delete -------------------------------------------------------------------------------------


def test_download_is_access_logged_and_never_cached(intake_client, intake_user, case):
    exhibit = make_exhibit(case, intake_user, title="Denial letter")
    url = reverse("analysis:exhibit_download", args=[case.pk, exhibit.pk])

    response = intake_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="exhibit-1.pdf"' in response["Content-Disposition"]
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])
        == Path(exhibit.file.path).read_bytes()
    )
    record = CaseAccess.objects.get(case=case, user=intake_user)
    assert (record.kind, record.detail) == (CaseAccess.Kind.DOCUMENT_DOWNLOAD, f"exhibit {exhibit.pk}")


def test_another_organisation_cannot_download_and_nothing_is_logged(outsider_client, intake_user, case):
    exhibit = make_exhibit(case, intake_user)

    response = outsider_client.get(reverse("analysis:exhibit_download", args=[case.pk, exhibit.pk]))

    assert response.status_code == 404
    assert not CaseAccess.objects.exists()


def test_an_exhibit_of_another_case_is_not_reachable_through_this_case(intake_client, org, intake_user, case):
    other = make_case(org, created_by=intake_user)
    exhibit = make_exhibit(other, intake_user)

    response = intake_client.get(reverse("analysis:exhibit_download", args=[case.pk, exhibit.pk]))

    assert response.status_code == 404


def test_moving_swaps_neighbours_and_the_ends_stay_put(intake_client, intake_user, case):
    first, second, third = (make_exhibit(case, intake_user, title=t) for t in ("A", "B", "C"))

    def move(exhibit, direction):
        url = reverse("analysis:exhibit_move", args=[case.pk, exhibit.pk])
        assert intake_client.post(url, {"direction": direction}).status_code == 302
        return list(case.exhibits.values_list("title", flat=True))

    assert move(third, "up") == ["A", "C", "B"]
    assert move(first, "up") == ["A", "C", "B"]
    assert move(first, "down") == ["C", "A", "B"]
    assert move(second, "down") == ["C", "A", "B"]
    assert list(case.exhibits.values_list("position", flat=True)) == [1, 2, 3]


def test_delete_asks_first_then_renumbers_removes_the_file_and_keeps_history(
    intake_client, intake_user, case, django_capture_on_commit_callbacks
):
    first, second, third = (make_exhibit(case, intake_user, title=t) for t in ("A", "B", "C"))
    url = reverse("analysis:exhibit_delete", args=[case.pk, second.pk])
    path = Path(second.file.path)

    confirm = intake_client.get(url)
    assert confirm.status_code == 200 and "Delete exhibit 2?" in confirm.content.decode()
    assert Exhibit.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert intake_client.post(url).status_code == 302

    assert list(case.exhibits.values_list("title", "position")) == [("A", 1), ("C", 2)]
    assert not path.exists()
    deleted = Exhibit.history.filter(id=second.pk, history_type="-").get()
    assert (deleted.title, deleted.history_user) == ("B", intake_user)


# --- The filing packet ---------------------------------------------------------------------------------------------


def test_packet_is_motion_list_then_exhibits_in_order_with_sealed_ones_as_placeholders(
    intake_client, intake_user, case
):
    make_exhibit(case, intake_user, title="Request to the warden", content=make_pdf("REQUEST-PAGE"))
    make_exhibit(
        case,
        intake_user,
        title="BOP medical records",
        kind="medical_records",
        sealed=True,
        content=make_pdf(SEALED_TEXT, SEALED_TEXT),
    )
    make_exhibit(case, intake_user, title="Release plan", content=make_pdf("PLAN-ONE", "PLAN-TWO"))
    motion = PdfReader(io.BytesIO(exhibits.packet_motion(case)[0]))
    # The cover sheet of attorney notes stays out of the packet: the court gets the filing's pages only.
    cover_pages = exhibits.filing_start(motion)
    assert cover_pages == 1 and "For the attorney" in motion.pages[0].extract_text()
    motion_pages = len(motion.pages) - cover_pages

    response = intake_client.get(reverse("analysis:filing_packet", args=[case.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].endswith('-draft-filing-packet.pdf"')
    pages, texts = packet_text(response.content)
    # motion, one list page, 1 + 1 (placeholder for 2 sealed pages) + 2 exhibit pages
    assert pages == motion_pages + 1 + 1 + 1 + 2
    assert "UNITED STATES DISTRICT COURT" in texts[0] and "Page 1 of" in texts[0]
    assert not any("For the attorney" in text for text in texts)
    after = texts[motion_pages:]
    assert "Exhibits" in after[0] and "BOP medical records" in after[0] and "filed under seal" in after[0]
    assert "REQUEST-PAGE" in after[1]
    assert "Exhibit 2 — filed under seal" in after[2]
    assert ("PLAN-ONE", "PLAN-TWO") == (after[3].strip(), after[4].strip())
    assert not any("adenocarcinoma" in text for text in texts)
    record = CaseAccess.objects.get(case=case, detail="filing-packet")
    assert record.kind == CaseAccess.Kind.DOCUMENT_DOWNLOAD


def test_packet_over_its_bounds_is_refused_with_a_message_not_a_500(
    intake_client, intake_user, case, settings
):
    make_exhibit(case, intake_user, content=make_pdf("1", "2", "3"))
    settings.PACKET_MAX_PAGES = 3

    response = intake_client.get(reverse("analysis:filing_packet", args=[case.pk]), follow=True)

    assert response.status_code == 200
    assert "The filing packet would have" in response.content.decode()
    assert not CaseAccess.objects.filter(detail="filing-packet").exists()


def test_the_review_page_lists_exhibits_and_offers_the_packet(intake_client, intake_user, case):
    make_exhibit(case, intake_user, title="Denial letter", kind="denial")

    page = intake_client.get(reverse("analysis:case_review", args=[case.pk])).content.decode()

    assert "Denial letter" in page
    assert reverse("analysis:filing_packet", args=[case.pk]) in page
    assert reverse("analysis:exhibit_create", args=[case.pk]) in page


def test_the_snapshot_carries_the_exhibits_list(intake_user, case):
    from analysis.snapshot import build_snapshot

    make_exhibit(case, intake_user, title="Denial letter", kind="denial")
    make_exhibit(case, intake_user, title="Records", kind="medical_records", sealed=True)

    assert build_snapshot(case)["exhibits"] == [
        {"number": 1, "title": "Denial letter", "dated": "2024-05-01", "kind": "Denial", "sealed": False},
        {"number": 2, "title": "Records", "dated": "2024-05-01", "kind": "Medical records", "sealed": True},
    ]


def test_a_case_takes_at_most_the_configured_number_of_exhibits(intake_client, intake_user, case, settings):
    settings.EXHIBITS_PER_CASE = 1
    make_exhibit(case, intake_user)

    response = post_upload(intake_client, case, make_pdf("second"))

    assert "A case can have at most 1 exhibits." in response.content.decode()
    assert case.exhibits.count() == 1


def test_exhibits_of_a_case_in_review_cannot_be_moved_or_deleted_but_can_be_read(
    intake_client, reviewer_client, intake_user, case
):
    first, second = make_exhibit(case, intake_user, title="A"), make_exhibit(case, intake_user, title="B")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_REVIEW)

    move = intake_client.post(
        reverse("analysis:exhibit_move", args=[case.pk, second.pk]), {"direction": "up"}
    )
    delete = intake_client.post(reverse("analysis:exhibit_delete", args=[case.pk, first.pk]))
    read = reviewer_client.get(reverse("analysis:exhibit_download", args=[case.pk, first.pk]))

    assert (move.status_code, delete.status_code, read.status_code) == (403, 403, 200)
    assert list(case.exhibits.values_list("title", flat=True)) == ["A", "B"]
