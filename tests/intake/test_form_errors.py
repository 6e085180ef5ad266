"""The error summary at the top of every form page (issue 13, item 3)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from intake.models import Case, Client, WardenRequest
from tests.factories import make_case
from tests.intake.test_views import case_form_data, edit_form_data, field_errors, warden_form_data

HTMX = {"HTTP_HX_REQUEST": "true"}


def summary(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="form-errors"[^>]*data-error-summary>(.*?)</div>', html, re.S)
    assert match, "no error summary on the page"
    assert 'role="alert"' in match.group(0)
    return match.group(1)


def links(summary_html: str) -> dict[str, str]:
    """Each link in the summary: the id it jumps to, and its text."""
    return {
        target: unescape(re.sub(r"<[^>]+>", "", text))
        for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary_html, re.S)
    }


@pytest.mark.django_db
def test_invalid_new_case_shows_a_summary_linking_to_each_field_with_an_error(intake_client):
    data = case_form_data(**{"client-register_number": "12", "docket_number": "abc", "district": ""})
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 200
    body = summary(response)
    assert "There is a problem" in body
    targets = links(body)
    assert set(targets) == {"id_client-register_number", "id_district", "id_docket_number"}
    assert "12345-678" in targets["id_client-register_number"]
    assert "3:04-cr-00013" in targets["id_docket_number"]
    # Every link goes to an input that is on the page.
    html = response.content.decode()
    for target in targets:
        assert f'id="{target}"' in html
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_register_number_and_docket_messages_are_shown_once_each(intake_client):
    data = case_form_data(**{"client-register_number": "12", "docket_number": "abc"})
    html = intake_client.post(reverse("intake:case_create"), data).content.decode()
    # Once next to the field and once in the summary: never twice under the field.
    assert html.count("A BOP register number has eight digits, written 12345-678.") == 2
    assert html.count("Enter the criminal docket number as on the judgment, for example 3:04-cr-00013.") == 2
    field_lists = re.findall(
        r'<ul class="errorlist" id="id_(?:client-register_number|docket_number)_error">(.*?)</ul>', html, re.S
    )
    assert [items.count("<li>") for items in field_lists] == [1, 1]


@pytest.mark.django_db
def test_valid_form_page_has_no_summary(intake_client):
    html = intake_client.get(reverse("intake:case_create")).content.decode()
    assert "data-error-summary" not in html


@pytest.mark.django_db
def test_invalid_case_edit_and_warden_request_show_the_summary(intake_client, org, intake_user):
    case = make_case(org, created_by=intake_user)
    response = intake_client.post(
        reverse("intake:case_edit", args=[case.pk]), edit_form_data(case, **{"client-name": ""})
    )
    assert "id_client-name" in links(summary(response))
    response = intake_client.post(reverse("intake:warden_request_edit", args=[case.pk]), {"submitted_on": ""})
    assert "id_submitted_on" in links(summary(response))
    assert Case.objects.get(pk=case.pk).client.name == case.client.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        # As reported: the receipt date is wrong too, which used to leave this one without a field.
        (
            {"submitted_on": "2020-06-01", "received_on": "2020-05-20", "response_on": "2020-05-25"},
            "response_on",
            "The warden's response cannot come before the request was submitted.",
        ),
        (
            {"submitted_on": "2020-06-01", "response_on": "2020-05-25"},
            "response_on",
            "The warden's response cannot come before the request was submitted.",
        ),
        (
            {"received_on": "2020-05-20", "response_on": "2020-05-18"},
            "response_on",
            "The response cannot come before the warden received the request.",
        ),
        (
            {"submitted_on": "2020-06-01", "received_on": "2020-05-20"},
            "received_on",
            "before it was submitted",
        ),
        ({"bp10_filed_on": "2020-05-20"}, "bp10_filed_on", "follows the warden's response"),
        (
            {"bp10_filed_on": "2020-06-10", "bp11_filed_on": "2020-06-01"},
            "bp11_filed_on",
            "follows the BP-10",
        ),
        (
            {
                "bp10_filed_on": "2020-06-10",
                "bp11_filed_on": "2020-07-01",
                "appeals_exhausted_on": "2020-06-20",
            },
            "appeals_exhausted_on",
            "after the BP-11 appeal was filed",
        ),
        ({"appeals_exhausted_on": "2020-05-01"}, "appeals_exhausted_on", "before the request was submitted"),
    ],
)
def test_warden_request_dates_out_of_order_are_linked_from_the_summary_to_the_later_date(
    intake_client, org, intake_user, dates, field, message
):
    case = make_case(org, created_by=intake_user)
    response = intake_client.post(
        reverse("intake:warden_request_edit", args=[case.pk]), warden_form_data(**dates)
    )
    body = summary(response)
    # Every error is listed with the field to fix: none is left without a link.
    assert all(item.startswith("<a ") for item in re.findall(r"<li>(.*?)</li>", body, re.S))
    assert message in links(body)[f"id_{field}"]
    assert message in field_errors(response, f"id_{field}")
    assert not WardenRequest.objects.exists()


@pytest.mark.django_db
def test_invalid_argument_over_htmx_returns_the_summary_in_the_partial(intake_client, org, intake_user):
    case = make_case(org, created_by=intake_user)
    response = intake_client.post(
        reverse("intake:argument_create", args=[case.pk]), {"text": "   ", "source": "staff"}, **HTMX
    )
    assert "<html" not in response.content.decode()
    assert "Write the argument before saving it." in links(summary(response))["id_text"]


@pytest.mark.django_db
def test_sign_in_error_without_a_field_is_listed_without_a_link(client, intake_user):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    body = summary(response)
    assert "<a " not in body
    assert "<li>" in body
