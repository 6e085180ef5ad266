"""Save the new-case form as a draft with only the client's name, complete it later (issue 13, item 4)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from intake.models import Case, Client
from tests.factories import make_argument
from tests.intake.test_views import case_form_data, edit_form_data, field_errors

pytestmark = pytest.mark.django_db

NAME_ONLY = {"client": "", "client-name": "Nadia Draft", "save_draft": "1"}


def save_draft(client) -> Case:
    response = client.post(reverse("intake:case_create"), NAME_ONLY)
    assert response.status_code == 302
    return Case.objects.get(client__name="Nadia Draft")


def test_a_draft_is_saved_with_only_the_clients_name(intake_client):
    case = save_draft(intake_client)
    assert case.status == Case.Status.DRAFT
    assert (case.client.register_number, case.district, case.docket_number) == ("", "", "")
    assert case.prior_2255_count == 0
    assert case.missing_to_complete == [
        "BOP register number",
        "sentencing district",
        "criminal docket number",
    ]


def test_create_case_without_the_draft_button_still_requires_every_fact(intake_client):
    data = {key: value for key, value in NAME_ONLY.items() if key != "save_draft"}
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 200
    assert "required" in field_errors(response, "id_client-register_number")
    assert "required" in field_errors(response, "id_district")
    assert "required" in field_errors(response, "id_docket_number")
    assert not Case.objects.exists() and not Client.objects.exists()


def test_a_draft_still_refuses_a_malformed_value(intake_client):
    response = intake_client.post(
        reverse("intake:case_create"), {**NAME_ONLY, "client-register_number": "12"}
    )
    assert "12345-678" in field_errors(response, "id_client-register_number")
    assert not Case.objects.exists()


def test_two_drafts_without_register_or_docket_numbers_can_coexist(intake_client):
    save_draft(intake_client)
    response = intake_client.post(reverse("intake:case_create"), {**NAME_ONLY, "client-name": "Second Draft"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_the_case_page_and_lists_mark_an_incomplete_draft(intake_client):
    case = save_draft(intake_client)
    page = intake_client.get(reverse("intake:case_detail", args=[case.pk])).content.decode()
    assert "Incomplete draft." in page
    assert "BOP register number, sentencing district, criminal docket number" in page
    listing = intake_client.get(reverse("intake:case_list")).content.decode()
    assert "status-incomplete" in listing
    home = intake_client.get(reverse("intake:home")).content.decode()
    assert "status-incomplete" in home


def test_a_draft_without_a_district_shows_no_empty_circuit(intake_client):
    case = save_draft(intake_client)
    make_argument(case)  # the issue-exhaustion panel shows once the case has an argument
    page = unescape(intake_client.get(reverse("intake:case_detail", args=[case.pk])).content.decode())
    assert "Cir.)" not in page  # was "Issue exhaustion ( Cir.)" and "( Cir.)" after the district
    assert "<h3>Issue exhaustion (circuit not yet known)</h3>" in page
    assert "<dt>District</dt><dd>not yet known</dd>" in page
    listing = intake_client.get(reverse("intake:case_list")).content.decode()
    district = re.search(r'<td data-label="District">(.*?)</td>', listing, re.S).group(1)
    assert "(" not in district  # was "<span class=\"muted\">()</span>"
    home = intake_client.get(reverse("intake:home")).content.decode()
    assert "No. not yet known</span>" in home  # was "No.  · "


def test_triage_and_submit_refuse_an_incomplete_case_with_a_clear_message(intake_client):
    case = save_draft(intake_client)
    make_argument(case)
    response = intake_client.post(reverse("analysis:run_triage", args=[case.pk]), follow=True)
    assert "incomplete draft. Before you run triage, edit the case and add: BOP register number" in (
        response.content.decode()
    )
    assert not case.arguments.filter(assessment__isnull=False).exists()
    response = intake_client.post(
        reverse("analysis:submit_for_review", args=[case.pk]), {"version": case.version}, follow=True
    )
    assert "Before you submit it for review, edit the case and add" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_completing_the_draft_on_the_edit_page_clears_the_mark(intake_client):
    case = save_draft(intake_client)
    page = intake_client.get(reverse("intake:case_edit", args=[case.pk])).content.decode()
    assert "Save as draft" in page
    data = edit_form_data(case)
    data.update(
        {
            key: value
            for key, value in case_form_data().items()
            if key in ("client-register_number", "district", "docket_number", "prior_2255_count")
        }
    )
    response = intake_client.post(reverse("intake:case_edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_complete
    page = intake_client.get(reverse("intake:case_detail", args=[case.pk])).content.decode()
    assert "Incomplete draft." not in page


def test_saving_an_incomplete_case_without_the_draft_button_asks_for_the_missing_facts(intake_client):
    case = save_draft(intake_client)
    response = intake_client.post(reverse("intake:case_edit", args=[case.pk]), edit_form_data(case))
    assert response.status_code == 200
    assert "required" in field_errors(response, "id_docket_number")
