"""The error summary shown at the top of every form page after an invalid submit."""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    message: str
    label: str = ""
    field_id: str = ""  # the input to jump to; empty for an error about the whole form


def summary_items(*forms: BaseForm | None) -> list[SummaryItem]:
    """List each form's errors once, field errors in the order the fields appear, whole-form errors first.

    A page may render several forms (the new-case page has three); they are summarised together so a phone
    user sees every problem at the top, not only the ones near the bottom."""
    items: list[SummaryItem] = []
    seen: set[tuple[str, str]] = set()
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            if ("", message) not in seen:
                seen.add(("", message))
                items.append(SummaryItem(message=message))
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for bound_field in form:
            if bound_field.is_hidden:
                continue  # a stale fingerprint has no input to jump to; the page explains it
            for message in bound_field.errors:
                key = (bound_field.id_for_label, message)
                if key not in seen:
                    seen.add(key)
                    items.append(SummaryItem(message, str(bound_field.label), bound_field.id_for_label))
    return items


@register.inclusion_tag("forms/error_summary.html")
def error_summary(*forms: BaseForm | None) -> dict:
    """Render ``forms/error_summary.html`` for the page's forms: ``{% error_summary client_form case_form %}``."""
    return {"items": summary_items(*forms)}
