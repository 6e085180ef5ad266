"""Values that contradict each other are refused with a message that says what to fix (issue 13, item 5)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake.models import Case, Client, WardenRequest
from tests.factories import make_case, make_client, make_warden_request
from tests.intake.test_views import case_form_data, edit_form_data, field_errors

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_current_sentence_longer_than_imposed_is_refused_on_the_new_case_page(intake_client):
    data = case_form_data(
        sentence_months="240", current_sentence_months="360", sentence_reduced_on="2016-10-01"
    )
    response = intake_client.post(reverse("intake:case_create"), data)
    message = field_errors(response, "id_current_sentence_months")
    assert "current sentence (360 months) is longer than the sentence imposed (240 months)" in message
    assert "note on the sentence" in message
    assert not Case.objects.exists() and not Client.objects.exists()


def test_current_sentence_longer_than_imposed_is_accepted_when_a_note_explains(intake_client):
    data = case_form_data(
        sentence_months="240",
        current_sentence_months="360",
        sentence_reduced_on="2016-10-01",
        sentence_note="Resentenced after a successful appeal by the government.",
    )
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 302
    assert Case.objects.get().current_sentence_months == 360


@pytest.mark.parametrize(
    "field",
    ["sentence_date", "judgment_final_date", "sentence_reduced_on", "last_2255_date", "motion_filed_on"],
)
def test_a_case_date_before_1900_is_refused(org, field):
    case = make_case(org)
    setattr(case, field, date(1, 1, 1))
    if field == "last_2255_date":
        case.prior_2255_count = 1
    message = " ".join(errors_of(case)[field])
    assert "0001-01-01" in message and "before 1900" in message


def test_sentence_date_of_0001_01_01_is_refused_on_the_form(intake_client):
    response = intake_client.post(reverse("intake:case_create"), case_form_data(sentence_date="0001-01-01"))
    assert "before 1900" in field_errors(response, "id_sentence_date")
    assert not Case.objects.exists()


def test_client_dates_before_1900_are_refused(org):
    client = Client(
        organisation=org,
        name="Ann Example",
        register_number="12345-678",
        date_of_birth=date(1, 1, 1),
        projected_release_date=date(1899, 12, 31),
    )
    errors = errors_of(client)
    assert "before 1900" in " ".join(errors["date_of_birth"])
    assert "before 1900" in " ".join(errors["projected_release_date"])


def test_projected_release_may_lie_ahead_but_not_before_birth(org):
    client = Client(
        organisation=org,
        name="Ann Example",
        register_number="12345-678",
        date_of_birth=date(1970, 5, 1),
        projected_release_date=date(1960, 1, 1),
    )
    assert "before the date of birth" in " ".join(errors_of(client)["projected_release_date"])
    client.projected_release_date = date(2040, 1, 1)
    client.full_clean()


def test_sentence_before_the_client_was_born_is_refused(org):
    case = make_case(org, client=make_client(org, date_of_birth=date(1990, 1, 1)))
    case.sentence_date = date(1985, 1, 1)
    case.judgment_final_date = None
    case.sentence_reduced_on = None
    assert "before the client's date of birth" in " ".join(errors_of(case)["sentence_date"])


SENTENCE_BEFORE_BIRTH = "The sentence date is before the client's date of birth; check both dates."
# Three errors that have nothing to do with the dates.
OTHER_ERRORS = {"client-register_number": "12", "docket_number": "abc", "district": ""}


def test_a_sentence_before_birth_is_reported_with_the_other_errors_on_the_new_case_page(intake_client):
    data = case_form_data(
        **{"client-date_of_birth": "2016-01-01", "sentence_date": "2014-01-01"}, **OTHER_ERRORS
    )
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 200
    assert field_errors(response, "id_sentence_date").strip() == SENTENCE_BEFORE_BIRTH
    for field_id in ("id_client-register_number", "id_docket_number", "id_district"):
        assert field_errors(response, field_id)
    assert not Case.objects.exists() and not Client.objects.exists()


def test_a_sentence_before_an_existing_clients_birth_is_reported_with_the_other_errors(org, intake_client):
    client = make_client(org, date_of_birth=date(2016, 1, 1))
    data = case_form_data(client=str(client.pk), sentence_date="2014-01-01", docket_number="abc")
    response = intake_client.post(reverse("intake:case_create"), data)
    assert field_errors(response, "id_sentence_date").strip() == SENTENCE_BEFORE_BIRTH
    assert field_errors(response, "id_docket_number")
    assert not Case.objects.exists()


def test_a_birth_date_moved_after_the_sentence_is_reported_with_the_other_errors_on_the_edit_page(
    org, intake_user, intake_client
):
    case = make_case(org, created_by=intake_user, sentence_date=date(2014, 1, 1))
    data = edit_form_data(case, **{"client-date_of_birth": "2016-01-01", "docket_number": "abc"})
    response = intake_client.post(reverse("intake:case_edit", args=[case.pk]), data)
    assert field_errors(response, "id_sentence_date").strip() == SENTENCE_BEFORE_BIRTH
    assert field_errors(response, "id_docket_number")
    case.client.refresh_from_db()
    assert case.client.date_of_birth is None


def test_last_2255_and_the_motion_cannot_come_before_the_sentence(org):
    case = make_case(org, sentence_date=date(2010, 5, 1))
    case.prior_2255_count = 1
    case.last_2255_date = date(2009, 1, 1)
    case.motion_filed_on = date(2009, 2, 1)
    errors = errors_of(case)
    assert "before the sentence was imposed" in " ".join(errors["last_2255_date"])
    assert "before the sentence was imposed" in " ".join(errors["motion_filed_on"])


def test_a_current_sentence_needs_the_sentence_imposed_and_a_reduction_date_needs_a_current_sentence(org):
    case = make_case(org, sentence_date=date(2010, 5, 1))
    case.sentence_months = None
    case.current_sentence_months = 120
    assert "Give the sentence imposed" in " ".join(errors_of(case)["sentence_months"])
    case.sentence_months = 240
    case.current_sentence_months = None
    case.sentence_reduced_on = date(2016, 1, 1)
    assert "Give the current sentence after the reduction dated 2016-01-01" in " ".join(
        errors_of(case)["current_sentence_months"]
    )


def test_warden_request_dates_out_of_order_are_refused(org):
    case = make_case(org, sentence_date=date(2010, 5, 1))
    request = make_warden_request(case)
    request.response = WardenRequest.Response.NO_RESPONSE
    request.response_on = request.submitted_on
    assert "no response has no response date" in " ".join(errors_of(request)["response"])
    request.response = WardenRequest.Response.DENIED
    request.bp10_filed_on = request.submitted_on
    request.bp11_filed_on = request.submitted_on
    request.appeals_exhausted_on = None
    request.full_clean()
    request.appeals_exhausted_on = date(1, 1, 1)
    errors = errors_of(request)
    assert "before 1900" in " ".join(errors["appeals_exhausted_on"])
    assert "after the BP-11 appeal" in " ".join(errors["appeals_exhausted_on"])
