"""An argument pasted over its limit is not cut silently: a live count says how much is too much, and the
server refuses it with a message, the whole text still in the box (issue #11, item 12)."""

from playwright.sync_api import expect

from tests.factories import make_case

LONG = ("He has stage IV pancreatic cancer and the prison cannot treat it. " * 80)[:5200]


def test_a_pasted_argument_over_the_limit_is_counted_and_refused_not_truncated(
    live_server, page, staff, sign_in
):
    case = make_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    box = page.get_by_role("textbox", name="Argument", exact=True)
    box.focus()
    page.keyboard.insert_text(LONG)  # what a paste does: the browser's own text input path

    assert len(box.input_value()) == 5200
    counter = page.locator("#id_text_count")
    expect(counter).to_have_text(
        "5,200 of 5,000 characters: 200 too many. Shorten it; it cannot be saved like this."
    )
    expect(counter).to_have_class("char-count over")

    page.get_by_role("button", name="Add argument").click()
    expect(page.locator("#arguments")).to_contain_text(
        "An argument can be at most 5,000 characters (this one has 5,200)"
    )
    expect(page.locator("#arguments li.argument")).to_have_count(0)
    box = page.get_by_role("textbox", name="Argument", exact=True)
    assert len(box.input_value()) == 5200  # the text came back whole, to shorten
    expect(page.locator("#id_text_count")).to_have_text(
        "5,200 of 5,000 characters"
    )  # the server said the rest

    box.fill(LONG[:4990])
    expect(page.locator("#id_text_count")).to_have_text("4,990 of 5,000 characters")
    page.get_by_role("button", name="Add argument").click()
    expect(page.locator("#arguments li.argument")).to_have_count(1)


def test_the_live_count_and_the_servers_refusal_give_one_number_and_one_message(
    live_server, page, staff, sign_in
):
    # Lines, and a space at the end as a paste often has: the count must be what the server counts, and the field
    # must say "too long" once, not once from the server and again from the counter.
    text = "\n".join(["He has stage IV pancreatic cancer and the prison cannot treat it."] * 80) + " "
    saved_length = len(text.strip())  # 5,279: one character per line break, the space not saved
    case = make_case(staff["organisation"], created_by=staff["intake"], assigned_to=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    box = page.get_by_role("textbox", name="Argument", exact=True)
    box.focus()
    page.keyboard.insert_text(text)
    counter = page.locator("#id_text_count")
    expect(counter).to_have_text(
        f"{saved_length:,} of 5,000 characters: {saved_length - 5000} too many. "
        "Shorten it; it cannot be saved like this."
    )

    page.get_by_role("button", name="Add argument").click()
    field_error = page.locator("#id_text_error")
    expect(field_error).to_have_text(
        f"An argument can be at most 5,000 characters (this one has {saved_length:,})."
    )
    # The server's message says it; the counter gives the count alone.
    expect(page.locator("#id_text_count")).to_have_text(f"{saved_length:,} of 5,000 characters")

    # Once the text changes the server's message is out of date: the counter says it instead.
    page.get_by_role("textbox", name="Argument", exact=True).press("Control+End")
    page.keyboard.type("!")
    expect(page.locator("#id_text_error")).to_be_hidden()
    expect(page.locator("#id_text_count")).to_contain_text("too many. Shorten it")
    # The live preview says why it is empty, not "too long" a second time.
    expect(page.locator("#triage-preview")).to_have_text("No preview until the text is within the limit.")
