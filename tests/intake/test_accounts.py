"""Accounts: login everywhere, the login and logout pages, password change, argon2, and login throttling."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse
from django.utils import timezone

import config.settings
from intake.models import User

PASSWORD = "correct-horse-battery-staple"  # tests.factories.make_user's password


def sign_in(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "path", ["/", "/cases/", "/cases/new/", "/organisation/staff/", "/accounts/password_change/"]
)
def test_every_page_requires_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_login_page_is_open_to_anonymous_visitors(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content and 'name="password"' in content


def test_login_with_the_right_password_signs_in_and_goes_home(client, intake_user):
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:home") == "/"
    assert signed_in(client)
    assert client.get("/").status_code == 200


def test_login_returns_to_the_page_asked_for(client, intake_user):
    response = sign_in(client, "alice", PASSWORD, next="/cases/")
    assert response["Location"] == "/cases/"


def test_login_with_a_wrong_password_is_refused_with_a_message(client, intake_user):
    response = sign_in(client, "alice", "wrong-password")
    assert response.status_code == 200
    assert not signed_in(client)
    assert "correct username and password" in response.content.decode()


def test_logout_is_post_only(intake_client):
    assert intake_client.get(reverse("logout")).status_code == 405
    assert signed_in(intake_client)
    response = intake_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not signed_in(intake_client)
    assert intake_client.get("/cases/").status_code == 302


def test_every_page_offers_a_logout_form_that_posts(intake_client):
    content = intake_client.get("/cases/").content.decode()
    assert f'<form method="post" action="{reverse("logout")}"' in content


def test_password_change_works_and_the_new_password_signs_in(intake_client, intake_user, client):
    assert intake_client.get(reverse("password_change")).status_code == 200
    new = "a-much-longer-new-passphrase-7"
    response = intake_client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    intake_user.refresh_from_db()
    assert intake_user.check_password(new)
    assert not sign_in(client, "alice", PASSWORD).status_code == 302
    assert sign_in(client, "alice", new).status_code == 302


def test_password_change_refuses_a_short_password_and_keeps_the_old_one(intake_client, intake_user):
    response = intake_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    intake_user.refresh_from_db()
    assert intake_user.check_password(PASSWORD)


def test_password_change_needs_the_old_password(intake_client, intake_user):
    new = "a-much-longer-new-passphrase-7"
    response = intake_client.post(
        reverse("password_change"), {"old_password": "not-it", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    intake_user.refresh_from_db()
    assert intake_user.check_password(PASSWORD)


# --- Password hashing ------------------------------------------------------------------------------------


def test_the_projects_default_password_hasher_is_argon2():
    # tests/conftest.py swaps in MD5 for speed; the project's own settings module is what production runs.
    assert config.settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_passwords_are_stored_as_argon2_hashes_with_the_projects_hashers(settings, org):
    settings.PASSWORD_HASHERS = config.settings.PASSWORD_HASHERS
    user = User(username="hashed", organisation=org)
    user.set_password(PASSWORD)
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert PASSWORD not in user.password
    assert get_hasher("default").algorithm == "argon2"
    assert user.check_password(PASSWORD)


# --- Login throttling (django-axes) ------------------------------------------------------------------------


def fail_until_locked(client, settings, username: str = "alice"):
    responses = [sign_in(client, username, f"wrong-{n}") for n in range(settings.AXES_FAILURE_LIMIT)]
    return responses


def test_failures_below_the_limit_only_say_the_password_is_wrong(client, settings, intake_user):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "alice", f"wrong-{n}")
        assert response.status_code == 200
        assert "Too many" not in response.content.decode()
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_after_the_failure_limit_the_page_says_too_many_attempts_and_how_many_minutes_to_wait(
    client, settings, intake_user
):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    response = fail_until_locked(client, settings)[-1]
    content = response.content.decode()
    assert response.status_code == 429
    assert "Too many" in content
    assert "Try again in 15 minutes" in content


def test_the_lockout_message_gives_the_configured_cool_off(client, settings, intake_user):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    content = fail_until_locked(client, settings)[-1].content.decode()
    assert "Try again in 30 minutes" in content


def test_a_one_minute_cool_off_reads_as_one_minute(client, settings, intake_user):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    content = fail_until_locked(client, settings)[-1].content.decode()
    assert "Try again in 1 minute," in content


def test_without_a_cool_off_the_lockout_page_sends_the_user_to_their_admin(client, settings, intake_user):
    settings.AXES_COOLOFF_TIME = None
    response = fail_until_locked(client, settings)[-1]
    content = response.content.decode()
    assert response.status_code == 429
    assert "Too many" in content
    assert "Try again in" not in content
    assert "ask your organisation admin" in content.lower()


def test_a_locked_out_user_cannot_sign_in_even_with_the_right_password(client, settings, intake_user):
    fail_until_locked(client, settings)
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_lockout_of_one_user_does_not_lock_out_a_colleague_on_the_same_computer(
    client, settings, intake_user, reviewer
):
    fail_until_locked(client, settings)
    assert sign_in(client, "rita", PASSWORD).status_code == 302


def test_after_the_cool_off_the_user_can_sign_in_again(client, settings, intake_user):
    from axes.models import AccessAttempt

    fail_until_locked(client, settings)
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    # Travel past the cool-off: the failures now lie further back than AXES_COOLOFF_TIME.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
