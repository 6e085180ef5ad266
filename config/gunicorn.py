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
