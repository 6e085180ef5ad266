"""Take the README's screenshots of every main page from a running demo, at phone and laptop widths.

Usage (against `make run`, or any server with `manage.py load_demo` loaded):

    .venv/bin/python tests/browser/take_screenshots.py [http://127.0.0.1:8000]

Writes docs/screenshots/<page>-phone.png (390 px wide) and <page>-laptop.png (1280 px). It only reads: the letter
page proposes arguments without keeping them, so the script can run again and again against the same demo.
"""

import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "safety-valve-demo"  # noqa: S105 - the published demo password
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}
FERGUSON_DOCKET = "3:04-cr-00013"
LETTER = """Dear counsel,

I have terminal pancreatic cancer and the prison doctors give me about six months.

My lawyer never told me about the plea offer the government made before trial.

The BOP has not applied my First Step Act time credits to my release date.
"""


def sign_in(page, username: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{BASE}/")


def open_ferguson(page) -> None:
    page.goto(f"{BASE}/cases/?q={FERGUSON_DOCKET}")
    page.get_by_role("link", name="Dwayne Ferguson").first.click()
    expect(page.get_by_role("heading", name="United States v. Dwayne Ferguson")).to_be_visible()


def open_case(page, client_name: str) -> None:
    page.goto(f"{BASE}/cases/?q={client_name.split()[-1]}")
    page.get_by_role("link", name=client_name).first.click()
    expect(page.get_by_role("heading", name=f"United States v. {client_name}")).to_be_visible()


def shoot(page, name: str, label: str, *, full_page: bool = True) -> None:
    path = OUT / f"{name}-{label}.png"
    page.screenshot(path=path, full_page=full_page)
    print(f"  {path.relative_to(OUT.parents[1])}")


def open_document_inline(route) -> None:
    # A preview is served as an attachment (a download); shown inline, Chromium's PDF viewer displays it.
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-disposition": "inline"})


def intake_pages(page, label: str) -> None:
    sign_in(page, "intake")
    shoot(page, "home", label)
    page.goto(f"{BASE}/cases/")
    shoot(page, "case-list", label)
    # Search forgives the docket's form: "4:15cr233" finds 4:15-cr-00233 and says why it matched.
    page.goto(f"{BASE}/cases/?q=4:15cr233")
    shoot(page, "search", label)
    # A new case refused: the summary at the top links to each field and takes the focus.
    page.goto(f"{BASE}/cases/new/")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    shoot(page, "form-errors", label, full_page=False)
    open_ferguson(page)
    shoot(page, "case-page", label)
    # The Court tab of the demo case whose motion was denied: the appeal deadline and the timeline.
    open_case(page, "Keisha Monroe")
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="Court").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    shoot(page, "court", label)

    # The letter page needs a case that is still a draft; proposing arguments saves nothing.
    page.goto(f"{BASE}/cases/?status=draft")
    page.locator("#case-results tbody a").first.click()
    page.get_by_role("link", name="Paste a letter").click()
    page.get_by_label("Client's letter").fill(LETTER)
    page.get_by_role("button", name="Propose arguments").click()
    expect(page.locator("li.proposal").first).to_be_visible()
    shoot(page, "letter-split", label)


def reviewer_pages(page, label: str) -> None:
    sign_in(page, "reviewer")
    page.goto(f"{BASE}/review/")
    shoot(page, "review-queue", label)
    # The demo case approved before Rutherford: the "law changed" banner and the side-by-side decision.
    open_case(page, "Andre Whitaker")
    expect(page.get_by_text("The law changed.")).to_be_visible()
    shoot(page, "law-changed", label)
    open_ferguson(page)
    page.get_by_role("link", name="Review & documents").click()
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    shoot(page, "review", label)

    memo = page.get_by_role("link", name="Triage memo (PDF)")
    page.route("**/documents/**", open_document_inline)
    page.goto(f"{BASE}{memo.get_attribute('href')}")
    page.wait_for_timeout(2500)  # the PDF viewer draws after the load event; nothing to wait on in the page
    shoot(page, "document-preview", label, full_page=False)


def admin_pages(page, label: str) -> None:
    sign_in(page, "orgadmin")
    page.goto(f"{BASE}/organisation/pipeline/")
    shoot(page, "pipeline", label)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        for label, viewport in VIEWPORTS.items():
            print(f"{label} ({viewport['width']} px):")
            page = browser.new_page(viewport=viewport)
            page.goto(f"{BASE}/accounts/login/")
            shoot(page, "login", label)
            page.close()
            for take in (intake_pages, reviewer_pages, admin_pages):
                page = browser.new_page(viewport=viewport)  # a fresh context: its own sign-in
                take(page, label)
                page.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
