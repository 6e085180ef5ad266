"""Reads scoped to the user's organisation: no view can forget the filter or the joins."""

from django.db.models import Count, QuerySet

from intake.models import Argument, Case, Client, User


def cases_visible_to(user: User) -> QuerySet[Case]:
    return Case.objects.filter(organisation_id=user.organisation_id).select_related(
        "client", "assigned_to", "created_by", "organisation"
    )


def case_list_for(user: User) -> QuerySet[Case]:
    return cases_visible_to(user).annotate(argument_count=Count("arguments"))


def clients_visible_to(user: User) -> QuerySet[Client]:
    return Client.objects.filter(organisation_id=user.organisation_id)


def arguments_visible_to(user: User) -> QuerySet[Argument]:
    return Argument.objects.filter(case__organisation_id=user.organisation_id).select_related("case")


def staff_of(user: User) -> QuerySet[User]:
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )
