from django import template

from analysis import engine, outcomes, triage
from analysis.models import DISPOSITIONS

register = template.Library()


@register.simple_tag
def law(key: str, **values) -> str:
    """A sentence of the current rule pack's law text, filled: ``{% law "page.no_warden_request" %}``."""
    return engine.current_rule_pack().text(key, **values).plain


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
def reviewer_note(result) -> str:
    """Usage: ``{{ result|reviewer_note }}``: the engine's note for a reviewer on an assessment or a preview, in
    words that agree with the confidence shown beside it (``triage.review_reason_as_shown``)."""
    return triage.review_reason_as_shown(result.reviewer_note, model_read=bool(result.model_reading))


@register.filter
def authorities_for(cites, circuit) -> tuple[list[str], list[str]]:
    """Usage: ``{% with split=result.authorities|authorities_for:case.circuit %}``: (binding or national, other circuits)."""
    return triage.authorities_for_circuit(list(cites or []), circuit or None)


@register.filter
def other_circuit(cite, circuit) -> str:
    """Usage: ``{% if note.authority|other_circuit:case.circuit %}``: the cite's circuit when it is another's."""
    return engine.other_circuit(cite or "", circuit or None) or ""


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


# The two panels below lay out what the view computed (analysis/panels.py, analysis.court.timeline_for): a tag
# runs no queries, so a page's queries are all in its view.


@register.inclusion_tag("analysis/_law_changes.html", takes_context=True)
def law_changes_panel(context, panel: dict) -> dict:
    """Usage: ``{% law_changes_panel law_changes %}`` with ``law_changes = panels.law_changes_panel(case, user)``."""
    return {**panel, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("analysis/_timeline.html")
def case_timeline(case, timeline, compact: bool = False) -> dict:
    """Usage: ``{% case_timeline case timeline %}``: the dated steps from the warden request to the appeal deadline."""
    return {"case": case, "timeline": timeline, "compact": compact}
