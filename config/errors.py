"""Error pages that never touch the database, so they still render when the database is what failed.

The templates (`templates/4xx.html`, `500.html`, `503.html`) stand alone: no base template, no user, no
messages. They are rendered without the request, so no context processor can run a query either.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("safety_valve.errors")

# Connection-level failures: the server went away, refused, timed out or was shut down. Integrity and data
# errors are not here: those are bugs or bad input, and stay 500s.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

# How long clients (and proxies) should wait before retrying, in seconds.
RETRY_AFTER_SECONDS = 60


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, DATABASE_UNAVAILABLE)


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def log_database_unavailable(exception: BaseException, where: str) -> None:
    # The exception class and the view name only: no path parameters, no form data, no query text.
    logger.error("database unavailable in %s: %s", where, type(exception).__name__)


def server_error(request) -> HttpResponse:
    """handler500: the database page when the database failed outside a view (e.g. loading the session)."""
    exception = sys.exc_info()[1]
    if is_database_unavailable(exception):
        return database_unavailable_response()
    return HttpResponseServerError(loader.render_to_string("500.html"))
