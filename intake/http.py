from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from intake.models import User


class HtmxRequest(HttpRequest):
    """django-htmx's typing tip: a request whose user is ours and which carries ``htmx`` details."""

    user: User
    htmx: HtmxDetails
