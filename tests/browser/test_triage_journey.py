"""Intake staff triage in the browser: paste a letter, keep its claims, run triage; the live preview while typing."""

from playwright.sync_api import expect

from tests.factories import make_case

LETTER = """Dear Sir or Madam,

I have terminal pancreatic cancer and the doctors at the prison say I have maybe six months left to live.

My lawyer never told me about the plea offer the government made before trial. I would of took it if I knew.

The BOP still has not applied my First Step Act time credits to my release date even though I done all the programs.

Thank you for your time.
"""


def test_intake_user_pastes_a_three_claim_letter_keeps_the_three_arguments_runs_triage_and_sees_three_badges(
    live_server, page, staff, sign_in
):
    case = make_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    page.get_by_role("link", name="Paste a letter").click()
    page.get_by_label("Client's letter").fill(LETTER)
    page.get_by_role("button", name="Propose arguments").click()
    proposals = page.locator("li.proposal")
    expect(proposals).to_have_count(3)
    for n in (1, 2, 3):
        expect(page.get_by_label(f"Keep argument {n}")).to_be_checked()
    page.get_by_role("button", name="Keep the ticked arguments").click()

    rows = page.locator("#arguments li.argument")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("pancreatic cancer")
    expect(rows.nth(1)).to_contain_text("plea offer")
    expect(rows.nth(2)).to_contain_text("time credits")
    expect(page.locator("#arguments .badge")).to_have_count(0)

    page.get_by_role("button", name="Run triage").click()

    expect(page.get_by_text("Triage ran on 3 arguments.")).to_be_visible()
    badges = page.locator("#arguments li.argument .badge")
    expect(badges).to_have_count(3)
    expect(badges.nth(0)).to_have_text("Compassionate release")
    expect(badges.nth(1)).to_have_text("Collateral attack (§ 2255)")
    expect(badges.nth(2)).to_have_text("Other vehicle")
    expect(page.locator("#triage-panels")).to_contain_text("Refer for § 2255")


def test_the_live_preview_shows_the_disposition_while_staff_type_and_saves_nothing(
    live_server, page, staff, sign_in
):
    case = make_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    box = page.get_by_role("textbox", name="Argument", exact=True)
    box.fill("He has end-stage kidney disease and needs dialysis three times a week.")

    preview = page.locator("#triage-preview")
    expect(preview).to_contain_text("Compassionate release")
    expect(preview).to_contain_text("not saved")

    box.fill("My lawyer never told me about the plea offer the government made.")
    expect(preview).to_contain_text("Collateral attack")
    expect(page.locator("#arguments li.argument")).to_have_count(0)
    assert case.arguments.count() == 0


def test_staff_join_a_claim_the_splitter_cut_in_two_and_keep_one_argument(
    live_server, page, staff, sign_in, propose_letter
):
    case = make_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    proposals = propose_letter(
        case,
        "Dear Sir,\n\nI have terminal pancreatic cancer and the doctors say I have six months left.\n\n"
        "My lawyer never told me about the plea offer the government made before trial.\n\nThank you.",
    )
    expect(proposals).to_have_count(2)
    expect(proposals.nth(0).get_by_role("button", name="Join to the argument above")).to_have_count(0)

    page.get_by_role("button", name="Join to the argument above").click()

    expect(page.get_by_label("Keep argument 2")).not_to_be_checked()
    expect(page.get_by_role("button", name="Joined to the argument above")).to_be_disabled()
    first = page.get_by_label("Text of argument 1")
    expect(first).to_have_value(
        "I have terminal pancreatic cancer and the doctors say I have six months left.\n"
        "My lawyer never told me about the plea offer the government made before trial."
    )
    expect(first).to_be_focused()
    page.get_by_role("button", name="Keep the ticked arguments").click()

    rows = page.locator("#arguments li.argument")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("pancreatic cancer")
    expect(rows.nth(0)).to_contain_text("plea offer")
    assert case.arguments.count() == 1
