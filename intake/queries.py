"""Reads scoped to the user's organisation: no view can forget the filter or the joins."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from intake.models import Argument, Case, Client, User


def cases_visible_to(user: User) -> QuerySet[Case]:
    return Case.objects.filter(organisation_id=user.organisation_id).select_related(
        "client", "assigned_to", "created_by", "organisation"
    )


def case_list_for(user: User) -> QuerySet[Case]:
    # A correlated subquery, not Count("arguments"): a JOIN + GROUP BY made PostgreSQL aggregate every case of
    # the organisation before it could sort and take one page (about 150 ms at 10,000 cases); the subquery runs
    # only for the rows of the page, and the paginator's COUNT(*) no longer joins the arguments.
    argument_counts = (
        Argument.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cases_visible_to(user).annotate(
        argument_count=Coalesce(Subquery(argument_counts, output_field=IntegerField()), Value(0))
    )


def clients_visible_to(user: User) -> QuerySet[Client]:
    return Client.objects.filter(organisation_id=user.organisation_id)


def arguments_visible_to(user: User) -> QuerySet[Argument]:
    return Argument.objects.filter(case__organisation_id=user.organisation_id).select_related("case")


def staff_of(user: User) -> QuerySet[User]:
    return User.objects.filter(organisation_id=user.organisation_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def staff_managed_by(admin: User) -> QuerySet[User]:
    """The colleagues an organisation admin sees and manages, former ones too: never a superuser. The model's
    constraint already keeps superusers out of organisations; the staff pages say so once more."""
    return User.objects.filter(
        organisation_id=admin.organisation_id, is_superuser=False, is_staff=False
    ).order_by("username")
