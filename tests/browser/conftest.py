"""Browser tests: pytest-playwright's ``page`` against pytest-django's ``live_server``, in Debian's Chromium."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # playwright install cannot download browsers here; the flags keep Chromium off the closed network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }


@pytest.fixture
def staff(transactional_db):
    from tests.factories import make_organisation, make_user

    organisation = make_organisation(name="Browser Defenders")
    return {
        "intake": make_user(organisation, "ida", role="intake"),
        "reviewer": make_user(organisation, "rex", role="reviewer"),
        "organisation": organisation,
    }


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username: str, password: str = "correct-horse-battery-staple"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _sign_in


@pytest.fixture
def propose_letter(page, live_server):
    """Paste `letter` on a case's letter page and ask for proposals; returns the proposed arguments' list items."""

    def _propose(case, letter: str):
        page.goto(f"{live_server.url}/cases/{case.pk}/letter/")
        page.get_by_label("Client's letter").fill(letter)
        page.get_by_role("button", name="Propose arguments").click()
        return page.locator("li.proposal")

    return _propose
