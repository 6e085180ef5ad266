"""Only the user changes their own e-mail address (issue 11, item 7).

The password reset mails its link to the account's address, so an organisation admin who could set a colleague's
address could take the account over. The admin gives the address once, when adding the colleague; afterwards only
its owner changes it, with their password, and the old address is told.
"""

import pytest
from django.urls import reverse

from config.background import wait_for_background_jobs
from intake.models import User, UserChange

PASSWORD = "correct-horse-battery-staple"
OWN_EMAIL = reverse("intake:own_email")


@pytest.fixture
def alice(intake_user):
    intake_user.email = "alice@defenders.example"
    intake_user.save()
    return intake_user


def staff_edit(client, member: User, **changes):
    data = {
        "username": member.username,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": member.role,
        "is_active": "on" if member.is_active else "",
        **changes,
    }
    return client.post(reverse("intake:staff_edit", args=[member.pk]), data)


def test_an_organisation_admin_cannot_change_a_colleagues_email(admin_client_org, alice):
    response = staff_edit(admin_client_org, alice, email="omar.owns.this@attacker.example", role="reviewer")
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice@defenders.example"
    assert alice.role == "reviewer"  # the rest of the form still works


def test_the_staff_edit_page_shows_the_address_but_offers_no_field_for_it(admin_client_org, alice):
    content = admin_client_org.get(reverse("intake:staff_edit", args=[alice.pk])).content.decode()
    assert "alice@defenders.example" in content
    assert 'name="email"' not in content


def test_the_admin_gives_the_address_when_adding_a_colleague(admin_client_org, org):
    response = admin_client_org.post(
        reverse("intake:staff_create"),
        {
            "username": "nadia",
            "email": "nadia@defenders.example",
            "role": "intake",
            "is_active": "on",
            "password": "a-long-enough-first-password",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="nadia").email == "nadia@defenders.example"


def test_the_user_changes_their_own_address_with_their_password_and_the_old_address_is_told(
    intake_client, alice, mailoutbox
):
    assert intake_client.get(OWN_EMAIL).status_code == 200
    response = intake_client.post(OWN_EMAIL, {"email": "alice@new.example", "password": PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice@new.example"
    wait_for_background_jobs()
    assert [message.to for message in mailoutbox] == [["alice@defenders.example"]]
    assert "alice@new.example" in mailoutbox[0].body
    assert "organisation admin" in mailoutbox[0].body
    change = UserChange.objects.filter(user=alice, kind=UserChange.Kind.EMAIL).first()  # the newest
    assert (change.before, change.after, change.by) == ("alice@defenders.example", "alice@new.example", alice)


def test_a_wrong_password_changes_nothing_and_counts_as_a_failed_sign_in(intake_client, alice, mailoutbox):
    from axes.models import AccessAttempt

    response = intake_client.post(OWN_EMAIL, {"email": "mallory@attacker.example", "password": "guess"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@defenders.example"
    wait_for_background_jobs()
    assert mailoutbox == []
    assert AccessAttempt.objects.get().username == "alice"


def test_a_malformed_address_is_refused_with_a_message(intake_client, alice):
    response = intake_client.post(OWN_EMAIL, {"email": "not an address", "password": PASSWORD})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    alice.refresh_from_db()
    assert alice.email == "alice@defenders.example"
