"""Intake workflows: each validates with the model's rules, writes in a transaction and leaves history."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from intake.models import Argument, Case, Client, Organisation, User, WardenRequest


def ensure_editable(case: Case) -> None:
    """Refuse to change a case that is in review or approved: those are frozen for the reviewer."""
    if not case.is_editable:
        raise PermissionDenied(
            f"This case is {case.get_status_display().lower()}; it can be changed only while it is a draft "
            "or after the reviewer asks for changes."
        )


@transaction.atomic
def create_case(*, case: Case, client: Client, by: User) -> Case:
    """Save a new case (and its new client, if the client has no id yet) for the user's organisation."""
    organisation = by.organisation
    if client.pk is None:
        client.organisation = organisation
        client.full_clean()
        client.save()
    case.organisation = organisation
    case.client = client
    case.created_by = by
    if case.assigned_to_id is None:
        case.assigned_to = by
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def update_client_and_case(*, client: Client, case: Case, by: User) -> Case:
    ensure_editable(case)
    client.full_clean()
    client.save()
    case.full_clean()
    case.save()
    return case


def record_warden_request(*, warden_request: WardenRequest, by: User) -> WardenRequest:
    ensure_editable(warden_request.case)
    warden_request.full_clean()
    warden_request.save()
    return warden_request


@transaction.atomic
def add_argument(*, case: Case, text: str, source: str, by: User) -> Argument:
    ensure_editable(case)
    # Lock the case row so that two staff adding at once do not get the same position.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    last = case.arguments.aggregate(last=Max("order"))["last"]
    argument = Argument(case=case, text=text, source=source, order=0 if last is None else last + 1)
    argument.full_clean()
    argument.save()
    return argument


def revise_argument(*, argument: Argument, text: str, source: str, by: User) -> Argument:
    ensure_editable(argument.case)
    argument.text = text
    argument.source = source
    argument.full_clean()
    argument.save()
    return argument


def delete_argument(*, argument: Argument, by: User) -> None:
    ensure_editable(argument.case)
    argument.delete()


@transaction.atomic
def move_argument(*, argument: Argument, direction: str, by: User) -> None:
    """Swap an argument with its neighbour above ("up") or below ("down"); at an end it stays put."""
    ensure_editable(argument.case)
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
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
    if member.pk == by.pk and (member.role != User.Role.ADMIN or not member.is_active):
        raise PermissionDenied("You cannot remove your own admin role or deactivate yourself.")
    member.organisation = organisation
    if password:
        member.set_password(password)
    member.full_clean()
    member.save()
    return member
