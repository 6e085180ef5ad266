"""Model validation and normalisation: every bad-input rule of the intake data, and the constraints behind it."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from intake.districts import DISTRICTS, circuit_for
from intake.forms import ClientForm
from intake.models import Argument, Case, Client, User, WardenRequest
from tests.factories import make_argument, make_case, make_client, make_user, make_warden_request

SENTENCED = date(2015, 3, 2)  # make_case's default sentence date


def errors_of(instance) -> dict[str, list[str]]:
    """Run full_clean and return its message dict (empty when the instance is valid)."""
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


# --- Client: BOP register number ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["12345678", "12345 678", "12345-678"])
def test_register_number_is_normalised_to_five_digits_dash_three(org, raw):
    client = Client(organisation=org, name="Ann Example", register_number=raw)
    client.full_clean()
    assert client.register_number == "12345-678"


def test_register_number_typed_into_the_form_with_spaces_around_it_is_normalised(org):
    form = ClientForm(
        data={"name": "Ann Example", "register_number": "  12345 678 "}, instance=Client(organisation=org)
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["register_number"] == "12345-678"


@pytest.mark.parametrize("raw", ["1234-5678", "123456789", "1234567", "ABCDE-123", "12345_678", "12-345-678"])
def test_malformed_register_number_is_refused_with_a_message_that_gives_the_format(org, raw):
    errors = errors_of(Client(organisation=org, name="Ann Example", register_number=raw))
    assert "register_number" in errors
    assert any("12345-678" in message for message in errors["register_number"])


def test_normalised_register_number_is_stored_after_save(org):
    client = make_client(org, register_number="45821424")
    client.refresh_from_db()
    assert client.register_number == "45821-424"


def test_register_number_written_two_ways_is_the_same_client_and_is_refused_the_second_time(org):
    make_client(org, register_number="45821-424")
    errors = errors_of(Client(organisation=org, name="Someone Else", register_number="45821 424"))
    assert "already exists" in " ".join(sum(errors.values(), []))


def test_same_register_number_is_allowed_in_another_organisation(org, other_org):
    make_client(org, register_number="45821-424")
    make_client(other_org, register_number="45821-424")
    assert Client.objects.filter(register_number="45821-424").count() == 2


def test_date_of_birth_in_the_future_is_refused(org):
    errors = errors_of(
        Client(organisation=org, name="A", register_number="12345-678", date_of_birth=tomorrow())
    )
    assert errors["date_of_birth"] == ["The date of birth cannot be in the future."]


# --- Case: docket number, sentence dates, circuit -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("3:04-cr-00013", "3:04-cr-00013"),
        ("1:12-CR-00417", "1:12-cr-00417"),
        (" 2:09-cr-20371 ", "2:09-cr-20371"),
        ("04-cr-13", "04-cr-13"),
        ("1:18-cr-00095-TWT-1", "1:18-cr-00095-TWT-1"),
    ],
)
def test_docket_number_in_criminal_format_is_accepted_with_a_lower_case_cr(org, raw, stored):
    case = make_case(org, docket_number=raw)
    case.refresh_from_db()
    assert case.docket_number == stored


@pytest.mark.parametrize("raw", ["3:04-cv-00013", "00013", "3:04cr00013", "three-cr-13", "3:04-cr-"])
def test_docket_number_not_in_criminal_format_is_refused_with_an_example(org, raw):
    case = Case(organisation=org, client=make_client(org), district="vaed", docket_number=raw)
    errors = errors_of(case)
    assert "docket_number" in errors
    assert any("3:04-cr-00013" in message for message in errors["docket_number"])


def test_judgment_cannot_become_final_before_the_sentence_was_imposed(org):
    case = Case(
        organisation=org,
        client=make_client(org),
        district="vaed",
        docket_number="3:04-cr-00013",
        sentence_date=date(2005, 2, 1),
        judgment_final_date=date(2005, 1, 31),
    )
    errors = errors_of(case)
    # Shown next to the date the user got wrong, not only at the top of the form.
    assert "judgment_final_date" in errors
    assert "before the sentence" in " ".join(errors["judgment_final_date"])


def test_judgment_final_on_the_day_of_sentence_is_accepted(org):
    case = make_case(org, sentence_date=date(2005, 2, 1), judgment_final_date=date(2005, 2, 1))
    assert case.pk


def test_sentence_reduction_before_the_sentence_is_refused_next_to_the_reduction_date(org):
    case = Case(
        organisation=org,
        client=make_client(org),
        district="vaed",
        docket_number="3:04-cr-00013",
        sentence_date=date(2005, 2, 1),
        sentence_reduced_on=date(2004, 10, 1),
    )
    assert "sentence_reduced_on" in errors_of(case)


def test_last_2255_date_without_any_prior_motion_is_refused(org):
    case = Case(
        organisation=org,
        client=make_client(org),
        district="vaed",
        docket_number="3:04-cr-00013",
        prior_2255_count=0,
        last_2255_date=date(2010, 1, 5),
    )
    assert "last_2255_date" in errors_of(case)


@pytest.mark.parametrize(
    "field",
    ["sentence_date", "sentence_reduced_on", "judgment_final_date", "last_2255_date", "motion_filed_on"],
)
def test_case_dates_in_the_future_are_refused(org, field):
    case = Case(
        organisation=org,
        client=make_client(org),
        district="vaed",
        docket_number="3:04-cr-00013",
        prior_2255_count=1,
        **{field: tomorrow()},
    )
    errors = errors_of(case)
    assert field in errors
    assert "cannot be in the future" in " ".join(errors[field])


def test_unknown_district_is_refused(org):
    case = Case(organisation=org, client=make_client(org), district="zzzd", docket_number="3:04-cr-00013")
    assert "district" in errors_of(case)


def test_case_cannot_use_a_client_of_another_organisation(org, other_org):
    case = Case(
        organisation=org, client=make_client(other_org), district="vaed", docket_number="3:04-cr-00013"
    )
    assert "client" in errors_of(case)


def test_case_cannot_be_assigned_to_someone_of_another_organisation(org, outsider):
    case = Case(
        organisation=org,
        client=make_client(org),
        district="vaed",
        docket_number="3:04-cr-00013",
        assigned_to=outsider,
    )
    assert "assigned_to" in errors_of(case)


@pytest.mark.parametrize(
    ("district", "circuit"),
    [
        ("vaed", "4th"),
        ("ilnd", "7th"),
        ("dcd", "DC"),
        ("prd", "1st"),
        ("txsd", "5th"),
        ("gand", "11th"),
        ("vid", "3rd"),
    ],
)
def test_circuit_is_derived_from_the_sentencing_district(org, district, circuit):
    case = make_case(org, district=district)
    assert case.circuit == circuit
    assert circuit_for(district) == circuit


def test_district_table_has_all_94_federal_judicial_districts_once_each():
    codes = [district.code for district in DISTRICTS]
    assert len(codes) == 94
    assert len(set(codes)) == 94


def test_every_circuit_first_to_eleventh_and_dc_has_its_districts():
    per_circuit = Counter(district.circuit for district in DISTRICTS)
    # 28 U.S.C. § 41 and the district statutes: how many districts sit in each circuit.
    assert per_circuit == {
        "1st": 5,
        "2nd": 6,
        "3rd": 6,
        "4th": 9,
        "5th": 9,
        "6th": 9,
        "7th": 7,
        "8th": 10,
        "9th": 15,
        "10th": 8,
        "11th": 9,
        "DC": 1,
    }


def test_case_district_field_offers_exactly_the_94_districts():
    assert len(Case._meta.get_field("district").choices) == 94


# --- Warden request: dates in order ----------------------------------------------------------------------


def warden_request(case, **fields) -> WardenRequest:
    return WardenRequest(case=case, **{"submitted_on": date(2020, 5, 15), **fields})


def test_warden_cannot_receive_the_request_before_it_was_submitted(case):
    errors = errors_of(warden_request(case, received_on=date(2020, 5, 14)))
    assert errors["received_on"] == ["The warden cannot receive the request before it was submitted."]


def test_receipt_on_the_day_of_submission_is_accepted(case):
    assert errors_of(warden_request(case, received_on=date(2020, 5, 15))) == {}


def test_response_cannot_come_before_the_warden_received_the_request(case):
    errors = errors_of(
        warden_request(case, received_on=date(2020, 5, 20), response="denied", response_on=date(2020, 5, 18))
    )
    assert "response_on" in errors
    assert "before the warden received" in " ".join(errors["response_on"])


def test_response_cannot_come_before_submission_when_receipt_is_unknown(case):
    errors = errors_of(warden_request(case, response="denied", response_on=date(2020, 5, 1)))
    assert "response_on" in errors


def test_response_on_the_day_of_receipt_is_accepted(case):
    fields = {"received_on": date(2020, 5, 20), "response": "denied", "response_on": date(2020, 5, 20)}
    assert errors_of(warden_request(case, **fields)) == {}


def test_a_denial_needs_the_date_of_the_response(case):
    assert "response_on" in errors_of(warden_request(case, response="denied"))


def test_a_pending_request_has_no_response_date(case):
    assert "response" in errors_of(warden_request(case, response="pending", response_on=date(2020, 5, 20)))


@pytest.mark.parametrize(
    "field",
    ["submitted_on", "received_on", "response_on", "bp10_filed_on", "bp11_filed_on", "appeals_exhausted_on"],
)
def test_warden_request_dates_in_the_future_are_refused(case, field):
    fields = {field: tomorrow()}
    if field == "submitted_on":
        fields = {"submitted_on": tomorrow()}
    errors = errors_of(warden_request(case, **fields))
    assert field in errors
    assert any("cannot be in the future" in message for message in errors[field])


def test_warden_request_must_come_after_the_sentence_was_imposed(case):
    errors = errors_of(warden_request(case, submitted_on=SENTENCED - timedelta(days=30)))
    assert errors["submitted_on"] == ["The request to the warden must come after the sentence was imposed."]


def test_warden_request_on_the_day_of_sentence_is_refused(case):
    assert "submitted_on" in errors_of(warden_request(case, submitted_on=SENTENCED))


def test_bp11_appeal_must_follow_the_bp10_appeal(case):
    fields = {
        "response": "denied",
        "response_on": date(2020, 5, 26),
        "bp10_filed_on": date(2020, 6, 10),
        "bp11_filed_on": date(2020, 6, 1),
    }
    errors = errors_of(warden_request(case, **fields))
    assert errors["bp11_filed_on"] == ["The BP-11 appeal follows the BP-10 appeal."]


def test_bp11_appeal_without_a_bp10_appeal_is_refused(case):
    assert "bp11_filed_on" in errors_of(warden_request(case, bp11_filed_on=date(2020, 7, 1)))


def test_bp10_appeal_must_follow_the_wardens_response(case):
    fields = {"response": "denied", "response_on": date(2020, 5, 26), "bp10_filed_on": date(2020, 5, 20)}
    assert "bp10_filed_on" in errors_of(warden_request(case, **fields))


def test_a_complete_warden_request_in_order_is_accepted(case):
    fields = {
        "received_on": date(2020, 5, 18),
        "response": "denied",
        "response_on": date(2020, 5, 26),
        "bp10_filed_on": date(2020, 6, 3),
        "bp11_filed_on": date(2020, 7, 9),
        "appeals_exhausted_on": date(2020, 8, 20),
    }
    assert errors_of(warden_request(case, **fields)) == {}


# --- Argument: text -------------------------------------------------------------------------------------


def test_argument_longer_than_5000_characters_is_refused_with_a_message_that_states_the_limit(case):
    errors = errors_of(Argument(case=case, text="x" * 5001))
    assert "text" in errors
    message = " ".join(errors["text"])
    assert "5,000" in message
    assert "5001" in message or "5,001" in message


def test_argument_of_exactly_5000_characters_is_accepted(case):
    argument = make_argument(case, text="x" * 5000)
    argument.refresh_from_db()
    assert len(argument.text) == 5000


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_blank_argument_is_refused(case, text):
    assert "text" in errors_of(Argument(case=case, text=text))


def test_argument_of_only_spaces_is_refused_with_a_message_that_asks_for_the_argument(case):
    assert errors_of(Argument(case=case, text="   ")) == {"text": ["Write the argument before saving it."]}


def test_argument_source_must_be_one_of_the_choices(case):
    assert "source" in errors_of(Argument(case=case, text="He is ill.", source="rumour"))


# --- The database backs the model rules ----------------------------------------------------------------


def saving_is_refused_by_the_database(instance) -> bool:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        return True
    return False


def test_database_refuses_a_malformed_register_number_saved_without_clean(org):
    assert saving_is_refused_by_the_database(Client(organisation=org, name="A", register_number="12345678"))
    assert not Client.objects.exists()


def test_database_refuses_a_duplicate_register_number_in_one_organisation(org):
    make_client(org, register_number="12345-678")
    assert saving_is_refused_by_the_database(Client(organisation=org, name="B", register_number="12345-678"))


def test_database_refuses_a_warden_request_received_before_it_was_submitted(case):
    instance = WardenRequest(case=case, submitted_on=date(2020, 5, 15), received_on=date(2020, 5, 1))
    assert saving_is_refused_by_the_database(instance)


def test_database_refuses_a_warden_response_before_the_request_was_submitted(case):
    instance = WardenRequest(
        case=case, submitted_on=date(2020, 5, 15), response="denied", response_on=date(2020, 5, 1)
    )
    assert saving_is_refused_by_the_database(instance)


def test_database_refuses_a_judgment_final_before_the_sentence(org):
    case = make_case(org, sentence_date=date(2005, 2, 1))
    case.judgment_final_date = date(2005, 1, 1)
    assert saving_is_refused_by_the_database(case)
    case.refresh_from_db()
    assert case.judgment_final_date is None


def test_database_refuses_a_last_2255_date_without_a_prior_motion(org):
    case = make_case(org)
    case.last_2255_date = date(2012, 1, 1)
    assert saving_is_refused_by_the_database(case)


def test_database_refuses_a_staff_member_without_an_organisation(db):
    assert saving_is_refused_by_the_database(User(username="floating", role="intake"))


def test_a_superuser_may_exist_without_an_organisation(db):
    user = User.objects.create_superuser("root", password="not-used-here-0")
    assert user.organisation is None


def test_a_valid_warden_request_saves_and_reads_back(case):
    saved = make_warden_request(case, received_on=date(2020, 5, 18))
    assert WardenRequest.objects.get(case=case).received_on == date(2020, 5, 18)
    assert saved.case.warden_request == saved


def test_staff_member_factory_makes_a_member_of_the_organisation(org):
    user = make_user(org, "zed", role="reviewer")
    assert user.organisation == org
    assert user.is_reviewer and user.can_edit_intake and not user.is_org_admin
