"""Regenerate the README's page screenshots (docs/screenshots/*-phone.png and *-laptop.png) from the demo.

Run against a freshly loaded demo (`make reset-demo`, then `make run` or `DEBUG=true .venv/bin/python manage.py
runserver`) with Debian's Chromium:

    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out docs/screenshots]

Nothing here changes the demo data except what a user would change by refusing an empty form (nothing) and by
proposing a letter's arguments (nothing is kept). The motion's page images are made from the PDF, not here.
"""

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PASSWORD = "safety-valve-demo"  # noqa: S105 - the demo users' published password (README, manage.py load_demo)
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 900}}
LETTER = """Dear Sir or Madam,

I have terminal pancreatic cancer and the doctors at the prison say I have maybe six months left to live.

Also, my lawyer never told me about the plea offer the government made before trial. I would of took it if I knew.

And another thing, the BOP still has not applied my First Step Act time credits to my release date.

Thank you for your time.
Dwayne Ferguson"""


def case_id(page: Page, base: str, client_name: str) -> int:
    page.goto(f"{base}/cases/?q={client_name.replace(' ', '+')}")
    href = page.get_by_role("link", name=client_name).first.get_attribute("href")
    return int(href.strip("/").split("/")[-1])


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shoot(page: Page, out: Path, name: str, size: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)


def memo_page_one(page: Page, url: str, target: Path) -> None:
    """Headless Chromium downloads a PDF rather than showing it: page 1 is drawn by pdftoppm at the page's width."""
    response = page.context.request.get(url)
    assert response.ok and response.headers["content-type"] == "application/pdf", response.status
    width = page.viewport_size["width"]
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "memo.pdf"
        pdf.write_bytes(response.body())
        stem = Path(folder) / "page"
        subprocess.run(  # noqa: S603 - fixed arguments, a file we just wrote
            [
                shutil.which("pdftoppm") or "/usr/bin/pdftoppm",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "-scale-to-x",
                str(width),
                "-scale-to-y",
                "-1",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        target.write_bytes(stem.with_suffix(".png").read_bytes())


def pages_of(page: Page, base: str, out: Path, size: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    shoot(page, out, "login", size)

    sign_in(page, base, "intake")
    page.goto(f"{base}/")
    shoot(page, out, "home", size)
    page.goto(f"{base}/cases/")
    shoot(page, out, "case-list", size)
    page.goto(f"{base}/cases/?q=4%3A15cr233")
    shoot(page, out, "search", size)
    page.goto(f"{base}/cases/new/")
    page.get_by_role("button", name="Create case").click()
    shoot(page, out, "form-errors", size)
    ferguson = case_id(page, base, "Dwayne Ferguson")
    page.goto(f"{base}/cases/{ferguson}/")
    shoot(page, out, "case-page", size)
    hale = case_id(page, base, "Marcus Hale")
    page.goto(f"{base}/cases/{hale}/letter/")
    page.fill("textarea[name=letter]", LETTER)
    page.get_by_role("button", name="Propose arguments").click()
    shoot(page, out, "letter-split", size)

    sign_in(page, base, "reviewer")
    page.goto(f"{base}/review/")
    shoot(page, out, "review-queue", size)
    page.goto(f"{base}/cases/{ferguson}/review/")
    shoot(page, out, "review", size)
    memo_page_one(
        page, f"{base}/cases/{ferguson}/documents/triage-memo/", out / f"document-preview-{size}.png"
    )
    whitaker = case_id(page, base, "Andre Whitaker")
    page.goto(f"{base}/cases/{whitaker}/")
    shoot(page, out, "law-changed", size)
    salas = case_id(page, base, "Victor Salas")
    page.goto(f"{base}/cases/{salas}/court/")
    shoot(page, out, "court", size)

    sign_in(page, base, "orgadmin")
    page.goto(f"{base}/organisation/pipeline/")
    shoot(page, out, "pipeline", size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for size, viewport in SIZES.items():
            page = browser.new_page(viewport=viewport, is_mobile=size == "phone")
            pages_of(page, args.base.rstrip("/"), args.out, size)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
