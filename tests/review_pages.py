"""What the review tests (tests/analysis/test_review.py, test_review_integrity.py) share: reading a page and a case
back, the review URLs and a decision's POST data. Their shared fixtures (``in_review``, ``real_documents``,
``skip_document_rendering``) are in tests/conftest.py."""

import re
from html import unescape

from django.urls import reverse

from intake.models import Case


def page_text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def status_of(case: Case) -> str:
    return Case.objects.values_list("status", flat=True).get(pk=case.pk)


def version_of(case: Case) -> int:
    return Case.objects.values_list("version", flat=True).get(pk=case.pk)


def review_url(name: str, case: Case, *args) -> str:
    return reverse(f"analysis:{name}", args=[case.pk, *args])


def decision_post(
    argument, version: int, decision: str = "accept", outcome: str = "", reason: str = ""
) -> dict:
    """The review page's POST for one argument's decision (its form is prefixed ``a<pk>``)."""
    prefix = f"a{argument.pk}"
    return {
        f"{prefix}-version": str(version),
        f"{prefix}-decision": decision,
        f"{prefix}-outcome": outcome,
        f"{prefix}-reason": reason,
    }
