"""The password reset (issue 11, item 7): it answers alike whatever the address, looks nothing up on the
request's own path, mails off the request thread, is throttled per address and per client, is Safety Valve's, and
every request and completion lands in the account's history.

These tests commit (``transaction=True``): the background job runs on its own thread and database connection,
so it must see the account the test made.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.background import wait_for_background_jobs
from intake.models import Organisation, User, UserChange
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

RESET = reverse("password_reset")
NEW_PASSWORD = "a-brand-new-long-passphrase-9"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the reset counters live in the cache, which outlives a test
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    organisation = Organisation.objects.create(name="Org A Defenders")
    return make_user(organisation, "alice", email="alice@defenders.example")


def without_csrf_tokens(content: bytes) -> str:
    """A page without its CSRF token, which is masked afresh for every response."""
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", content.decode())


def ask(client: Client, email: str, **extra):
    return client.post(RESET, {"email": email}, **extra)


def test_the_answer_is_the_same_for_an_account_and_for_no_account_and_no_lookup_happens_on_the_request(
    alice, mailoutbox
):
    answers = []
    for email in ("alice@defenders.example", "nobody@nowhere.example"):
        with CaptureQueriesContext(connection) as queries:
            response = ask(Client(), email)
        # The request's own path never reads the accounts: the background job does.
        assert not [query for query in queries if "intake_user" in query["sql"]], email
        answers.append((response.status_code, response["Location"], response.content))
    assert answers[0] == answers[1] == (302, reverse("password_reset_done"), b"")

    wait_for_background_jobs()
    assert [message.to for message in mailoutbox] == [["alice@defenders.example"]]


def test_the_mail_is_safety_valves_and_its_link_sets_a_new_password(alice, mailoutbox):
    ask(Client(), "alice@defenders.example")
    wait_for_background_jobs()
    (message,) = mailoutbox
    assert message.subject == "Safety Valve: reset your password"
    assert 'Safety Valve account "alice"' in message.body
    assert "60 minutes" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    assert "Safety Valve" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your new password is set" in done.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)

    kinds = list(UserChange.objects.filter(user=alice).order_by("at", "pk").values_list("kind", "by"))
    assert kinds[-2:] == [(UserChange.Kind.RESET_REQUESTED, None), (UserChange.Kind.RESET_COMPLETED, None)]


def test_a_used_link_no_longer_works(alice, mailoutbox):
    ask(Client(), "alice@defenders.example")
    wait_for_background_jobs()
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    client = Client()
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_requests_for_one_address_are_throttled_whoever_asks(settings, alice, mailoutbox):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    statuses = [
        ask(Client(), "Alice@Defenders.example", REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(1, 5)
    ]
    assert statuses == [302, 302, 429, 429]
    wait_for_background_jobs()
    assert len(mailoutbox) == 2


def test_requests_from_one_client_are_throttled_whatever_the_address(settings, alice, mailoutbox):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 3
    statuses = [ask(Client(), f"someone{n}@example.org").status_code for n in range(3)]
    throttled = ask(Client(), "alice@defenders.example")
    assert statuses == [302, 302, 302]
    assert throttled.status_code == 429
    assert "Too many reset requests" in throttled.content.decode()
    # The limit is per client: another address still gets its answer.
    assert ask(Client(), "alice@defenders.example", REMOTE_ADDR="203.0.113.9").status_code == 302
    wait_for_background_jobs()
    assert [message.to for message in mailoutbox] == [["alice@defenders.example"]]


def test_a_throttled_answer_is_the_same_for_an_account_and_for_no_account(settings, alice):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 0
    real, unknown = ask(Client(), "alice@defenders.example"), ask(Client(), "nobody@nowhere.example")
    assert real.status_code == unknown.status_code == 429
    assert without_csrf_tokens(real.content) == without_csrf_tokens(unknown.content)


def test_the_reset_pages_are_safety_valves(alice):
    for url in (RESET, reverse("password_reset_done"), reverse("password_reset_complete")):
        content = Client().get(url).content.decode()
        assert "· Safety Valve</title>" in content, url
        assert "Django" not in content, url
    bad_link = Client().get(reverse("password_reset_confirm", args=["MQ", "set-password"]))
    assert "This link no longer works" in bad_link.content.decode()


def test_the_sign_in_page_offers_the_reset(db):
    assert f'href="{RESET}"' in Client().get(reverse("login")).content.decode()


def test_the_request_and_an_inactive_account_get_no_mail(alice, mailoutbox):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert ask(Client(), "alice@defenders.example").status_code == 302
    wait_for_background_jobs()
    assert mailoutbox == []
