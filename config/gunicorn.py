"""gunicorn settings for the container (`gunicorn -c python:config.gunicorn config.wsgi`).

The access log records the path without its query string: searches carry client names (`/cases/?q=...`)
and application logs must never hold client text.
"""

import os

from gunicorn.glogging import Logger

from config.client_address import client_address

# All interfaces inside the container; docker-compose.yml publishes the port on the host's loopback only.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a cold document render takes about a second
accesslog = "-"
# remote address, time, method, path (no query), status, bytes, duration in ms; no referrer (it has queries too)
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# No runtime control socket: nothing manages the container's gunicorn at run time, and several servers on one
# machine (tests, `make load`) would otherwise share the same ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True


class ClientAddressLogger(Logger):
    """The access log's address (``%(h)s``) is the client's, decided by config/client_address.py (behind a
    trusted proxy, from X-Forwarded-For), not the proxy's own."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = client_address(environ) or "-"
        return atoms


logger_class = ClientAddressLogger

# gunicorn's own handlers, through the single-line formatter (config/logs.py): a path with %0d%0a in it is
# decoded before it reaches the access line, and must not start a forged line there.
_ESCAPING = "config.logs.SingleLineFormatter"
logconfig_dict = {
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access_console"], "propagate": False},
    },
    "handlers": {
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "stream": "ext://sys.stderr",
        },
    },
    "formatters": {
        "access": {"class": _ESCAPING, "format": "%(message)s"},
        "generic": {
            "class": _ESCAPING,
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        },
    },
}
