from django import template

from analysis import outcomes, triage
from analysis.models import DISPOSITIONS

register = template.Library()


@register.filter
def evidence_segments(text: str, evidence) -> list[tuple[str, bool]]:
    """Usage: ``{% for segment, marked in argument.text|evidence_segments:assessment.evidence %}``."""
    return triage.evidence_segments(text or "", evidence or [])


@register.filter
def outcome(argument):
    """Usage: ``{% with outcome=argument|outcome %}``: the reviewer's decision once made, else the engine's."""
    return outcomes.outcome_of(argument) if argument else None


@register.filter
def undecided(rows) -> list:
    """(number on the page, argument) of the review page's arguments still waiting for a decision."""
    return [
        (number, argument)
        for number, (argument, _form) in enumerate(rows, 1)
        if getattr(argument, "decision", None) is None
    ]


@register.filter
def disposition_label(disposition: str) -> str:
    return DISPOSITIONS.get(disposition, disposition)


@register.filter
def ground_label(ground: str) -> str:
    return (ground or "").replace("_", " ")


@register.filter
def percent(value) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return "—"


@register.simple_tag
def pending_law_changes(case) -> int:
    """How many of the case's arguments wait for a reviewer's decision on a change in the law."""
    from analysis.models import LawChange

    return case.law_changes.filter(status=LawChange.Status.PENDING).count()


@register.inclusion_tag("analysis/_law_changes.html", takes_context=True)
def law_changes_panel(context, case) -> dict:
    """The side-by-side panel of old and new assessments, with a decision form per pending change."""
    from analysis import retriage
    from analysis.forms import LawChangeDecisionForm
    from analysis.models import LawChange
    from intake.models import User

    views = retriage.changes_for_case(case)
    user = context["request"].user
    return {
        "case": case,
        "changes": [
            (view, LawChangeDecisionForm(prefix=f"lc{view.change.pk}", initial={"version": case.version}))
            for view in views
        ],
        "pending": sum(1 for view in views if view.change.status == LawChange.Status.PENDING),
        "can_decide": user.role == User.Role.REVIEWER,
        "approved_revision": case.revisions.order_by("-number").first(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("analysis/_timeline.html")
def case_timeline(case, compact: bool = False) -> dict:
    """The case's dated steps from the warden request to the appeal deadline (see analysis.court)."""
    from analysis import court
    from intake.models import WardenRequest

    warden_request = WardenRequest.objects.filter(case=case).first()
    return {
        "case": case,
        "timeline": court.timeline_for(case, warden_request, case.filings.all()),
        "compact": compact,
    }
