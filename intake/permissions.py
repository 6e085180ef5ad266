"""Who may do what: one place for role checks, so views only name the capability they need."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from intake.models import User


def role_required(*roles: str) -> Callable:
    """Refuse (403) a signed-in user whose role is not one of ``roles`` or who has no organisation."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if user.organisation_id is None or user.role not in roles:
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


member_required = role_required(User.Role.INTAKE, User.Role.REVIEWER, User.Role.ADMIN)
editor_required = role_required(User.Role.INTAKE, User.Role.REVIEWER)
admin_required = role_required(User.Role.ADMIN)
