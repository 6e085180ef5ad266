from django import template

from analysis import triage
from analysis.models import DISPOSITIONS

register = template.Library()


@register.filter
def evidence_segments(text: str, evidence) -> list[tuple[str, bool]]:
    """Usage: ``{% for segment, marked in argument.text|evidence_segments:assessment.evidence %}``."""
    return triage.evidence_segments(text or "", evidence or [])


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
