"""What the case pages' shared pieces show, computed by the views that render them.

Template tags run no queries (the #12 "house" rule): the views call these and pass the results in the context;
``analysis/templatetags/triage.py`` only lays them out.
"""

from analysis import retriage
from analysis.forms import LawChangeDecisionForm
from analysis.models import LawChange
from intake.models import Case, User


def pending_law_changes(case: Case) -> int:
    """How many of the case's arguments wait for a reviewer's decision on a change in the law (the banner)."""
    return case.law_changes.filter(status=LawChange.Status.PENDING).count()


def law_changes_panel(case: Case, user: User) -> dict:
    """The side-by-side panel of old and new assessments, with a decision form per pending change."""
    views = retriage.changes_for_case(case)
    return {
        "case": case,
        "changes": [
            (view, LawChangeDecisionForm(prefix=f"lc{view.change.pk}", initial={"version": case.version}))
            for view in views
        ],
        "pending": sum(1 for view in views if view.change.status == LawChange.Status.PENDING),
        "can_decide": user.is_reviewer,
        "approved_revision": case.revisions.order_by("-number").first() if views else None,
    }


def case_header(case: Case) -> dict:
    """The context intake/_case_header.html needs beyond the case itself."""
    return {"law_changes_waiting": pending_law_changes(case)}
