"""Exhibits in a real browser: intake staff upload a PDF, see a fake one refused, and delete after confirming."""

from django.urls import reverse
from playwright.sync_api import expect

from analysis.models import Exhibit
from tests.factories import make_case, make_pdf


def test_intake_uploads_a_pdf_exhibit_sees_a_fake_one_refused_and_deletes_one(
    live_server, page, staff, sign_in
):
    case = make_case(staff["organisation"], created_by=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}{reverse('analysis:case_review', args=[case.pk])}")

    page.get_by_role("link", name="Add an exhibit (PDF)").click()
    page.get_by_label("Title").fill("BOP medical records")
    page.get_by_label("Date of the document").fill("2024-05-01")
    page.get_by_label("Type").select_option("medical_records")
    page.get_by_label("PDF file").set_input_files(
        {"name": "records.pdf", "mimeType": "application/pdf", "buffer": make_pdf("one", "two")}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Exhibit 1 added (sealed): 2 pages.")).to_be_visible()
    row = page.locator("section:has(#exhibits-heading) tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("BOP medical records")
    expect(row).to_contain_text("Under seal")

    page.get_by_role("link", name="Add an exhibit (PDF)").click()
    page.get_by_label("Title").fill("Not a PDF")
    page.get_by_label("Type").select_option("other")
    page.get_by_label("PDF file").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"Dear warden, please."}
    )
    page.get_by_role("button", name="Upload").click()
    # Said next to the field, and in the error summary that takes the focus.
    expect(page.locator("#id_file_error")).to_contain_text("This file is not a PDF.")
    expect(page.get_by_role("alert")).to_be_focused()
    assert Exhibit.objects.filter(case=case).count() == 1

    page.goto(f"{live_server.url}{reverse('analysis:case_review', args=[case.pk])}")
    page.get_by_role("link", name="Delete exhibit 1").click()
    expect(page.get_by_role("heading", name="Delete exhibit 1?")).to_be_visible()
    page.get_by_role("button", name="Delete exhibit 1").click()
    expect(page.get_by_text("Exhibit 1 deleted")).to_be_visible()
    expect(page.get_by_text("No exhibits yet.")).to_be_visible()
    assert not Exhibit.objects.filter(case=case).exists()
