"""Request middleware of the project itself."""

from django.conf import settings

from config import errors


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
