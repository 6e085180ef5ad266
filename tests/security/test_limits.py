"""Work one user can force on the server is bounded, and each bound answers with a clear message (issue #11).

A pasted letter's length (the splitter's time grows with it), the arguments a case may hold and one letter may
add, and the size of a case a document is rendered for; a render that fails anyway gets a clear page, not a 500.
Limits are settings (``MAX_*`` in config/settings.py); the tests set small ones where a default would need big
inputs.
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from analysis import documents
from analysis.models import Revision
from intake.models import Argument, Case
from tests.factories import accept_every_argument, make_argument, make_case_in_review

HTMX = {"HTTP_HX_REQUEST": "true"}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def page_text(response) -> str:
    """The page as text, tags dropped (a refused keep shows the letter page again, with its errors)."""
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- A pasted letter -------------------------------------------------------------------------------------------


def test_a_letter_over_the_limit_is_refused_with_its_length_and_what_to_do(intake_client, case, settings):
    assert settings.MAX_LETTER_CHARACTERS == 50_000
    letter = ("I have cancer and my mother is sick. " * 1400)[:50_000] + "!"  # strip() keeps all 50,001
    response = intake_client.post(reverse("analysis:letter_split", args=[case.pk]), {"letter": letter})
    assert response.status_code == 200
    html = response.content.decode()
    assert "A letter can be at most 50,000 characters (this one has 50,001)" in html
    assert "Paste it in parts" in html
    assert response.context["proposals"] == []


def test_a_letter_at_the_limit_is_split(intake_client, case):
    letter = ("I have cancer and my mother is sick. " * 1400)[:50_000]
    response = intake_client.post(reverse("analysis:letter_split", args=[case.pk]), {"letter": letter})
    assert response.status_code == 200 and response.context["proposals"]


def test_the_letter_box_does_not_cut_a_longer_paste_silently(intake_client, case):
    # A maxlength attribute would make the browser drop the end of a pasted letter without a word.
    html = intake_client.get(reverse("analysis:letter_split", args=[case.pk])).content.decode()
    assert 'name="letter"' in html and "maxlength" not in html
    assert "At most 50,000 characters" in html


# --- Arguments per case and per letter ---------------------------------------------------------------------------


@pytest.fixture
def full_case(case, settings):
    settings.MAX_ARGUMENTS_PER_CASE = 3
    for n in range(3):
        make_argument(case, text=f"Reason number {n}: he is very ill.", order=n)
    return case


def test_adding_past_the_cases_limit_is_refused_with_a_message(intake_client, full_case):
    url = reverse("intake:argument_create", args=[full_case.pk])
    response = intake_client.post(url, {"text": "One more reason.", "source": "staff"}, **HTMX)
    assert response.status_code == 200
    assert "A case can hold at most 3 arguments and this one has 3" in response.content.decode()
    assert full_case.arguments.count() == 3


def _keep(client, case, texts: list[str]):
    data = {"action": "keep", "count": str(len(texts))}
    for i, text in enumerate(texts):
        data |= {f"keep-{i}": "1", f"proposal-{i}": text}
    return client.post(reverse("analysis:letter_split", args=[case.pk]), data, follow=True)


def test_keeping_more_from_one_letter_than_allowed_adds_nothing(intake_client, case, settings):
    settings.MAX_ARGUMENTS_PER_LETTER = 2
    response = _keep(intake_client, case, ["He is ill.", "His mother is dying.", "He is 70."])
    assert "Keep at most 2 arguments from one letter (you ticked 3)" in page_text(response)
    assert not Argument.objects.filter(case=case).exists()


def test_keeping_past_the_cases_limit_adds_nothing_and_says_how_many_fit(intake_client, case, settings):
    settings.MAX_ARGUMENTS_PER_CASE = 4
    for n in range(3):
        make_argument(case, text=f"Reason {n}.", order=n)
    response = _keep(intake_client, case, ["He is ill.", "His mother is dying."])
    assert "at most 4 arguments and this one has 3; add at most 1 more" in page_text(response)
    assert case.arguments.count() == 3


def test_three_keeps_cannot_pass_the_cases_limit(intake_client, case, settings):
    # The report: three "keep" posts made 604 arguments.
    texts = [f"Reason {n}: he has cancer." for n in range(settings.MAX_ARGUMENTS_PER_LETTER)]
    for _ in range(3):
        _keep(intake_client, case, texts)
    assert case.arguments.count() <= settings.MAX_ARGUMENTS_PER_CASE


# --- Documents -----------------------------------------------------------------------------------------------


def test_a_document_of_a_case_too_large_is_refused_with_a_clear_page(intake_client, case, settings):
    settings.MAX_DOCUMENT_CHARACTERS = 100
    make_argument(case, text="He has stage IV lung cancer and needs care the prison cannot give. " * 3)
    response = intake_client.get(reverse("analysis:document_preview", args=[case.pk, "triage-memo"]))
    assert response.status_code == 422
    html = response.content.decode()
    assert "too large for its documents" in html and "at most 30 arguments and 100 characters" in html
    assert response["Content-Type"].startswith("text/html")


def test_a_render_that_fails_gets_a_clear_page_not_a_500(intake_client, case, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the renderer fell over")

    renderer, title, suffix = documents.DOCUMENTS["triage-memo"]
    monkeypatch.setitem(documents.DOCUMENTS, "triage-memo", (broken, title, suffix))
    response = intake_client.get(reverse("analysis:document_preview", args=[case.pk, "triage-memo"]))
    assert response.status_code == 503
    assert "could not be produced just now; nothing was changed" in response.content.decode()


def test_approving_a_case_too_large_for_its_documents_is_refused_and_changes_nothing(
    org, intake_user, reviewer, reviewer_client, settings
):
    case = make_case_in_review(org, created_by=intake_user)
    accept_every_argument(case, reviewer)
    settings.MAX_DOCUMENT_CHARACTERS = 10
    response = reviewer_client.post(
        reverse("analysis:approve", args=[case.pk]),
        {"version": case.version, "threshold_acknowledged": "on"},
        follow=True,
    )
    assert any("too large for its documents" in m for m in messages_of(response))
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW
    assert not Revision.objects.filter(case=case).exists()


# --- An argument over its limit ----------------------------------------------------------------------------------


def test_argument_boxes_count_instead_of_cutting_and_the_server_refuses_with_a_message(intake_client, case):
    page = intake_client.get(reverse("intake:case_detail", args=[case.pk])).content.decode()
    box = re.search(r'<textarea name="text"[^>]*>', page).group(0)
    assert " maxlength=" not in box and 'data-maxlength="5000"' in box
    assert 'id="id_text_count"' in page

    url = reverse("intake:argument_create", args=[case.pk])
    text = ("He is very ill. " * 375)[:-1] + "!"  # 6,000 characters
    response = intake_client.post(url, {"text": text, "source": "staff"}, **HTMX)
    html = response.content.decode()
    assert "An argument can be at most 5,000 characters (this one has 6,000)" in html
    assert text in unescape(html)  # the whole text is back in the box, to shorten
    assert not case.arguments.exists()


@pytest.mark.parametrize("line_break", ["\n", "\r\n"], ids=["sent-by-htmx", "sent-by-a-plain-form"])
def test_an_argument_over_the_limit_is_counted_as_the_live_count_counts_it(intake_client, case, line_break):
    # htmx sends a textarea's line breaks as "\n", a plain form post as "\r\n"; the box's live count sees one
    # character for each, and none for the spaces around the text, which are not saved.
    lines = ["He is very ill."] * 400
    url = reverse("intake:argument_create", args=[case.pk])
    response = intake_client.post(url, {"text": line_break.join(lines) + " \n", "source": "staff"}, **HTMX)
    html = unescape(response.content.decode())
    length = len("\n".join(lines))  # 6,399
    assert f"An argument can be at most 5,000 characters (this one has {length:,})." in html
    assert not case.arguments.exists()


def test_every_forms_textarea_reads_line_breaks_as_one_character():
    import inspect

    from django import forms

    from analysis import forms as analysis_forms
    from config.forms import Textarea
    from intake import forms as intake_forms

    checked = 0
    for module in (intake_forms, analysis_forms):
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__):
                continue
            for field_name, field in form_class.base_fields.items():
                if isinstance(field.widget, forms.Textarea):
                    assert isinstance(field.widget, Textarea), (
                        f"{name}.{field_name}: use config.forms.Textarea"
                    )
                    checked += 1
    assert checked >= 8


def test_every_textarea_with_a_limit_counts_instead_of_cutting(reviewer_client, org, intake_user):
    case = make_case_in_review(org, created_by=intake_user)
    pages = [
        reverse("intake:argument_edit", args=[case.pk, case.arguments.first().pk]),
        reverse("analysis:case_review", args=[case.pk]),
    ]
    for url in pages:
        html = reviewer_client.get(url).content.decode()
        for textarea in re.findall(r"<textarea[^>]*>", html):
            assert "maxlength=" not in textarea.replace("data-maxlength=", ""), (url, textarea)
