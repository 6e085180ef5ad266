"""The client's address: the one place that decides it (sign-in throttling, password-reset throttling, the
access log, the /admin/ address limit). Call ``client_ip(request)``, or ``client_address(environ)`` where there
is only a WSGI environ (gunicorn's access log).

With no proxy configured (``TRUSTED_PROXY_COUNT=0``, the default) X-Forwarded-For is ignored, so a client cannot
choose its own address: it is the TCP peer's (``REMOTE_ADDR``). Behind N proxies that each append the address
they received the request from (nginx ``$proxy_add_x_forwarded_for``, Caddy), the client is the N-th entry from
the right: the right-most one no trusted proxy vouches for. Entries further left were sent by the client and
may be forged.
"""

import ipaddress
from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest


def client_address(meta: Mapping[str, str]) -> str:
    """The client's address from a request's META or a WSGI environ (``REMOTE_ADDR`` unless proxied)."""
    remote = meta.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies:
        return remote  # fewer entries than proxies: the header did not come through them all
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote  # not an address (garbage, or a port our proxies do not add): trust nothing in it


def client_ip(request: HttpRequest) -> str:
    """``client_address`` of a Django request; also django-axes' ``AXES_CLIENT_IP_CALLABLE``."""
    return client_address(request.META)
