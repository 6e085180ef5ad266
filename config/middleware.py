"""Request middleware of the project itself."""

import ipaddress

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from config import errors
from config.client_address import client_ip


class DatabaseUnavailableMiddleware:
    """Answer a view whose database stopped answering with the 503 page instead of a 500 and a traceback.

    Failures before the view runs (the session or user lookup in other middleware) never reach
    process_exception; `config.errors.server_error` (handler500) catches those.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG or not errors.is_database_unavailable(exception):
            return None  # DEBUG keeps Django's technical page for developers
        match = getattr(request, "resolver_match", None)
        errors.log_database_unavailable(exception, match.view_name if match else "an unresolved view")
        return errors.database_unavailable_response()


class AdminGateMiddleware:
    """The Django admin (every organisation's cases) answers only when ``ADMIN_ENABLED`` is on and, if
    ``ADMIN_ALLOWED_IPS`` lists networks, only to clients in one of them; anyone else gets a plain 404, before
    the sign-in redirect, as if there were no admin at all.

    Listed before LoginRequiredMiddleware so that its ``process_view`` runs first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace.split(":")[0] != "admin":
            return None
        if not settings.ADMIN_ENABLED or not admin_address_allowed(client_ip(request)):
            raise Http404("No admin here.")
        return None


def admin_address_allowed(address: str) -> bool:
    """True when ``ADMIN_ALLOWED_IPS`` is empty (no address limit) or one of its networks holds ``address``."""
    if not settings.ADMIN_ALLOWED_IPS:
        return True
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        client in ipaddress.ip_network(network, strict=False) for network in settings.ADMIN_ALLOWED_IPS
    )


class PrivateNoStoreMiddleware:
    """Every response to a signed-in user carries ``Cache-Control: private, no-store``.

    Pages, htmx fragments, documents and error pages all may hold client text (names, medical details); no
    browser cache, shared proxy or back button may keep a copy of them. Anonymous responses (the sign-in page,
    ``/healthz``, static files) are left to their own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


class OrganisationTimeZoneMiddleware:
    """Show every date and time of a signed-in user's request on their organisation's clock.

    Anonymous pages (sign-in, password reset) and superusers, who belong to no organisation, keep TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.organisation_id:
            timezone.activate(user.organisation.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
