"""The Content Security Policy in Chromium: the main pages and their htmx actions work under it, and the
browser reports no violation. A control test shows that a violation would have been caught."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_triaged_case

# Chromium reports each blocked script, style or handler on the console ("Refused to ... because it violates
# the following Content Security Policy directive ..."); the listener below also logs every
# securitypolicyviolation event, so that nothing the browser blocks goes unseen.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def csp_violations(page):
    violations: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "CSP violation" in message.text
            else None
        ),
    )
    return violations


def test_staff_pages_and_htmx_actions_work_under_the_policy_with_no_violation(
    live_server, page, staff, sign_in, csp_violations
):
    case = make_triaged_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")  # the login page, then home

    # The stylesheet applied (style-src 'self') and htmx loaded from static without injecting a <style>.
    header = page.locator("header.site-header")
    expect(header).to_have_css("background-color", "rgb(31, 78, 140)")
    assert page.evaluate("typeof htmx === 'object' && htmx.config.includeIndicatorStyles === false")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.locator("#case-results")).to_contain_text(case.client.name)

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    case_url = page.url
    expect(page.locator("#arguments li.argument")).to_have_count(3)

    # htmx: the live triage preview while typing, then adding the argument without a page load.
    box = page.get_by_role("textbox", name="Argument", exact=True)
    box.fill("He has end-stage kidney disease and needs dialysis three times a week.")
    expect(page.locator("#triage-preview")).to_contain_text("Compassionate release")
    page.get_by_role("button", name="Add argument").click()
    expect(page.locator("#arguments li.argument")).to_have_count(4)
    expect(page.locator("#arguments li.argument").nth(3)).to_contain_text("dialysis")
    assert page.url == case_url

    # htmx: the edit form swapped into the list in place of the first argument.
    page.locator("#arguments li.argument").nth(0).get_by_role("link", name="Edit").click()
    expect(page.locator("#arguments li.editing").get_by_role("button", name="Save argument")).to_be_visible()
    assert page.url == case_url

    # The review tab, and a document preview, which the browser downloads rather than renders.
    page.get_by_role("link", name="Review & documents").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Triage memo (PDF)").click()
    assert download_info.value.suggested_filename.endswith(".pdf")

    assert page.evaluate("document.querySelectorAll('style, [style]').length") == 0
    assert csp_violations == []


def test_a_violation_would_be_reported(live_server, page, staff, sign_in, csp_violations):
    """Control for the test above: an inline <style> added to a page is blocked, and the fixture hears of it."""
    sign_in("ida")
    directive = page.evaluate(
        """() => new Promise((resolve) => {
          document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective), {once: true});
          const style = document.createElement("style");
          style.textContent = "body { color: rgb(255, 0, 0); }";
          document.head.appendChild(style);
        })"""
    )
    assert directive.startswith("style-src")
    expect(page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    # The console message was sent before the promise resolved, so the listener has it by now.
    assert any("style-src" in violation for violation in csp_violations), csp_violations
