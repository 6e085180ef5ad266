"""Every change to a staff account is kept (``UserChange``) and shown to the organisation admin.

One place: a pre-save/post-save pair on the user model, so the staff pages, the user's own pages, the password
pages, the Django admin and management commands are all recorded alike. Who did it is whoever is signed in on
the request being served (simple_history's HistoryRequestMiddleware keeps the request); outside a request (a
command) there is no one.

A new password is recorded as a fact, never its hash. Django marks a password set with ``set_password`` until
the save, and not the re-hash it does at sign-in, so only real changes count. Which kind it is:
the owner signed in → changed by its owner; someone else signed in → set by someone else; no one signed in
during a request → the e-mailed reset link (the only page that sets a password for a visitor who is not signed
in); no request at all → set by someone else, with no one named (``manage.py changepassword``).
"""

import ipaddress

from django.db.models import QuerySet
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from simple_history.models import HistoricalRecords

from config.client_address import client_ip
from intake.models import Organisation, User, UserChange

Kind = UserChange.Kind
FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "is_active",
    "organisation_id",
    "is_superuser",
    "is_staff",
)


def _organisation_name(organisation_id: int | None) -> str:
    if organisation_id is None:
        return "none"
    return Organisation.objects.filter(pk=organisation_id).values_list("name", flat=True).first() or "none"


def _described(values: dict) -> dict[str, str]:
    """The account as the history shows it: one text per kind of change, compared before and after a save."""
    rights = "superuser" if values["is_superuser"] else ("Django admin" if values["is_staff"] else "none")
    return {
        Kind.USERNAME: values["username"],
        Kind.NAME: " ".join(part for part in (values["first_name"], values["last_name"]) if part),
        Kind.EMAIL: values["email"],
        Kind.ROLE: str(dict(User.Role.choices).get(values["role"], values["role"])),
        Kind.ACTIVE: "active" if values["is_active"] else "inactive",
        Kind.ORGANISATION: values["organisation_id"],
        Kind.ADMIN_RIGHTS: rights,
    }


def _current_request() -> HttpRequest | None:
    return getattr(HistoricalRecords.context, "request", None)


def _signed_in(request: HttpRequest | None) -> User | None:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record(
    user: User,
    kind: str,
    *,
    by: User | None = None,
    before: str = "",
    after: str = "",
    address: str | None = None,
    organisation_id: int | None = None,
) -> UserChange:
    return UserChange.objects.create(
        organisation_id=organisation_id if organisation_id is not None else user.organisation_id,
        user=user,
        by=by,
        kind=kind,
        before=before[:254],
        after=after[:254],
        address=_valid_address(address),
    )


def _valid_address(address: str | None) -> str | None:
    """The address if it is one (PostgreSQL's inet column refuses anything else), else nothing."""
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


@receiver(pre_save, sender=User, dispatch_uid="user_history_before_save")
def _note_changes(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    instance._pending_changes = []
    if raw:
        return  # loading a fixture: nothing happened to the account
    if instance.pk is None:
        instance._pending_changes = [(Kind.CREATED, "", _described(_values(instance))[Kind.ROLE], None)]
        return
    if update_fields is not None and not set(update_fields) & {*FIELDS, "organisation", "password"}:
        return  # the sign-in's last_login, for one
    old = User.objects.filter(pk=instance.pk).values(*FIELDS).first()
    if old is None:
        return
    new = _values(instance)
    if update_fields is not None:  # only these reach the database; the rest of the instance is not a change
        saved = {"organisation_id" if name == "organisation" else name for name in update_fields}
        new = {field: new[field] if field in saved else old[field] for field in FIELDS}
    before, after = _described(old), _described(new)
    pending = []
    for kind, old_value in before.items():
        new_value = after[kind]
        if old_value == new_value:
            continue
        if kind == Kind.ORGANISATION:
            old_value, new_value = _organisation_name(old_value), _organisation_name(new_value)
        pending.append((kind, old_value, new_value, old["organisation_id"]))
    # set_password() since the last save, and saved: a new password.
    if instance._password is not None and (update_fields is None or "password" in update_fields):
        pending.append((_password_kind(instance), "", "", old["organisation_id"]))
    instance._pending_changes = pending


def _values(instance: User) -> dict:
    return {field: getattr(instance, field) for field in FIELDS}


def _password_kind(instance: User) -> str:
    request = _current_request()
    actor = _signed_in(request)
    if actor is not None:
        return Kind.PASSWORD_CHANGED if actor.pk == instance.pk else Kind.PASSWORD_SET
    return Kind.RESET_COMPLETED if request is not None else Kind.PASSWORD_SET


@receiver(post_save, sender=User, dispatch_uid="user_history_after_save")
def _record_changes(sender, instance: User, **kwargs) -> None:
    pending = instance.__dict__.pop("_pending_changes", [])
    if not pending:
        return
    request = _current_request()
    by, address = _signed_in(request), client_ip(request) if request is not None else None
    for kind, before, after, old_organisation_id in pending:
        # A member moved out of an organisation stays in that organisation's history.
        organisation_id = instance.organisation_id or old_organisation_id
        record(
            instance,
            kind,
            by=by,
            before=before,
            after=after,
            address=address,
            organisation_id=organisation_id,
        )


def changes_seen_by(admin: User, *, user: User | None = None) -> QuerySet[UserChange]:
    """The organisation's account changes, newest first, optionally of one colleague."""
    rows = UserChange.objects.filter(organisation_id=admin.organisation_id)
    if user is not None:
        rows = rows.filter(user=user)
    return rows.select_related("user", "by")
