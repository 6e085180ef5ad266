"""Intake workflows: each validates with the model's rules, writes in a transaction and leaves history."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from intake.models import Argument, Case, Client, Organisation, User, WardenRequest

_no_null_characters = ProhibitNullCharactersValidator()


def _refuse_null_characters(instance: models.Model) -> None:
    """Refuse NUL in any text field: PostgreSQL cannot store it. Django's form fields refuse it, but services
    are also called with text that never went through a form (a kept letter proposal, a script)."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if field.generated:  # the database's (Client.name_key), never input, and unreadable before a save
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and "\x00" in value:
            errors[field.name] = [_no_null_characters.message]
    if errors:
        raise ValidationError(errors)


def _validate(instance: models.Model) -> None:
    _refuse_null_characters(instance)
    instance.full_clean()


def ensure_editable(case: Case) -> None:
    """Refuse to change a case that is in review or approved: those are frozen for the reviewer.

    A view may call this early to answer quickly, but only a check on the row the service locked counts (see
    ``lock_editable_case``)."""
    if not case.is_editable:
        raise PermissionDenied(
            f"This case is {case.get_status_display().lower()}; it can be changed only while it is a draft "
            "or after the reviewer asks for changes."
        )


def lock_case(case_id: int) -> Case:
    """Lock the case row until the transaction ends and return it as stored now.

    Every service that changes a case locks first and checks second: a status read before the lock may be
    stale (a submit can commit in between), so checking a copy and then locking lets a change into a case that
    is already in review. Only the case row is locked (``of``), not its organisation or client."""
    return (
        Case.objects.select_for_update(of=("self",)).select_related("organisation", "client").get(pk=case_id)
    )


def lock_editable_case(case_id: int) -> Case:
    """Lock the case row, then refuse unless it is editable (call inside a transaction)."""
    case = lock_case(case_id)
    ensure_editable(case)
    return case


def ensure_room_for_arguments(case: Case, adding: int) -> None:
    """Refuse to take a case past ``MAX_ARGUMENTS_PER_CASE`` arguments (call with the case row locked)."""
    limit = settings.MAX_ARGUMENTS_PER_CASE
    present = Argument.objects.filter(case_id=case.pk).count()
    if present + adding > limit:
        room = max(limit - present, 0)
        raise ValidationError(
            f"A case can hold at most {limit} arguments and this one has {present}; "
            + (f"add at most {room} more, " if room else "")
            + "or merge arguments that make the same point.",
            code="too_many_arguments",
        )


def ensure_complete(case: Case, action: str) -> None:
    """Refuse to ``action`` (run triage, submit for review) a draft saved before all its facts were known."""
    if missing := case.missing_to_complete:
        raise ValidationError(
            f"This case is an incomplete draft. Before you {action}, edit the case and add: {', '.join(missing)}."
        )


@transaction.atomic
def create_case(*, case: Case, client: Client, by: User) -> Case:
    """Save a new case (and its new client, if the client has no id yet) for the user's organisation."""
    organisation = by.organisation
    if client.pk is None:
        client.organisation = organisation
        _validate(client)
        client.save()
    case.organisation = organisation
    case.client = client
    case.created_by = by
    if case.assigned_to_id is None:
        case.assigned_to = by
    _validate(case)
    case.save()
    return case


@transaction.atomic
def update_client_and_case(*, client: Client, case: Case, by: User) -> Case:
    locked = lock_editable_case(case.pk)
    # ``case`` carries the form's changes on a copy read before the lock: keep the review workflow's fields as
    # they are now, so that saving the form never undoes a submit, a send-back or a version bump made meanwhile.
    case.status, case.version = locked.status, locked.version
    case.submitted_for_review_at = locked.submitted_for_review_at
    _validate(client)
    client.save()
    _validate(case)
    case.save()
    return case


@transaction.atomic
def record_warden_request(*, warden_request: WardenRequest, by: User) -> WardenRequest:
    lock_editable_case(warden_request.case_id)
    _validate(warden_request)
    warden_request.save()
    return warden_request


