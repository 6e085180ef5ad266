"""Take the README's screenshots from a running demo (`make run`), at laptop and phone widths.

Usage: .venv/bin/python tests/browser/take_screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "safety-valve-demo"  # noqa: S105 - the published demo password
WIDTHS = {"laptop": 1280, "phone": 390}


def sign_in(page, username: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{BASE}/")


def open_ferguson(page) -> None:
    page.goto(f"{BASE}/cases/?q=3:04-cr-00013")
    page.get_by_role("link", name="Dwayne Ferguson").click()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        for label, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            sign_in(page, "intake")
            page.screenshot(path=OUT / f"home-intake-{label}.png", full_page=True)
            page.goto(f"{BASE}/cases/")
            page.screenshot(path=OUT / f"case-list-{label}.png", full_page=True)
            open_ferguson(page)
            run = page.get_by_role("button", name="Run triage")
            if run.count():
                run.click()
            page.screenshot(path=OUT / f"case-page-{label}.png", full_page=True)
            page.context.clear_cookies()
            sign_in(page, "reviewer")
            open_ferguson(page)
            page.get_by_role("link", name="Review & documents").click()
            page.screenshot(path=OUT / f"review-{label}.png", full_page=True)
            page.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
