"""A keyboard-only journey: sign in, create a case, add an argument and run triage without the mouse.

Only Tab, typing, Enter and Space: every control is reached by Tab, and at every stop the focused element must
show a visible focus indicator (an outline or a box shadow).
"""

from playwright.sync_api import expect

MAX_TABS = 80

# What the focused element is, in terms a keyboard user hears: its id, role-ish tag, name and focus styling.
DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  return {
    id: el.id,
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || label || el.textContent || el.value || "").replace(/\\s+/g, " ").trim(),
    href: el.getAttribute("href"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    // Focus on the calendar button inside a date field: Chromium draws that ring itself, page CSS cannot.
    nativePart: el.type === "date" && !el.matches(":focus"),
    visible: (() => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
      && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; })(),
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(DESCRIBE_FOCUS)


def assert_focus_visible(stop: dict) -> None:
    assert stop["visible"], f"the focused element is off screen: {stop}"
    if stop["nativePart"]:
        return
    assert stop["outline"] or stop["shadow"], f"no visible focus indicator on {stop}"


def tab_to(page, matches, what: str) -> dict:
    """Press Tab until the focused element satisfies ``matches``; every stop on the way must show its focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None:
            continue
        if stop["tag"] != "main":  # the skip link's target takes focus programmatically, never by Tab
            assert_focus_visible(stop)
        if matches(stop):
            return stop
    raise AssertionError(f"{what} not reached in {MAX_TABS} Tab presses")


def by_id(element_id: str):
    return lambda stop: stop["id"] == element_id


def by_text(text: str):
    return lambda stop: stop["text"] == text


def test_the_first_tab_stop_is_a_working_skip_link(live_server, page, staff, sign_in):
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/")

    page.keyboard.press("Tab")
    stop = focused(page)
    assert stop["href"] == "#main" and stop["text"] == "Skip to main content", stop
    assert_focus_visible(stop)

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    # The next Tab lands inside the main content, past the header's navigation.
    page.keyboard.press("Tab")
    first_in_main = page.evaluate("() => document.getElementById('main').contains(document.activeElement)")
    assert first_in_main, focused(page)


def test_intake_user_creates_a_case_adds_an_argument_and_runs_triage_with_the_keyboard_only(
    live_server, page, staff
):
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, by_id("id_username"), "the username field")
    page.keyboard.type("ida")
    tab_to(page, by_id("id_password"), "the password field")
    page.keyboard.type("correct-horse-battery-staple")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    tab_to(page, by_text("Start a new case"), "the Start a new case button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/cases/new/")

    tab_to(page, by_id("id_client-name"), "the client's name")
    page.keyboard.type("Keyla Board")
    tab_to(page, by_id("id_client-register_number"), "the register number")
    page.keyboard.type("87654321")
    tab_to(page, by_id("id_district"), "the sentencing district")
    page.keyboard.type("Northern District of Illinois")  # a closed select jumps to the typed option
    tab_to(page, by_id("id_docket_number"), "the docket number")
    page.keyboard.type("1:19-cr-00042")
    tab_to(page, by_id("id_sentence_months"), "the sentence")
    page.keyboard.type("180")
    tab_to(page, by_text("Create case"), "the Create case button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="United States v. Keyla Board")).to_be_visible()
    expect(page.locator(".meta")).to_contain_text("7th Cir.")

    tab_to(page, by_id("id_text"), "the argument text")
    page.keyboard.type("She has end-stage kidney disease and needs dialysis three times a week.")
    expect(page.locator("#triage-preview")).to_contain_text("Compassionate release")
    tab_to(page, by_text("Add argument"), "the Add argument button")
    page.keyboard.press("Space")
    expect(page.locator("#arguments li.argument")).to_have_count(1)

    tab_to(page, by_text("Run triage"), "the Run triage button")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Triage ran on 1 argument.")).to_be_visible()
    badge = page.locator("#arguments li.argument .badge")
    expect(badge).to_have_text("Compassionate release")
