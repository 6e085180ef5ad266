"""Seeing what is urgent, in a real browser: intake marks a client terminally ill and submits the case; it waits
on intake's home; the reviewer finds it first in the queue, with the reason, ahead of an older case."""

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.factories import make_case_in_review, make_client, make_triaged_case


def test_a_terminally_ill_clients_case_jumps_the_queue_and_says_why(live_server, page, staff, sign_in):
    organisation, intake = staff["organisation"], staff["intake"]
    recent = {"submitted_on": date.today() - timedelta(days=3)}
    make_case_in_review(
        organisation,
        created_by=intake,
        client=make_client(organisation, name="Oscar Older"),
        texts=["He has stage IV lung cancer."],
        warden_request=recent,
    )
    case = make_triaged_case(
        organisation,
        created_by=intake,
        assigned_to=intake,
        client=make_client(organisation, name="Tessa Terminal"),
        texts=["She has metastatic cancer and months to live."],
        warden_request=recent,
    )

    sign_in("ida")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.locator("section", has=page.get_by_role("heading", name="Warden request")).get_by_role(
        "link", name="Edit", exact=True
    ).click()
    page.get_by_label("The client is terminally ill").check()
    page.get_by_role("button", name="Save warden request").click()
    page.get_by_role("button", name="Submit for review").click()
    page.goto(f"{live_server.url}/")
    waiting = page.locator("section", has=page.get_by_role("heading", name="My cases waiting for review"))
    expect(waiting).to_contain_text("United States v. Tessa Terminal")
    page.get_by_role("button", name="Sign out").click()

    sign_in("rex")
    queue = page.locator("section", has=page.get_by_role("heading", name="Review queue"))
    expect(queue.locator("tbody tr").first).to_contain_text("Tessa Terminal")
    page.get_by_role("navigation").get_by_role("link", name="Review queue").click()
    rows = page.locator("table.cases tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Tessa Terminal")
    due = date.today() - timedelta(days=3) + timedelta(days=14)
    expect(rows.nth(0)).to_contain_text(f"Terminal illness: BOP must process the request by {due:%Y-%m-%d}")
    expect(rows.nth(1)).to_contain_text("Oscar Older")
    expect(rows.nth(1)).to_contain_text("Waiting since")
