"""Issue 11, item 7: no one can act as someone else through the staff pages, the password reset or /admin/.

The path was: an organisation admin sets a colleague's e-mail to their own address, asks for a password reset,
signs in as the colleague, and, when a superuser belonged to the organisation, reaches /admin/ and every
organisation's cases. Each step is closed here: superusers belong to no organisation and never appear on the
staff pages; only the user changes their own e-mail (tests/intake/test_own_email.py); the reset is throttled,
answers alike for every address and is branded (tests/security/test_password_reset.py); every change to a user is
kept and shown (tests/intake/test_user_history.py); /admin/ is off unless a setting turns it on.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from intake.models import User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", email="root@example.org", password=PASSWORD)


# --- Superusers belong to no organisation ----------------------------------------------------------------------


def test_a_superuser_cannot_be_given_an_organisation(superuser, org):
    superuser.organisation = org
    with pytest.raises(ValidationError) as refused:
        superuser.full_clean()
    assert "organisation" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        superuser.save()


def test_a_member_cannot_be_made_a_superuser_or_given_the_django_admin(intake_user):
    for flag in ("is_superuser", "is_staff"):
        member = User.objects.get(pk=intake_user.pk)
        setattr(member, flag, True)
        with pytest.raises(ValidationError):
            member.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            member.save()


MIGRATION = ("intake", "0005_superusers_belong_to_no_organisation")


@pytest.mark.django_db(transaction=True)
def test_the_migration_takes_superusers_out_of_their_organisation_and_the_admin_flag_from_members():
    executor = MigrationExecutor(connection)
    before = executor.loader.graph.node_map[MIGRATION].parents
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([parent.key for parent in before])
        old = executor.loader.project_state([parent.key for parent in before]).apps
        organisation = old.get_model("intake", "Organisation").objects.create(name="Org A Defenders")
        old_user = old.get_model("intake", "User")
        # Rows the old constraint allowed: a superuser inside an organisation, a member with the admin flag.
        old_user.objects.create(username="root", is_superuser=True, is_staff=True, organisation=organisation)
        old_user.objects.create(username="alice", is_staff=True, organisation=organisation)

        executor = MigrationExecutor(connection)
        executor.migrate([MIGRATION])
    finally:
        MigrationExecutor(connection).migrate(latest)
    root, alice = User.objects.get(username="root"), User.objects.get(username="alice")
    assert root.organisation is None and root.is_superuser
    assert alice.organisation.name == "Org A Defenders" and not alice.is_staff


def test_the_staff_pages_never_show_a_superuser(admin_client_org, superuser, intake_user):
    listing = admin_client_org.get(reverse("intake:staff_list")).content.decode()
    assert "alice" in listing and "root" not in listing
    assert admin_client_org.get(reverse("intake:staff_edit", args=[superuser.pk])).status_code == 404
    response = admin_client_org.post(
        reverse("intake:staff_edit", args=[superuser.pk]),
        {"username": "root", "email": "attacker@example.org", "role": "admin", "is_active": "on"},
    )
    assert response.status_code == 404
    superuser.refresh_from_db()
    assert superuser.email == "root@example.org"


def test_a_superuser_reaches_no_organisation_page(superuser):
    client = Client()
    client.force_login(superuser)
    assert client.get(reverse("intake:case_list")).status_code == 403


# --- /admin/ is off unless a setting turns it on -----------------------------------------------------------


def admin_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def test_admin_is_off_by_default_in_production_even_for_a_superuser(settings, superuser):
    # The suite runs with DEBUG off, like production, so this is the default ADMIN_ENABLED.
    assert settings.ADMIN_ENABLED is False
    client = admin_client(superuser)
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/intake/case/").status_code == 404
    # Not even the admin's sign-in page answers, for anyone.
    assert Client().get("/admin/login/").status_code == 404


def test_admin_enabled_answers_the_superuser(settings, superuser):
    settings.ADMIN_ENABLED = True
    assert admin_client(superuser).get("/admin/").status_code == 200


def test_admin_allowed_ips_limits_it_to_those_addresses(settings, superuser):
    settings.ADMIN_ENABLED = True
    settings.ADMIN_ALLOWED_IPS = ["10.20.0.0/16", "192.0.2.7"]
    client = admin_client(superuser)
    assert client.get("/admin/", REMOTE_ADDR="198.51.100.10").status_code == 404
    assert client.get("/admin/", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/admin/", REMOTE_ADDR="192.0.2.7").status_code == 200
    # Without a trusted proxy a forged X-Forwarded-For does not get an outsider in.
    forged = client.get("/admin/", REMOTE_ADDR="198.51.100.10", HTTP_X_FORWARDED_FOR="10.20.3.4")
    assert forged.status_code == 404


def test_admin_allowed_ips_uses_the_address_the_trusted_proxy_saw(settings, superuser):
    settings.ADMIN_ENABLED = True
    settings.ADMIN_ALLOWED_IPS = ["10.20.0.0/16"]
    settings.TRUSTED_PROXY_COUNT = 1
    client = admin_client(superuser)
    assert client.get("/admin/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.20.3.4").status_code == 200
    assert (
        client.get(
            "/admin/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.20.3.4, 198.51.100.10"
        ).status_code
        == 404
    )


def test_an_organisation_admin_gets_nothing_from_admin_even_when_it_is_on(settings, admin_client_org):
    settings.ADMIN_ENABLED = True
    response = admin_client_org.get("/admin/intake/case/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_gate_does_not_touch_other_pages(settings, intake_client):
    settings.ADMIN_ENABLED = False
    assert intake_client.get(reverse("intake:case_list")).status_code == 200
