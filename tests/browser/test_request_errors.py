"""An htmx action whose request fails tells the user so, instead of silently doing nothing."""

from playwright.sync_api import expect

from tests.factories import make_case


def test_a_failed_htmx_request_shows_a_clear_message_and_a_later_success_clears_it(
    live_server, page, staff, sign_in
):
    case = make_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")

    # The server answers the live preview with 503, as it does when the database is down.
    page.route("**/triage/preview/", lambda route: route.fulfill(status=503, body="down"))
    page.get_by_role("textbox", name="Argument", exact=True).fill("He has stage IV lung cancer.")
    alert = page.locator("#request-error")
    expect(alert).to_be_visible()
    expect(alert).to_have_text("The database is not answering; nothing was saved. Try again in a minute.")

    page.unroute("**/triage/preview/")
    page.get_by_role("textbox", name="Argument", exact=True).fill(
        "He has stage IV lung cancer that has spread."
    )
    expect(page.locator("#triage-preview")).to_contain_text("Compassionate release")
    expect(alert).to_be_hidden()


def test_a_lost_connection_is_reported(live_server, page, staff, sign_in):
    case = make_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.route("**/triage/preview/", lambda route: route.abort())
    page.get_by_role("textbox", name="Argument", exact=True).fill("He has stage IV lung cancer.")
    expect(page.locator("#request-error")).to_contain_text("could not be reached")
