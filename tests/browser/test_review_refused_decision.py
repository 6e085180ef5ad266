"""Issue 11, item 1, as reported: an override saved without a reason must come back exactly as the reviewer left
it, at that argument, so that typing the reason and saving again records the override, not an accept."""

from playwright.sync_api import expect

from analysis.models import Decision
from tests.factories import make_case_in_review

REASON = "The credits claim asks the court to shorten the sentence; no other vehicle is left."


def test_an_override_without_a_reason_comes_back_as_chosen_and_then_saves_as_an_override(
    live_server, page, staff, sign_in
):
    case = make_case_in_review(staff["organisation"], created_by=staff["intake"])
    credits = case.arguments.all()[2]
    page.set_viewport_size({"width": 1000, "height": 500})  # argument 3 starts below the fold
    sign_in("rex")
    page.goto(f"{live_server.url}/cases/{case.pk}/review/")

    item = page.locator(f"#argument-{credits.pk}")
    item.get_by_label("Override", exact=True).check()
    item.get_by_label("Disposition and ground").select_option("foreclosed/rehabilitation_alone")
    item.get_by_role("button", name="Save decision on argument 3").click()

    # Refused: the page is at argument 3, Override still chosen, the outcome still picked, the error beside the
    # reason, and the cursor in it.
    item = page.locator(f"#argument-{credits.pk}")
    expect(item.get_by_text("Give the reason for overriding the engine's assessment.")).to_be_visible()
    expect(item).to_be_in_viewport()
    expect(item.get_by_label("Override", exact=True)).to_be_checked()
    expect(item.get_by_label("Disposition and ground")).to_have_value("foreclosed/rehabilitation_alone")
    reason = item.get_by_label("Reason")
    expect(reason).to_be_focused()
    assert not Decision.objects.filter(argument=credits).exists()

    reason.fill(REASON)
    item.get_by_role("button", name="Save decision on argument 3").click()

    expect(page.get_by_text("Decision saved.")).to_be_visible()
    expect(page.locator(f"#argument-{credits.pk} .decision")).to_contain_text("overridden by")
    decision = Decision.objects.get(argument=credits)
    assert (decision.accepted, decision.disposition, decision.ground, decision.reason) == (
        False,
        "foreclosed",
        "rehabilitation_alone",
        REASON,
    )
