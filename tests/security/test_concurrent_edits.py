"""Two intake users editing the same argument: the second save must not silently overwrite the first.

The edit form carries a fingerprint of the version it was loaded with; saving refuses with a conflict when the
stored argument no longer matches, keeps the user's text in the form and shows the other version.
"""

import re
import threading
import time
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client as DjangoClient
from django.urls import reverse

from intake import services
from intake.models import Argument

# Debian Chromium, as the browser tests launch it, for the one browser test below.
from tests.browser.conftest import browser_type_launch_args  # noqa: F401
from tests.factories import make_argument, make_case, make_organisation, make_user

HTMX = {"HTTP_HX_REQUEST": "true"}
ORIGINAL = "He has stage IV lung cancer."
BOBS = "He has stage IV lung cancer that has spread to his bones; the oncologist gives him months."
ALICES = "He has stage IV lung cancer and the prison cannot give him chemotherapy."


@pytest.fixture
def colleague(org):
    return make_user(org, "bob", role="intake")


@pytest.fixture
def colleague_client(colleague):
    client = DjangoClient()
    client.force_login(colleague)
    return client


@pytest.fixture
def argument(case):
    return make_argument(case, text=ORIGINAL)


def edit_url(argument: Argument) -> str:
    return reverse("intake:argument_edit", args=[argument.case_id, argument.pk])


def loaded_fingerprint(response) -> str:
    """The hidden fingerprint of the edit form in a response."""
    html = response.content.decode()
    tag = re.search(r'<input[^>]*name="fingerprint"[^>]*>', html)
    assert tag, "the edit form carries no fingerprint"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    assert value and value.group(1), "the fingerprint is empty"
    return value.group(1)


def textarea_text(response) -> str:
    match = re.search(r'<textarea[^>]*id="id_text"[^>]*>(.*?)</textarea>', response.content.decode(), re.S)
    assert match, "no argument text box in the response"
    return unescape(match.group(1)).strip()


def their_version(response) -> str:
    match = re.search(
        r'class="card their-version".*?<div class="argument-text">(.*?)</div>',
        response.content.decode(),
        re.S,
    )
    return unescape(match.group(1)) if match else ""


def stored(argument: Argument) -> tuple[str, str]:
    argument.refresh_from_db()
    return argument.text, argument.source


# --- the service --------------------------------------------------------------------------------------------------


def test_saving_over_a_version_someone_else_changed_is_refused_and_keeps_their_text(
    argument, intake_user, colleague
):
    loaded = services.argument_fingerprint(argument.text, argument.source)
    services.revise_argument(
        argument=Argument.objects.get(pk=argument.pk), text=BOBS, source="staff", by=colleague
    )

    with pytest.raises(services.ArgumentConflict) as refused:
        services.revise_argument(
            argument=argument, text=ALICES, source="staff", by=intake_user, expected_fingerprint=loaded
        )

    assert stored(argument) == (BOBS, "staff")
    assert refused.value.current.text == BOBS
    assert "Someone else" in str(refused.value)
    assert "while you were editing" in str(refused.value)


def test_saving_over_the_version_the_editor_loaded_succeeds(argument, intake_user):
    loaded = services.argument_fingerprint(argument.text, argument.source)

    services.revise_argument(
        argument=argument, text=ALICES, source="counsel", by=intake_user, expected_fingerprint=loaded
    )

    assert stored(argument) == (ALICES, "counsel")


def test_a_change_of_source_alone_is_a_change_someone_could_lose(argument, intake_user, colleague):
    loaded = services.argument_fingerprint(argument.text, argument.source)
    services.revise_argument(
        argument=Argument.objects.get(pk=argument.pk), text=ORIGINAL, source="counsel", by=colleague
    )

    with pytest.raises(services.ArgumentConflict):
        services.revise_argument(
            argument=argument, text=ALICES, source="staff", by=intake_user, expected_fingerprint=loaded
        )
    assert stored(argument) == (ORIGINAL, "counsel")


def test_two_people_making_the_same_change_is_no_conflict(argument, intake_user, colleague):
    loaded = services.argument_fingerprint(argument.text, argument.source)
    services.revise_argument(
        argument=Argument.objects.get(pk=argument.pk), text=BOBS, source="staff", by=colleague
    )

    services.revise_argument(
        argument=argument, text=BOBS, source="staff", by=intake_user, expected_fingerprint=loaded
    )
    assert stored(argument) == (BOBS, "staff")


