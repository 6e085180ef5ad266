"""Template source that Django would print instead of hiding: a ``{# … #}`` comment ends on its own line (Django
reads a multi-line one as text, and the reviewer's page showed it)."""

from pathlib import Path

import pytest

from tests.review_pages import page_text, review_url

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def unclosed_comments(source: str) -> list[int]:
    """Line numbers where a ``{#`` has no ``#}`` after it on the same line."""
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        start = line.find("{#")
        while start != -1:
            end = line.find("#}", start + 2)
            if end == -1:
                found.append(number)
                break
            start = line.find("{#", end + 2)
    return found


def test_the_detector_sees_a_comment_that_runs_onto_a_second_line():
    assert unclosed_comments("<p>{# one line #}</p>\n{# starts here\n   ends here #}\n") == [2]
    assert unclosed_comments("{# a #}{# b #}") == []


def test_every_template_comment_closes_on_its_own_line():
    offenders = {
        str(path.relative_to(TEMPLATES)): lines
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (lines := unclosed_comments(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "use {% comment %} … {% endcomment %} for a comment of several lines"


@pytest.mark.usefixtures("skip_document_rendering")
def test_the_review_page_shows_no_template_source(reviewer_client, in_review):
    text = page_text(reviewer_client.get(review_url("case_review", in_review)))
    assert "Save decision on argument 1" in text  # the decision form is on the page
    assert "{#" not in text and "#}" not in text
