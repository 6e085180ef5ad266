"""The reviewer's journey: open a case in review, override one assessment with a reason, accept the rest,
approve, and download the triage memo, whose text carries the reason."""

import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import make_case_in_review, make_client

REASON = "Counsel's plea advice is a 2255 matter, not a release ground."


def test_reviewer_overrides_one_assessment_approves_and_downloads_a_memo_with_the_reason(
    live_server, page, staff, sign_in, tmp_path
):
    organisation, intake = staff["organisation"], staff["intake"]
    case = make_case_in_review(
        organisation,
        created_by=intake,
        assigned_to=intake,
        client=make_client(organisation, name="Dwayne Ferguson"),
        docket_number="3:04-cr-00013",
    )
    sign_in("rex")

    page.get_by_role("link", name="United States v. Dwayne Ferguson").first.click()
    expect(page.get_by_role("heading", name="Arguments")).to_be_visible()
    plea = page.locator("li.argument").nth(1)
    expect(plea).to_contain_text("plea offer")
    plea.get_by_label("Override", exact=True).check()
    plea.get_by_label("Disposition and ground").select_option("collateral_attack/plea_invalid")
    plea.get_by_label("Reason").fill(REASON)
    plea.get_by_role("button", name="Save decision on argument 2").click()

    expect(page.get_by_text("Decision saved.")).to_be_visible()
    expect(page.locator("li.argument").nth(1).locator(".decision")).to_contain_text("overridden by")

    page.get_by_role("button", name="Accept all that need no review").click()
    expect(page.get_by_text("Accepted 2 assessments.")).to_be_visible()

    page.get_by_label(re.compile("I have read the filing-threshold analysis")).check()
    page.get_by_role("button", name="Approve and issue documents").click()
    expect(page.get_by_text("Approved as revision 1.")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="ferguson-3-04-cr-00013-r1-triage-memo.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "ferguson-3-04-cr-00013-r1-triage-memo.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    text = " ".join(page_.extract_text() or "" for page_ in PdfReader(saved).pages)
    normalised = re.sub(r"\s+", " ", text).replace("’", "'")
    assert REASON in normalised
    case.refresh_from_db()
    assert case.status == "approved"