def test_text_with_a_nul_character_is_refused_by_the_service_itself(argument, intake_user, case):
    # A kept letter proposal reaches the service without a form; PostgreSQL cannot store NUL.
    with pytest.raises(ValidationError) as refused:
        services.revise_argument(argument=argument, text="He is ill.\x00", source="staff", by=intake_user)
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.add_argument(case=case, text="\x00He is ill.", source="staff", by=intake_user)
    assert stored(argument) == (ORIGINAL, "staff")
    assert case.arguments.count() == 1


# --- the edit page ------------------------------------------------------------------------------------------------


def test_second_save_from_a_stale_form_shows_both_versions_and_saves_nothing(
    intake_client, colleague_client, argument
):
    url = edit_url(argument)
    alices_form = loaded_fingerprint(intake_client.get(url))
    bobs_form = loaded_fingerprint(colleague_client.get(url))
    assert alices_form == bobs_form

    saved = colleague_client.post(url, {"text": BOBS, "source": "staff", "fingerprint": bobs_form})
    assert saved.status_code == 302
    refused = intake_client.post(url, {"text": ALICES, "source": "counsel", "fingerprint": alices_form})

    assert refused.status_code == 200
    assert stored(argument) == (BOBS, "staff")
    page = unescape(refused.content.decode())
    assert "Someone else (Bob, " in page
    assert "changed this argument while you were editing; here is their version" in page
    assert their_version(refused) == BOBS
    # Nothing Alice typed is lost: her text and her choice of source are still in the form.
    assert textarea_text(refused) == ALICES
    assert re.search(r'<option value="counsel" selected>', refused.content.decode())


def test_saving_again_after_seeing_their_version_replaces_it(intake_client, colleague_client, argument):
    url = edit_url(argument)
    stale = loaded_fingerprint(intake_client.get(url))
    colleague_client.post(url, {"text": BOBS, "source": "staff", "fingerprint": stale})
    refused = intake_client.post(url, {"text": ALICES, "source": "staff", "fingerprint": stale})

    # The re-shown form is based on Bob's version now; Alice decides to keep hers.
    again = intake_client.post(
        url, {"text": textarea_text(refused), "source": "staff", "fingerprint": loaded_fingerprint(refused)}
    )

    assert again.status_code == 302
    assert stored(argument) == (ALICES, "staff")


def test_conflict_over_htmx_answers_the_edit_row_not_the_list(intake_client, colleague_client, argument):
    url = edit_url(argument)
    stale = loaded_fingerprint(intake_client.get(url, **HTMX))
    colleague_client.post(url, {"text": BOBS, "source": "staff", "fingerprint": stale}, **HTMX)

    refused = intake_client.post(url, {"text": ALICES, "source": "staff", "fingerprint": stale}, **HTMX)

    assert refused.status_code == 200
    assert "HX-Retarget" not in refused
    html = refused.content.decode()
    assert "<html" not in html
    assert f'id="argument-{argument.pk}"' in html
    assert their_version(refused) == BOBS
    assert textarea_text(refused) == ALICES
    assert stored(argument) == (BOBS, "staff")


def test_saving_an_edit_does_not_undo_a_reorder_made_meanwhile(intake_client, colleague_client, case):
    first = make_argument(case, text="First reason.")
    second = make_argument(case, text="Second reason.")
    url = edit_url(first)
    loaded = loaded_fingerprint(intake_client.get(url))
    colleague_client.post(reverse("intake:argument_move", args=[case.pk, first.pk]), {"direction": "down"})

    saved = intake_client.post(
        url, {"text": "First reason, revised.", "source": "staff", "fingerprint": loaded}
    )

    assert saved.status_code == 302
    assert list(case.arguments.values_list("text", flat=True)) == ["Second reason.", "First reason, revised."]
    assert second.pk == case.arguments.first().pk


def test_a_tampered_fingerprint_saves_nothing_and_says_why(intake_client, argument):
    response = intake_client.post(
        edit_url(argument), {"text": ALICES, "source": "staff", "fingerprint": "f" * 64}
    )
    assert response.status_code == 200
    assert "while you were editing" in unescape(response.content.decode())
    assert stored(argument) == (ORIGINAL, "staff")


