"""axe-core (bundled by axe-playwright-python, no CDN) on every main page: no serious or critical violation.

Each case builds its own data with the factories, signs in as the user who would see the page and runs axe on
the rendered page. The document previews are PDF downloads, so their check runs axe on the HTML that WeasyPrint
lays out into the tagged PDF (headings, language, landmarks and contrast of the text come from it).
"""

import re
from pathlib import Path
from unittest import mock

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import (
    THREE_CLAIMS,
    accept_every_argument,
    make_case,
    make_case_in_review,
    make_triaged_case,
)

BLOCKING_IMPACTS = {"serious", "critical"}
DOCUMENTS_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "documents.css"


def blocking_violations(page) -> list[dict]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def text_and_background(locator) -> tuple[str, str]:
    """The element's text colour and the first opaque background behind it (its own or an ancestor's)."""
    return tuple(
        locator.evaluate(
            """element => {
                const color = getComputedStyle(element).color;
                for (let node = element; node; node = node.parentElement) {
                    const background = getComputedStyle(node).backgroundColor;
                    if (background !== "rgba(0, 0, 0, 0)" && background !== "transparent") return [color, background];
                }
                return [color, "rgb(255, 255, 255)"];
            }"""
        )
    )


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two opaque ``rgb(r, g, b)`` colours."""

    def luminance(css: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", css)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def assert_no_blocking_violations(page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


LONG_TOKEN = "https://www.bop.gov/inmateloc/records/" + "medical-summary-" * 6  # one unbreakable word
CASE_PAGE_TEXTS = (*THREE_CLAIMS, f"His medical file is at {LONG_TOKEN} and shows the diagnosis.")


# Each builder creates the data a page needs and returns who signs in, the path, text the page must show and
# its primary actions as (role, accessible name).
def _home(staff):
    make_case_in_review(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    return "rex", "/", "Review queue", [("link", "Review queue")]


def _home_intake(staff):
    make_triaged_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    return "ida", "/", "My drafts", [("link", "Start a new case")]


def _case_list(staff):
    make_triaged_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    make_case_in_review(staff["organisation"], created_by=staff["intake"])
    return "ida", "/cases/", "2 cases", [("button", "Search"), ("link", "New case")]


def _case_page(staff):
    case = make_triaged_case(
        staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"], texts=CASE_PAGE_TEXTS
    )
    return (
        "ida",
        f"/cases/{case.pk}/",
        "Triage summary",
        [("button", "Run triage"), ("button", "Add argument")],
    )


def _case_create(staff):
    return "ida", "/cases/new/", "Conviction and sentence", [("button", "Create case")]


def _case_history(staff):
    case = make_triaged_case(staff["organisation"], created_by=staff["intake"])
    return "ida", f"/cases/{case.pk}/history/", "History", [("link", "Overview")]


def _court(staff):
    case = make_triaged_case(staff["organisation"], created_by=staff["intake"])
    return "ida", f"/cases/{case.pk}/court/", "Court", [("link", "Court")]


def _letter_split(staff):
    case = make_case(staff["organisation"], created_by=staff["intake"])
    return "ida", f"/cases/{case.pk}/letter/", "Paste a client's letter", [("button", "Propose arguments")]


def _review_page(staff):
    case = make_case_in_review(staff["organisation"], created_by=staff["intake"])
    accept_every_argument(case, staff["reviewer"])
    # Every argument decided, so each is folded (its Change decision button inside): approving is what is left.
    actions = [("button", "Approve and issue documents")]
    return "rex", f"/cases/{case.pk}/review/", "Approve and issue documents", actions


def _own_email(staff):
    return "ida", "/account/email/", "Your e-mail address", [("button", "Change my e-mail address")]


def _staff_edit(staff):
    _admin(staff)
    staff["intake"].role = "reviewer"
    staff["intake"].save()  # one row of account history to show
    return "ola", f"/organisation/staff/{staff['intake'].pk}/", "Account history", [("button", "Save")]


def _admin(staff):
    from tests.factories import make_user

    return make_user(staff["organisation"], "ola", role="admin")


def _case_erase(staff):
    _admin(staff)
    case = make_triaged_case(staff["organisation"], created_by=staff["intake"])
    return (
        "ola",
        f"/cases/{case.pk}/erase/",
        "Erase this case for good",
        [("button", f"Erase case #{case.pk}")],
    )


def _retention(staff):
    from datetime import timedelta

    from django.utils import timezone

    from intake.models import Case

    _admin(staff)
    case = make_case(staff["organisation"], status=Case.Status.APPROVED)
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - timedelta(days=365 * 8))
    return "ola", "/organisation/retention/", "Due for erasure", [("link", "Erase…")]


def _pipeline(staff):
    from datetime import date

    from analysis.models import Filing
    from tests.factories import make_approved_case

    _admin(staff)
    case = make_approved_case(
        staff["organisation"],
        created_by=staff["intake"],
        approved_by=staff["reviewer"],
        render_documents=False,
    )
    Filing.objects.create(
        case=case,
        number=1,
        filed_on=date(2026, 1, 5),
        docket_entry=3,
        ruling="granted",
        ruling_on=date(2026, 3, 1),
    )
    return (
        "ola",
        "/organisation/pipeline/",
        "Outcomes of filed motions by ground",
        [("heading", "Cases by status")],
    )


def _review_queue(staff):
    case = make_case_in_review(staff["organisation"], created_by=staff["intake"])
    return "rex", "/review/", "Review queue", [("link", f"United States v. {case.client.name}")]


PAGES = {
    "home-reviewer": _home,
    "home-intake": _home_intake,
    "case-list": _case_list,
    "case-page": _case_page,
    "case-create": _case_create,
    "case-history": _case_history,
    "court": _court,
    "letter-split": _letter_split,
    "review-page": _review_page,
    "review-queue": _review_queue,
    "own-email": _own_email,
    "staff-edit": _staff_edit,
    "case-erase": _case_erase,
    "retention": _retention,
    "pipeline": _pipeline,
}


def test_the_check_reports_a_known_violation(page):
    # Guards the harness: an unlabelled field and an image without alt text must be reported.
    page.set_content('<html lang="en"><body><main><img src="x.png"><input type="text"></main></body></html>')
    ids = {violation["id"] for violation in blocking_violations(page)}
    assert {"image-alt", "label"} <= ids


def test_the_login_page_has_no_serious_or_critical_violations(live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert_no_blocking_violations(page)


def test_the_login_page_with_an_error_has_no_serious_or_critical_violations(live_server, page, staff):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("ida")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".form-errors")).to_be_visible()
    assert_no_blocking_violations(page)


@pytest.mark.parametrize("path", ["/accounts/password_reset/", "/accounts/reset/MQ/set-password/"])
def test_the_password_reset_pages_have_no_serious_or_critical_violations(live_server, page, path):
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("main h1")).to_be_visible()
    assert_no_blocking_violations(page)


@pytest.mark.parametrize("name", PAGES)
def test_each_signed_in_page_has_no_serious_or_critical_violations(name, live_server, page, staff, sign_in):
    username, path, landmark_text, _actions = PAGES[name](staff)
    sign_in(username)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("main")).to_contain_text(landmark_text)
    assert_no_blocking_violations(page)


def test_the_letter_split_proposals_have_no_serious_or_critical_violations(
    live_server, page, staff, sign_in, propose_letter
):
    case = make_case(staff["organisation"], created_by=staff["intake"])
    sign_in("ida")
    proposals = propose_letter(
        case,
        "Dear Judge,\n\nMy 2255 was denied in 2018.\n\nI have terminal pancreatic cancer.\n\n"
        "My lawyer never told me about the plea offer.",
    )
    expect(proposals).to_have_count(2)
    expect(page.locator("li.dropped-sentence")).to_have_count(2)  # the greeting and the § 2255 history
    assert_no_blocking_violations(page)
    # Each left-out sentence says why in a badge; axe leaves white on an inherited white as "incomplete".
    for badge in page.locator("li.dropped-sentence .badge").all():
        assert badge.inner_text().strip()
        assert contrast_ratio(*text_and_background(badge)) >= 4.5, badge.inner_text()


def test_the_case_page_after_a_form_error_has_no_serious_or_critical_violations(
    live_server, page, staff, sign_in
):
    case = make_case(staff["organisation"], created_by=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("textbox", name="Argument", exact=True).fill("   ")  # blank once stripped: a form error
    page.get_by_role("button", name="Add argument").click()
    expect(page.locator("#arguments .errorlist")).to_be_visible()
    assert_no_blocking_violations(page)


@pytest.mark.parametrize("slug", ["triage-memo", "motion", "referral-2255", "warden-request"])
def test_each_document_preview_source_has_no_serious_or_critical_violations(slug, live_server, page, staff):
    from analysis import documents, documents_service

    case = make_triaged_case(staff["organisation"], created_by=staff["intake"])
    # Keep the HTML WeasyPrint lays out (the last layout, for a filing whose table of authorities has pages).
    with mock.patch.object(documents, "_layout", wraps=documents._layout) as layout:
        documents_service.render_draft(case, slug)
    rendered = [call.args[0] for call in layout.call_args_list]
    assert rendered, "the document was not rendered from HTML"

    page.set_content(rendered[-1])
    page.add_style_tag(path=str(DOCUMENTS_CSS))
    expect(page.locator("main")).not_to_be_empty()
    assert_no_blocking_violations(page)


# --- Phone and laptop widths -----------------------------------------------------------------------------------

# 320 px is the width WCAG 1.4.10 (Reflow) asks pages to work at without horizontal scrolling.
VIEWPORTS = {
    "reflow-320": {"width": 320, "height": 640},
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1280, "height": 800},
}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def assert_fits_and_shows(page, actions) -> None:
    overflow = page.evaluate(OVERFLOW)
    assert overflow <= 1, f"{page.url} is {overflow} px wider than the viewport"
    width = page.viewport_size["width"]
    for role, name in actions:
        action = page.get_by_role(role, name=name, exact=True).first
        expect(action).to_be_visible()
        box = action.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (
            f"{name!r} sticks out of the viewport: {box}"
        )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_login_page_fits_the_screen(viewport, live_server, page):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server.url}/accounts/login/")
    assert_fits_and_shows(page, [("button", "Sign in")])


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_fits_the_screen_and_shows_its_primary_actions(
    name, viewport, live_server, page, staff, sign_in
):
    username, path, landmark_text, actions = PAGES[name](staff)
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(username)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("main")).to_contain_text(landmark_text)
    assert_fits_and_shows(page, actions)
