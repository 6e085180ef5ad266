from playwright.sync_api import expect


def test_intake_user_creates_case_reorders_arguments_and_finds_it_in_search(
    live_server, page, staff, sign_in
):
    sign_in("ida")
    page.get_by_role("link", name="New case").first.click()
    page.get_by_label("Client's full name").fill("Grace Browser")
    page.get_by_label("BOP register number").fill("12345678")
    page.get_by_label("Sentencing district").select_option("ilnd")
    page.get_by_label("Criminal docket number").fill("1:19-cr-00042")
    page.get_by_label("Sentence imposed (months)").fill("180")
    page.get_by_role("button", name="Create case").click()
    expect(page.get_by_role("heading", name="United States v. Grace Browser")).to_be_visible()
    case_url = page.url

    arguments = [
        "She has end-stage kidney disease and needs dialysis three times a week.",
        "Her mother, who cares for her two young sons, had a stroke last month.",
        "Her lawyer never told her about the plea offer the government made.",
    ]
    for text in arguments:
        page.get_by_role("textbox", name="Argument", exact=True).fill(text)
        page.get_by_role("button", name="Add argument").click()
        expect(page.locator("#arguments li.argument").filter(has_text=text)).to_be_visible()
    # htmx swapped the list in place: the page never navigated away.
    assert page.url == case_url

    page.get_by_role("button", name="Move argument 3 up").click()
    expect(page.locator("#arguments li.argument").nth(1)).to_contain_text("plea offer")
    page.get_by_role("button", name="Move argument 1 down").click()
    expect(page.locator("#arguments li.argument").nth(0)).to_contain_text("plea offer")

    page.reload()
    rows = page.locator("#arguments li.argument .argument-text")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("plea offer")
    expect(rows.nth(1)).to_contain_text("dialysis")
    expect(rows.nth(2)).to_contain_text("stroke")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    page.get_by_label("Circuit").select_option("7th")
    page.get_by_label("Search").fill("12345-678")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#case-results")
    expect(results).to_contain_text("Grace Browser")
    expect(results).to_contain_text("1 case")
    page.get_by_label("Circuit").select_option("4th")
    expect(results).to_contain_text("0 cases")