# --- PostgreSQL: two saves at the same moment ---------------------------------------------------------------------


@pytest.mark.postgres
def test_two_intake_users_saving_the_same_argument_at_once_lose_no_update(transactional_db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are proved on PostgreSQL")

    organisation = make_organisation(name="Concurrent Editors")
    people = [make_user(organisation, "ada", role="intake"), make_user(organisation, "ben", role="intake")]
    argument = make_argument(make_case(organisation, created_by=people[0]), text=ORIGINAL)
    url = edit_url(argument)
    texts = {"ada": ALICES, "ben": BOBS}

    # Validation is where a save spends its time between reading and writing; slow it down so that both
    # requests are inside it together unless the row lock makes the second wait for the first to commit.
    validate = Argument.full_clean

    def slow_full_clean(self, *args, **kwargs):
        time.sleep(0.3)
        return validate(self, *args, **kwargs)

    monkeypatch.setattr(Argument, "full_clean", slow_full_clean)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(user):
        try:
            client = DjangoClient()
            client.force_login(user)
            loaded = loaded_fingerprint(client.get(url))
            barrier.wait(timeout=10)
            response = client.post(
                url, {"text": texts[user.username], "source": "staff", "fingerprint": loaded}
            )
            outcomes[user.username] = (response.status_code, unescape(response.content.decode()))
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            outcomes[user.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(outcome[0] for outcome in outcomes.values() if isinstance(outcome, tuple))
    assert statuses == [200, 302], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome[0] == 302)
    loser = next(name for name, outcome in outcomes.items() if outcome[0] == 200)
    assert stored(argument) == (texts[winner], "staff")
    assert "changed this argument while you were editing" in outcomes[loser][1]
    assert texts[loser] in outcomes[loser][1]  # the loser's text is still in the form
    assert argument.history.filter(text=texts[loser]).count() == 0


# --- In the browser: the edit row over htmx -------------------------------------------------------------------


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_in_the_browser_the_second_editor_sees_both_versions_and_keeps_her_text(
    transactional_db, live_server, page, browser
):
    from playwright.sync_api import expect

    organisation = make_organisation(name="Browser Editors")
    ida = make_user(organisation, "ida", role="intake")
    make_user(organisation, "bob", role="intake")
    case = make_case(organisation, created_by=ida, assigned_to=ida)
    make_argument(case, text=ORIGINAL)
    case_url = f"{live_server.url}/cases/{case.pk}/"

    # Ida opens the argument for editing (htmx swaps the form into the list) and starts typing.
    sign_in(page, live_server, "ida")
    page.goto(case_url)
    page.locator("#arguments li.argument").first.get_by_role("link", name="Edit").click()
    page.locator("#arguments li.editing").get_by_role("textbox", name="Argument").fill(ALICES)

    # Meanwhile Bob, in his own browser, edits the same argument and saves.
    bobs_browser = browser.new_context()
    try:
        bob = bobs_browser.new_page()
        sign_in(bob, live_server, "bob")
        bob.goto(case_url)
        bob.locator("#arguments li.argument").first.get_by_role("link", name="Edit").click()
        bob.locator("#arguments li.editing").get_by_role("textbox", name="Argument").fill(BOBS)
        bob.get_by_role("button", name="Save argument").click()
        expect(bob.locator("#arguments li.editing")).to_have_count(0)
        expect(bob.locator("#arguments li.argument .argument-text").first).to_contain_text(
            "spread to his bones"
        )
    finally:
        bobs_browser.close()

    # Ida saves: refused, with Bob's version shown and her own text still in the box.
    page.get_by_role("button", name="Save argument").click()
    editing = page.locator("#arguments li.editing")
    expect(editing.get_by_role("alert")).to_contain_text("changed this argument while you were editing")
    expect(editing.locator(".their-version")).to_contain_text(BOBS)
    expect(editing.get_by_role("textbox", name="Argument")).to_have_value(ALICES)
    assert Argument.objects.get(case=case).text == BOBS

    # Having read Bob's version, she saves hers deliberately.
    page.get_by_role("button", name="Save argument").click()
    expect(page.locator("#arguments li.editing")).to_have_count(0)  # the saved list replaced the form
    expect(page.locator("#arguments li.argument .argument-text").first).to_contain_text(ALICES)
    assert Argument.objects.get(case=case).text == ALICES
