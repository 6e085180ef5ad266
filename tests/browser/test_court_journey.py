"""After filing, in a real browser: the reviewer handles a law-changed case, records the filing and a denial,
and sees the appeal deadline."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from analysis import engine
from analysis.engine.timeline import next_business_day_on_or_after
from analysis.models import LawChange
from tests.factories import BEFORE_RUTHERFORD, CHANGE_IN_LAW_CLAIM, make_approved_case, make_client

REASON = "Rutherford forecloses the change-in-law ground; argue the medical ground alone."


def test_reviewer_decides_a_law_change_then_records_a_denial_and_sees_the_appeal_deadline(
    live_server, page, staff, sign_in
):
    organisation = staff["organisation"]
    filed_on = date.today() - timedelta(days=30)
    case = make_approved_case(
        organisation,
        created_by=staff["intake"],
        approved_by=staff["reviewer"],
        texts=[CHANGE_IN_LAW_CLAIM, "He has stage IV lung cancer that has spread to his bones."],
        triage_as_of=BEFORE_RUTHERFORD,
        render_documents=False,
        client=make_client(organisation, name="Andre Whitaker"),
        warden_request={"submitted_on": date(2026, 1, 5), "received_on": date(2026, 1, 8)},
        approved_on=filed_on - timedelta(days=1),  # a motion cannot be filed before its approval
    )
    call_command("retriage", "--changed-only", stdout=StringIO())
    sign_in("rex")

    # The law changed: the banner, the old and new assessments side by side, a decision with a reason.
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.get_by_text("The law changed.")).to_be_visible()
    panel = page.locator("#law-changes")
    expect(panel).to_contain_text("Before: rule pack 2025.07.01")
    expect(panel).to_contain_text(f"Now: rule pack {engine.RULE_PACK_VERSION}")
    panel.get_by_label("Accept the new assessment").check()
    panel.get_by_label("Reason").fill(REASON)
    panel.get_by_role("button", name="Save decision on argument 1").click()
    expect(page.get_by_text("Decision on argument 1 saved.")).to_be_visible()
    expect(page.get_by_text("The law changed.")).to_have_count(0)
    expect(page.locator("#law-changes")).to_contain_text(REASON)
    assert LawChange.objects.get(case=case).status == "accepted"

    # The motion is filed and denied; the appeal deadline follows from the ruling.
    page.get_by_role("link", name="Court", exact=True).click()
    page.get_by_role("link", name="Record a filing").click()
    page.get_by_label("Date filed").fill(filed_on.isoformat())
    page.get_by_label("Docket entry (ECF No.)").fill("112")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Motion 1 recorded as filed")).to_be_visible()

    page.get_by_role("link", name="Record the ruling").click()
    page.get_by_label("Denied", exact=True).check()
    ruled_on = date.today() - timedelta(days=5)  # the deadline stays within the home page's 14 days
    page.get_by_label("Date of the order").fill(ruled_on.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ruling on motion 1 recorded")).to_be_visible()

    # Fed. R. App. P. 26(a)(1): a last day on a weekend or holiday runs forward to the next business day.
    deadline = next_business_day_on_or_after(ruled_on + timedelta(days=14))
    appeal = page.locator("section", has=page.get_by_role("heading", name="Appeal from the ruling"))
    expect(appeal).to_contain_text(f"Notice of appeal due {deadline:%A} {deadline.isoformat()}")
    expect(appeal).to_contain_text("Fed. R. App. P. 4(b)(1)(A)")
    expect(appeal).to_contain_text("Abuse of discretion")

    # The home page lists the deadline among the next 14 days' court dates.
    page.get_by_role("link", name="Home").click()
    court_dates = page.locator(
        "section", has=page.get_by_role("heading", name="Court deadlines in the next 14 days")
    )
    expect(court_dates).to_contain_text("United States v. Andre Whitaker")
    expect(court_dates).to_contain_text("Notice of appeal due")
