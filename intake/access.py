"""The access log: who read which case's client text (medical and argument details), and when.

Reads are recorded in one place, ``CaseReadMiddleware``: every successful (2xx) answer to a URL whose ``<pk>``
is a case records one read of that case, keyed on the URL name, whatever view, template or htmx fragment
produced it. A refused read (403, 404) and a redirect after an action record nothing. Rows carry ids, a kind and
a slug or number, never client text.
"""

from django.db.models import QuerySet

from config.client_address import client_ip
from intake.models import Case, CaseAccess, User

Kind = CaseAccess.Kind

# What each case URL shows when it answers 2xx, by URL name; analysis adds its own (analysis/case_reads.py). Every
# URL with a case <pk> is here or in NOT_READS (tests/security/test_access_log.py fails otherwise); one missing at
# run time is recorded as a case page.
# Actions that answer with a redirect are here too: should one ever answer with a page (a form error shown
# again), that page is recorded like any other.
READ_KINDS = {
    "intake:case_detail": Kind.CASE_PAGE,
    "intake:case_edit": Kind.CASE_EDIT,
    "intake:case_history": Kind.HISTORY,
    "intake:warden_request_edit": Kind.WARDEN_REQUEST,
    "intake:argument_create": Kind.ARGUMENTS,
    "intake:argument_edit": Kind.ARGUMENT_EDIT,
    "intake:argument_delete": Kind.ARGUMENTS,
    "intake:argument_move": Kind.ARGUMENTS,
    "intake:case_erase": Kind.ERASE,
}
# The detail of a read whose URL names no argument, document or exhibit.
DETAILS: dict[str, str] = {}
# Case URLs whose answer shows no stored client text.
NOT_READS: set[str] = set()
# The URL namespaces whose <pk> is a case.
CASE_NAMESPACES = {"intake"}


def register_case_reads(
    namespace: str, *, kinds: dict[str, str], details: dict[str, str] | None = None, not_reads: tuple = ()
) -> None:
    """Let an app above intake say what its case URLs show (analysis does, in its AppConfig.ready)."""
    CASE_NAMESPACES.add(namespace)
    READ_KINDS.update(kinds)
    DETAILS.update(details or {})
    NOT_READS.update(not_reads)


def record_case_access(user: User, case: Case, kind: str, detail: str = "") -> CaseAccess:
    return CaseAccess.objects.create(
        organisation_id=case.organisation_id, case=case, user=user, kind=kind, detail=detail
    )


def read_detail(view_name: str, kwargs: dict) -> str:
    """Which argument, exhibit, document, revision or motion was read: numbers and slugs from the URL only."""
    if view_name in DETAILS:
        return DETAILS[view_name]
    if "exhibit_pk" in kwargs:
        return f"exhibit {kwargs['exhibit_pk']}"
    if "argument_pk" in kwargs:
        return f"argument {kwargs['argument_pk']}"
    if "slug" in kwargs and "number" in kwargs:
        return f"{kwargs['slug']}, revision {kwargs['number']}"
    if "slug" in kwargs:
        return str(kwargs["slug"])
    if "number" in kwargs:
        return f"motion {kwargs['number']}"
    return ""


class CaseReadMiddleware:
    """Record a read for every successful answer that shows a case (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (
            match is None
            or not 200 <= response.status_code < 300
            or "pk" not in match.kwargs
            or match.namespace not in CASE_NAMESPACES
            or match.view_name in NOT_READS
            or user is None
            or not user.is_authenticated
            or user.organisation_id is None
        ):
            return response
        # The view already refused other organisations' cases; checking again costs one query and keeps a
        # future view that forgot to scope its query from writing another organisation's case into this log.
        case_id = match.kwargs["pk"]
        if Case.objects.filter(pk=case_id, organisation_id=user.organisation_id).exists():
            CaseAccess.objects.create(
                organisation_id=user.organisation_id,
                case_id=case_id,
                user=user,
                kind=READ_KINDS.get(match.view_name, Kind.CASE_PAGE),
                detail=read_detail(match.view_name, match.kwargs),
                address=client_ip(request) or None,
            )
        return response


def access_log_for(admin: User, *, case_id: int | None = None, user_id: int | None = None) -> QuerySet:
    """The organisation's access records, newest first, optionally for one case and/or one staff member."""
    rows = CaseAccess.objects.filter(organisation_id=admin.organisation_id)
    if case_id is not None:
        rows = rows.filter(case_id=case_id)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return rows.select_related("user", "case__client").order_by("-at", "-pk")
