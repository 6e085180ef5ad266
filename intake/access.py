"""The access log: who read which case's medical and argument details, and when.

Reading views call ``record_case_access`` once the case has passed the organisation check, so a refused read
(404, 403) records nothing. Rows carry ids, a kind and a slug or number, never client text.
"""

from django.db.models import QuerySet

from intake.models import Case, CaseAccess, User

Kind = CaseAccess.Kind


def record_case_access(user: User, case: Case, kind: str, detail: str = "") -> CaseAccess:
    return CaseAccess.objects.create(
        organisation_id=case.organisation_id, case=case, user=user, kind=kind, detail=detail
    )


def access_log_for(admin: User, *, case_id: int | None = None, user_id: int | None = None) -> QuerySet:
    """The organisation's access records, newest first, optionally for one case and/or one staff member."""
    rows = CaseAccess.objects.filter(organisation_id=admin.organisation_id)
    if case_id is not None:
        rows = rows.filter(case_id=case_id)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return rows.select_related("user", "case__client").order_by("-at", "-pk")
