"""Never losing work (issue 13, items 3 and 4): the error summary, drafts and the unsaved-changes warning."""

from playwright.sync_api import expect

from tests.factories import make_case

PHONE = {"width": 390, "height": 844}


def test_invalid_new_case_on_a_phone_moves_focus_to_a_summary_that_links_to_each_field(
    live_server, page, staff, sign_in
):
    page.set_viewport_size(PHONE)
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Client's full name").fill("Grace Browser")
    page.get_by_label("BOP register number").fill("1234")
    page.get_by_label("Criminal docket number").fill("not a docket")
    page.get_by_role("button", name="Create case").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("link")).to_have_count(3)  # register number, district, docket number
    summary.get_by_role("link", name="Criminal docket number").click()
    expect(page.get_by_label("Criminal docket number")).to_be_focused()
    # The docket number's message is shown once next to its field.
    expect(page.locator("#id_docket_number_error li")).to_have_count(1)


def test_invalid_argument_added_over_htmx_moves_focus_to_its_summary(live_server, page, staff, sign_in):
    case = make_case(staff["organisation"], created_by=staff["intake"])
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("textbox", name="Argument", exact=True).fill("   ")
    page.get_by_role("button", name="Add argument").click()
    summary = page.locator("#arguments").get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Write the argument before saving it.")


def test_a_draft_saved_with_only_the_name_is_marked_incomplete_until_completed(
    live_server, page, staff, sign_in
):
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Client's full name").fill("Nadia Draft")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", name="United States v. Nadia Draft")).to_be_visible()
    expect(page.locator("#incomplete-case")).to_contain_text("criminal docket number")

    page.get_by_role("link", name="Complete the case").click()
    page.get_by_label("BOP register number").fill("12345678")
    page.get_by_label("Sentencing district").select_option("ilnd")
    page.get_by_label("Criminal docket number").fill("1:19-cr-00042")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="United States v. Nadia Draft")).to_be_visible()
    expect(page.locator("#incomplete-case")).to_have_count(0)


def test_leaving_a_form_with_unsaved_changes_asks_first_but_not_after_submitting(
    live_server, page, staff, sign_in
):
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", dismiss)
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/new/")
    # An untouched form: leaving asks nothing.
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{live_server.url}/cases/")
    assert dialogs == []

    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Client's full name").press_sequentially("Nadia Draft")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_label("Client's full name")).to_have_value("Nadia Draft")
    assert dialogs == ["beforeunload"]
    assert page.url == f"{live_server.url}/cases/new/"

    # Submitting is not leaving: no warning, and the draft is saved.
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", name="United States v. Nadia Draft")).to_be_visible()
    assert dialogs == ["beforeunload"]


def test_the_error_summary_and_the_duplicate_warning_have_no_blocking_violations_and_fit_a_phone(
    live_server, page, staff, sign_in
):
    from tests.browser.test_accessibility import OVERFLOW, assert_no_blocking_violations
    from tests.factories import make_argument

    page.set_viewport_size(PHONE)
    sign_in("ida")
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("BOP register number").fill("1234")
    page.get_by_role("button", name="Create case").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_focused()
    assert page.evaluate(OVERFLOW) <= 0
    assert_no_blocking_violations(page)

    case = make_case(staff["organisation"], created_by=staff["intake"])
    make_argument(case, text="He has stage IV lung cancer and less than a year to live.")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("textbox", name="Argument", exact=True).fill(
        "He has stage IV lung cancer and less than a year to live"
    )
    page.get_by_role("button", name="Add argument").click()
    warning = page.locator("#arguments").get_by_role("alert")
    expect(warning).to_be_focused()
    expect(warning).to_contain_text("This looks like argument #1")
    assert page.evaluate(OVERFLOW) <= 0
    assert_no_blocking_violations(page)

    # "Keep the existing one" leaves the case as it was and empties the form.
    warning.get_by_role("link", name="Keep the existing one").click()
    expect(page.locator("#arguments li.argument")).to_have_count(1)
    expect(page.get_by_role("textbox", name="Argument", exact=True)).to_have_value("")

    page.get_by_role("textbox", name="Argument", exact=True).fill(
        "He has stage IV lung cancer and less than a year to live"
    )
    page.get_by_role("button", name="Add argument").click()
    page.locator("#arguments").get_by_role("button", name="Add anyway").click()
    expect(page.locator("#arguments li.argument")).to_have_count(2)
