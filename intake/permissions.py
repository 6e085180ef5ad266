"""Who may do what: one place for role checks, so views only name the capability they need.

Each decorator asks one of the User model's capability properties (intake/models.py), the only place that compares
a role, so "who is an editor" has one definition.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from intake.models import User


def capability_required(allows: Callable[[User], bool]) -> Callable:
    """Refuse (403) a signed-in user whom ``allows`` refuses or who has no organisation."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if user.organisation_id is None or not allows(user):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


member_required = capability_required(lambda user: user.is_member)
editor_required = capability_required(lambda user: user.can_edit_intake)
reviewer_required = capability_required(lambda user: user.is_reviewer)
admin_required = capability_required(lambda user: user.is_org_admin)
