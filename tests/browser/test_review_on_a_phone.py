"""The review page on a phone (#13 item 12): a decided argument folds to one line, a sticky summary of what is
left to decide stays in view, and the printed case shows every argument in full without navigation or buttons."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_case_in_review

PHONE = {"width": 390, "height": 844}


def test_decided_arguments_fold_and_the_summary_of_what_is_left_stays_in_view(
    live_server, page, staff, sign_in
):
    organisation, intake = staff["organisation"], staff["intake"]
    case = make_case_in_review(organisation, created_by=intake, assigned_to=intake)
    page.set_viewport_size(PHONE)
    sign_in("rex")
    page.goto(f"{live_server.url}{reverse('analysis:case_review', args=[case.pk])}")

    summary = page.get_by_role("navigation", name="Left to decide")
    expect(summary).to_contain_text("3 of 3 arguments left to decide")

    first = page.locator("li.argument").first
    first.get_by_label("Accept the engine's assessment").check()
    first.get_by_role("button", name="Save decision on argument 1").click()
    expect(page.get_by_text("Decision saved.")).to_be_visible()

    first = page.locator("li.argument").first
    expect(first.locator("details")).not_to_have_attribute("open", "")
    expect(first.locator("summary")).to_contain_text("accepted")
    expect(first.locator(".argument-text")).to_be_hidden()  # folded: one line on the phone
    expect(page.locator("li.argument").nth(1).locator(".argument-text")).to_be_visible()
    expect(summary).to_contain_text("2 of 3 arguments left to decide")
    expect(summary.get_by_role("link", name="argument 1")).to_have_count(0)

    # Scrolled down to the last argument, the summary is still on screen.
    page.locator("li.argument").last.get_by_role("button").scroll_into_view_if_needed()
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Opening the folded argument shows it again.
    first.locator("summary").click()
    expect(first.locator(".argument-text")).to_be_visible()
    first.locator("summary").click()

    # Printed: no navigation or buttons, the folded argument in full.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Save decision on argument 2")).to_be_hidden()
    expect(summary).to_be_hidden()
    expect(first.locator(".argument-text")).to_be_visible()
    second_breaks = page.locator("li.argument").nth(1).evaluate("e => getComputedStyle(e).breakBefore")
    assert second_breaks == "page"


def test_the_printed_case_page_has_no_navigation_or_buttons_and_one_argument_a_page(
    live_server, page, staff, sign_in
):
    case = make_case_in_review(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}{reverse('intake:case_detail', args=[case.pk])}")
    arguments = page.locator("li.argument")
    expect(arguments).to_have_count(3)
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("main button:visible")).to_have_count(0)
    expect(arguments.first.locator(".argument-text")).to_be_visible()
    breaks = [arguments.nth(i).evaluate("e => getComputedStyle(e).breakBefore") for i in range(3)]
    assert breaks == ["auto", "page", "page"]
