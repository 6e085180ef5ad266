"""Login throttling (django-axes), what tests/intake/test_accounts.py does not already prove.

test_accounts.py shows, for the default limit, that failures below it only say the password is wrong, that the
limit brings the "Too many attempts" page with the configured cool-off, that the right password is refused
while locked, that a colleague on the same computer is not locked out, and that moving the failures back past
the cool-off unlocks. Here: the limit is exactly ``AXES_FAILURE_LIMIT`` whatever it is set to; the lock holds
until the cool-off has passed and no sooner, counted from the latest attempt (an attempt while locked restarts
it); afterwards counting starts again from zero; an unknown username is throttled and answered exactly like a
real one; a forged X-Forwarded-For header does not escape the lock; and the lock is per account and address.

Time travel moves django-axes' clock (the ``now`` its handler stamps each attempt with), not the data.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

PASSWORD = "correct-horse-battery-staple"  # tests.factories.make_user's password
WRONG_PASSWORD_MESSAGE = "correct username and password"
LOCKED_MESSAGE = "Too many failed sign-in attempts"


def sign_in(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


class AxesClock:
    """django-axes reads the time once per request (``axes.handlers.proxy.now``); this moves it forward."""

    def __init__(self, monkeypatch) -> None:
        self.offset = timedelta(0)
        monkeypatch.setattr("axes.handlers.proxy.now", lambda: timezone.now() + self.offset)

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


@pytest.fixture
def clock(monkeypatch) -> AxesClock:
    return AxesClock(monkeypatch)


@pytest.fixture
def cool_off(settings) -> timedelta:
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings.AXES_COOLOFF_TIME


def fail(client, times: int, username: str = "alice", **extra) -> list:
    return [sign_in(client, username, f"wrong-{n}", **extra) for n in range(times)]


@pytest.mark.parametrize("limit", [2, 3, 7])
def test_the_lockout_comes_at_exactly_the_configured_failure_and_names_the_wait(
    client, settings, intake_user, cool_off, limit
):
    settings.AXES_FAILURE_LIMIT = limit
    *before_limit, at_limit = fail(client, limit)

    for response in before_limit:
        assert response.status_code == 200
        assert WRONG_PASSWORD_MESSAGE in response.content.decode()
        assert LOCKED_MESSAGE not in response.content.decode()
    assert at_limit.status_code == 429
    assert LOCKED_MESSAGE in at_limit.content.decode()
    assert "Try again in 15 minutes" in at_limit.content.decode()

    # The right password now gets the same page, and no session.
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert not signed_in(client)


def test_the_lock_holds_until_the_cool_off_has_passed_and_then_the_user_signs_in(
    client, settings, intake_user, clock, cool_off
):
    fail(client, settings.AXES_FAILURE_LIMIT)

    clock.advance(cool_off - timedelta(minutes=1))
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    assert not signed_in(client)

    clock.advance(cool_off + timedelta(minutes=1))
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(reverse("intake:home")).status_code == 200


def test_each_attempt_while_locked_restarts_the_cool_off(client, settings, intake_user, clock, cool_off):
    # So "Try again in 15 minutes" holds from the attempt the page answers, and hammering keeps the lock on.
    fail(client, settings.AXES_FAILURE_LIMIT)
    clock.advance(cool_off - timedelta(minutes=1))
    assert sign_in(client, "alice", PASSWORD).status_code == 429

    clock.advance(
        timedelta(minutes=2)
    )  # past the cool-off counted from the lockout, not from the last attempt
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    assert not signed_in(client)


def test_after_the_cool_off_failures_count_from_zero_again(client, settings, intake_user, clock, cool_off):
    fail(client, settings.AXES_FAILURE_LIMIT)
    clock.advance(cool_off + timedelta(minutes=1))

    again = fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert [response.status_code for response in again] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_an_unknown_username_is_throttled_and_answered_like_a_real_one(client, settings, intake_user):
    # The same answers for both, so the login page does not tell an attacker which accounts exist.
    real = [response.status_code for response in fail(client, settings.AXES_FAILURE_LIMIT, "alice")]
    unknown = [response.status_code for response in fail(client, settings.AXES_FAILURE_LIMIT, "nobody-here")]
    assert unknown == real == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, settings, intake_user):
    # Without a trusted proxy configured, the address is REMOTE_ADDR; a header the client sets itself is ignored.
    fail(client, settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lock_is_on_the_account_at_that_address_so_the_owner_elsewhere_can_still_sign_in(
    client, settings, intake_user
):
    # AXES_LOCKOUT_PARAMETERS pairs username and address: failures from one machine cannot lock the real
    # user out of every other machine.
    fail(client, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="198.51.100.10")
    assert sign_in(client, "alice", PASSWORD, REMOTE_ADDR="198.51.100.10").status_code == 429
    response = sign_in(client, "alice", PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 302
    assert signed_in(client)


# --- Behind the trusted proxy (TRUSTED_PROXY_COUNT, config/client_address.py) ----------------------------------

PROXY = "127.0.0.1"  # every request reaches the app from the proxy on the same host


def through_proxy(forwarded_for: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


def test_behind_the_proxy_an_attacker_locks_the_user_out_only_at_the_attackers_address(
    client, settings, intake_user
):
    # Before: every client was the proxy's 127.0.0.1, so five wrong passwords locked alice out for everyone.
    settings.TRUSTED_PROXY_COUNT = 1
    fail(client, settings.AXES_FAILURE_LIMIT, **through_proxy("198.51.100.66"))
    assert sign_in(client, "alice", PASSWORD, **through_proxy("198.51.100.66")).status_code == 429

    response = sign_in(client, "alice", PASSWORD, **through_proxy("203.0.113.5"))
    assert response.status_code == 302
    assert signed_in(client)


def test_behind_the_proxy_the_attempt_records_the_address_the_proxy_saw(client, settings, intake_user):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "10.9.9.9" itself; the proxy appended the address it really came from.
    fail(client, 1, **through_proxy("10.9.9.9, 203.0.113.5"))
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [("alice", "203.0.113.5")]


def test_with_two_proxies_the_client_is_the_second_address_from_the_right(client, settings, intake_user):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 2
    fail(client, 1, **through_proxy("10.9.9.9, 203.0.113.5, 192.0.2.1"))
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_with_no_proxy_configured_a_forged_forwarded_for_is_not_recorded(client, settings, intake_user):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 0
    fail(client, 1, REMOTE_ADDR="198.51.100.10", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.10"
