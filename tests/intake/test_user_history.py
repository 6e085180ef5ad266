"""Every change to a staff account is kept and shown to the organisation admin (issue 11, item 7).

Before, neither history nor django_admin_log recorded anything about users: an admin could change a colleague's
address, reset their password and leave no trace.
"""

from django.test import Client
from django.urls import reverse

from intake.models import User, UserChange
from tests.intake.test_own_email import staff_edit

Kind = UserChange.Kind
PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "a-much-longer-new-passphrase-7"


def changes_of(user: User) -> list[tuple]:
    return list(
        UserChange.objects.filter(user=user)
        .order_by("at", "pk")
        .values_list("kind", "before", "after", "by__username")
    )


def test_an_admins_changes_to_a_colleague_are_recorded_with_who_what_and_when(
    admin_client_org, org_admin, intake_user
):
    before = UserChange.objects.count()
    staff_edit(admin_client_org, intake_user, role="reviewer", is_active="", last_name="Jones")
    assert changes_of(intake_user)[-3:] == [
        (Kind.NAME, "Alice", "Alice Jones", "omar"),
        (Kind.ROLE, "Intake staff", "Reviewer (supervising attorney)", "omar"),
        (Kind.ACTIVE, "active", "inactive", "omar"),
    ]
    assert UserChange.objects.count() == before + 3
    change = UserChange.objects.filter(user=intake_user).first()
    assert change.organisation == intake_user.organisation
    assert change.address == "127.0.0.1"


def test_adding_a_colleague_is_recorded(admin_client_org, org):
    admin_client_org.post(
        reverse("intake:staff_create"),
        {
            "username": "nadia",
            "role": "intake",
            "is_active": "on",
            "password": "a-long-enough-first-password",
        },
    )
    assert changes_of(User.objects.get(username="nadia")) == [(Kind.CREATED, "", "Intake staff", "omar")]


def test_a_password_change_is_recorded_without_any_password_material(intake_client, intake_user):
    intake_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    intake_user.refresh_from_db()
    assert changes_of(intake_user)[-1] == (Kind.PASSWORD_CHANGED, "", "", "alice")
    stored = " ".join(" ".join(map(str, row)) for row in UserChange.objects.values_list())
    for secret in (PASSWORD, NEW_PASSWORD, intake_user.password, intake_user.password.split("$")[-1]):
        assert secret not in stored


def test_signing_in_records_nothing(client, intake_user, settings):
    # The sign-in writes last_login and may re-hash the password: neither is a change to the account.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]  # the MD5 hash of the factory is re-hashed at sign-in
    count = UserChange.objects.count()
    assert client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code == 302
    intake_user.refresh_from_db()
    assert intake_user.password.startswith("pbkdf2")
    assert UserChange.objects.count() == count


def test_a_change_made_outside_any_request_names_no_one(intake_user):
    intake_user.set_password(NEW_PASSWORD)
    intake_user.save()
    assert changes_of(intake_user)[-1] == (Kind.PASSWORD_SET, "", "", None)


def test_the_staff_pages_show_the_history_to_the_organisation_admin(admin_client_org, intake_user):
    staff_edit(admin_client_org, intake_user, role="reviewer")
    edit_page = admin_client_org.get(reverse("intake:staff_edit", args=[intake_user.pk])).content.decode()
    assert "Account history" in edit_page
    assert (
        "Role changed" in edit_page and "Reviewer (supervising attorney)" in edit_page and "omar" in edit_page
    )
    listing = admin_client_org.get(reverse("intake:staff_list")).content.decode()
    assert "Recent account changes" in listing and "Role changed" in listing


def test_another_organisations_admin_sees_none_of_it(admin_client_org, outsider_admin_client, intake_user):
    staff_edit(admin_client_org, intake_user, role="reviewer")
    listing = outsider_admin_client.get(reverse("intake:staff_list")).content.decode()
    assert "Role changed" not in listing and "alice" not in listing


def test_a_superusers_change_shows_as_an_installation_administrator(settings, admin_client_org, intake_user):
    settings.ADMIN_ENABLED = True
    root = User.objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(root)
    page = reverse("admin:intake_user_change", args=[intake_user.pk])
    form = client.get(page).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        organisation=intake_user.organisation_id,
        role="reviewer",
        is_active="on",
        date_joined_0="2026-01-01",
        date_joined_1="09:00:00",
        last_login_0="",
        last_login_1="",
    )
    data.pop("groups", None), data.pop("user_permissions", None), data.pop("password", None)
    assert client.post(page, data).status_code == 302
    assert changes_of(intake_user)[-1] == (
        Kind.ROLE,
        "Intake staff",
        "Reviewer (supervising attorney)",
        "root",
    )
    edit_page = admin_client_org.get(reverse("intake:staff_edit", args=[intake_user.pk])).content.decode()
    assert "an installation administrator" in edit_page
    assert "root" not in edit_page


def test_a_partial_save_records_only_what_it_saved(intake_user):
    intake_user.role = "reviewer"  # changed in memory, not saved below
    intake_user.email = "alice@new.example"
    intake_user.save(update_fields=["email"])
    assert [row[0] for row in changes_of(intake_user)][-1:] == [Kind.EMAIL]
    assert not UserChange.objects.filter(user=intake_user, kind=Kind.ROLE).exists()


def test_an_address_that_is_not_one_is_left_out_rather_than_refused(intake_user):
    from intake.user_history import record

    change = record(intake_user, Kind.RESET_REQUESTED, address="unix:/run/gunicorn.sock")
    assert change.address is None