@transaction.atomic
def add_argument(
    *,
    case: Case,
    text: str,
    source: str,
    by: User,
    is_verbatim: bool = False,
    raised_in_request: str = Argument.Raised.UNKNOWN,
) -> Argument:
    # The lock also keeps two staff adding at once from getting the same position.
    case = lock_editable_case(case.pk)
    ensure_room_for_arguments(case, 1)
    last = case.arguments.aggregate(last=Max("order"))["last"]
    argument = Argument(
        case=case,
        text=text,
        source=source,
        is_verbatim=is_verbatim,
        raised_in_request=raised_in_request,
        order=0 if last is None else last + 1,
    )
    _validate(argument)
    argument.save()
    return argument


def argument_fingerprint(text: str, source: str) -> str:
    """What an edit form was loaded with, so that saving it can tell whether someone changed it meanwhile."""
    return hashlib.sha256(json.dumps([text, source]).encode("utf-8")).hexdigest()


class ArgumentConflict(Exception):
    """The argument changed after the user opened it for editing; nothing was saved."""

    def __init__(self, current: Argument):
        self.current = current
        last = current.history.select_related("history_user").first()
        who = str(last.history_user) if last and last.history_user else "someone else"
        when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M") if last else "just now"
        super().__init__(
            f"Someone else ({who}, {when}) changed this argument while you were editing; here is their "
            "version. Your text is still in the box: save again to replace their version with yours."
        )


@transaction.atomic
def revise_argument(
    *,
    argument: Argument,
    text: str,
    source: str,
    by: User,
    expected_fingerprint: str | None = None,
    is_verbatim: bool | None = None,
    raised_in_request: str | None = None,
) -> Argument:
    """Change an argument's text and source. With ``expected_fingerprint`` (what the editor was loaded with),
    refuse with ArgumentConflict when the stored argument changed since, instead of overwriting it."""
    # Lock the case first, as every service that changes a case does, then the argument; check the status
    # under the lock, since the case may have gone to review while this user was typing.
    lock_editable_case(argument.case_id)
    current = Argument.objects.select_for_update().get(pk=argument.pk)
    stored_fingerprint = argument_fingerprint(current.text, current.source)
    changed_meanwhile = expected_fingerprint is not None and expected_fingerprint != stored_fingerprint
    # Two people making the same change lose nothing.
    if changed_meanwhile and (current.text, current.source) != (text, source):
        raise ArgumentConflict(current)
    # Save the fresh row, not the caller's copy, so a concurrent reorder (``order``) is not written back.
    current.text = text
    current.source = source
    # The verbatim flag and the confirmed exhaustion answer change only when the caller gives them.
    if is_verbatim is not None:
        current.is_verbatim = is_verbatim
    if raised_in_request is not None:
        current.raised_in_request = raised_in_request
    _validate(current)
    current.save()
    argument.text, argument.source, argument.order = current.text, current.source, current.order
    argument.is_verbatim, argument.raised_in_request = current.is_verbatim, current.raised_in_request
    return current


@transaction.atomic
def delete_argument(*, argument: Argument, by: User) -> None:
    lock_editable_case(argument.case_id)
    argument.delete()


@transaction.atomic
def move_argument(*, argument: Argument, direction: str, by: User) -> None:
    """Swap an argument with its neighbour above ("up") or below ("down"); at an end it stays put."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    lock_editable_case(argument.case_id)
    siblings = list(
        Argument.objects.select_for_update().filter(case_id=argument.case_id).order_by("order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == argument.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])


def save_staff_member(
    *, member: User, organisation: Organisation, by: User, password: str | None = None
) -> User:
    """Create or update a colleague in the admin's own organisation; an admin cannot demote or lock out themself."""
    if member.pk == by.pk and (not member.is_org_admin or not member.is_active):
        raise PermissionDenied("You cannot remove your own admin role or deactivate yourself.")
    member.organisation = organisation
    if password:
        member.set_password(password)
    _validate(member)
    member.save()
    return member
