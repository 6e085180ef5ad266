"""Intake pages: create and edit cases, record the warden request, manage arguments (with and without htmx),
frozen cases, and the organisation admin's staff page."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from intake.models import Argument, Case, Client, User, WardenRequest
from tests.factories import make_argument, make_case, make_client, make_user, make_warden_request

HTMX = {"HTTP_HX_REQUEST": "true"}


def field_errors(response, field_id: str) -> str:
    """The error list rendered with the field whose input has id ``field_id`` ("" when it has none)."""
    html = response.content.decode()
    match = re.search(rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', html, re.S)
    if not match:
        return ""
    # The list must belong to that field's group: it sits between the field's label and its input.
    group = re.search(
        rf'<label for="{re.escape(field_id)}".*?<(?:input|select|textarea)[^>]*id="{re.escape(field_id)}"',
        html,
        re.S,
    )
    assert group and match.group(0) in group.group(0), f"errors for {field_id} are not next to the field"
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


def case_form_data(**overrides) -> dict[str, str]:
    data = {
        "client": "",
        "client-name": "Dwayne Ferguson",
        "client-register_number": "31234083",
        "client-date_of_birth": "",
        "client-facility": "FCI Butner",
        "client-projected_release_date": "",
        "district": "vaed",
        "docket_number": "3:04-cr-00013",
        "offenses": "Drug and firearm offenses.",
        "sentence_months": "765",
        "sentence_date": "2005-02-01",
        "current_sentence_months": "622",
        "sentence_reduced_on": "2016-10-01",
        "judgment_final_date": "",
        "prior_2255_count": "2",
        "last_2255_date": "",
        "motion_filed_on": "",
        "assigned_to": "",
    }
    data.update(overrides)
    return data


def edit_form_data(case: Case, **overrides) -> dict[str, str]:
    """What the edit page posts back for ``case`` unchanged, with ``overrides`` applied."""

    def text(value) -> str:
        return "" if value is None else str(value)

    client = case.client
    data = {
        "client-name": client.name,
        "client-register_number": client.register_number,
        "client-date_of_birth": text(client.date_of_birth),
        "client-facility": client.facility,
        "client-projected_release_date": text(client.projected_release_date),
        "district": case.district,
        "docket_number": case.docket_number,
        "offenses": case.offenses,
        "sentence_months": text(case.sentence_months),
        "sentence_date": text(case.sentence_date),
        "current_sentence_months": text(case.current_sentence_months),
        "sentence_reduced_on": text(case.sentence_reduced_on),
        "judgment_final_date": text(case.judgment_final_date),
        "prior_2255_count": text(case.prior_2255_count),
        "last_2255_date": text(case.last_2255_date),
        "motion_filed_on": text(case.motion_filed_on),
        "assigned_to": text(case.assigned_to_id),
    }
    data.update(overrides)
    return data


def warden_form_data(**overrides) -> dict[str, str]:
    data = {
        "submitted_on": "2020-05-15",
        "received_on": "",
        "grounds": "Asthma and high blood pressure; COVID-19 risk.",
        "response": "denied",
        "response_on": "2020-05-26",
        "bp10_filed_on": "",
        "bp11_filed_on": "",
        "appeals_exhausted_on": "",
    }
    data.update(overrides)
    return data


def counts() -> tuple[int, ...]:
    return (
        Client.objects.count(),
        Case.objects.count(),
        WardenRequest.objects.count(),
        Argument.objects.count(),
        Client.history.count(),
        Case.history.count(),
    )


def texts(case: Case) -> list[str]:
    return list(case.arguments.order_by("order", "pk").values_list("text", flat=True))


@pytest.fixture
def three_arguments(case):
    return [make_argument(case, text=text) for text in ("First reason.", "Second reason.", "Third reason.")]


# --- Creating a case ------------------------------------------------------------------------------------


def test_intake_user_creates_a_case_for_a_new_client(intake_client, intake_user):
    response = intake_client.post(reverse("intake:case_create"), case_form_data())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:case_detail", args=[case.pk])
    assert case.client.name == "Dwayne Ferguson"
    assert case.client.register_number == "31234-083"
    assert case.client.organisation == intake_user.organisation == case.organisation
    assert (case.sentence_months, case.current_sentence_months, case.prior_2255_count) == (765, 622, 2)
    assert case.created_by == intake_user
    assert case.assigned_to == intake_user  # unassigned cases go to whoever opened them
    assert case.status == Case.Status.DRAFT


def test_case_page_shows_the_new_case(intake_client):
    response = intake_client.post(reverse("intake:case_create"), case_form_data(), follow=True)
    content = response.content.decode()
    assert "Dwayne Ferguson" in content
    assert "31234-083" in content
    assert "Eastern District of Virginia (4th Cir.)" in content


def test_intake_user_creates_a_case_for_an_existing_client(intake_client, org):
    existing = make_client(org, name="Marcus Hale", register_number="45821-424")
    make_case(org, client=existing, docket_number="1:12-cr-00417")
    data = case_form_data(
        **{
            "client": str(existing.pk),
            "client-name": "",
            "client-register_number": "",
            "docket_number": "1:19-cr-00001",
        }
    )
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 302
    assert Client.objects.count() == 1
    assert existing.cases.count() == 2


def test_invalid_case_submit_changes_nothing_and_shows_each_error_next_to_its_field(intake_client):
    before = counts()
    data = case_form_data(**{"client-register_number": "1234-5678", "docket_number": "3:04-cv-00013"})
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 200
    assert counts() == before
    assert "12345-678" in field_errors(response, "id_client-register_number")
    assert "3:04-cr-00013" in field_errors(response, "id_docket_number")
    assert field_errors(response, "id_district") == ""


def test_case_with_dates_out_of_order_is_refused_next_to_the_date_and_no_client_is_created(intake_client):
    before = counts()
    data = case_form_data(sentence_date="2005-02-01", judgment_final_date="2005-01-15")
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 200
    assert counts() == before
    assert "before the sentence" in field_errors(response, "id_judgment_final_date")


def test_a_second_case_with_the_same_docket_for_the_same_client_is_refused(intake_client, org):
    existing = make_client(org)
    make_case(org, client=existing, docket_number="3:04-cr-00013")
    before = counts()
    data = case_form_data(**{"client": str(existing.pk), "client-name": "", "client-register_number": ""})
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 200
    assert counts() == before
    assert "already has a case with this docket number" in unescape(response.content.decode())


def test_new_client_with_a_register_number_already_on_file_is_refused(intake_client, org):
    make_client(org, register_number="31234-083")
    before = counts()
    response = intake_client.post(reverse("intake:case_create"), case_form_data())
    assert counts() == before
    assert "already exists" in field_errors(response, "id_client-register_number")


def test_case_cannot_be_assigned_to_someone_of_another_organisation(intake_client, outsider):
    before = counts()
    response = intake_client.post(reverse("intake:case_create"), case_form_data(assigned_to=str(outsider.pk)))
    assert counts() == before
    assert field_errors(response, "id_assigned_to")


def test_client_of_another_organisation_cannot_be_chosen(intake_client, other_org):
    foreign = make_client(other_org)
    before = counts()
    response = intake_client.post(reverse("intake:case_create"), case_form_data(client=str(foreign.pk)))
    assert response.status_code == 200
    assert counts() == before


# --- Editing a case and recording the warden request -----------------------------------------------------


def test_intake_user_edits_the_case_and_its_client(intake_client, case):
    data = edit_form_data(case, **{"docket_number": "3:04-CR-00099", "client-facility": "FCI Petersburg"})
    response = intake_client.post(reverse("intake:case_edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.docket_number == "3:04-cr-00099"
    assert case.client.facility == "FCI Petersburg"


def test_invalid_case_edit_changes_nothing(intake_client, case):
    before = Case.objects.filter(pk=case.pk).values().get()
    data = edit_form_data(case, sentence_date="2015-03-02", sentence_reduced_on="2014-01-01")
    response = intake_client.post(reverse("intake:case_edit", args=[case.pk]), data)
    assert response.status_code == 200
    assert field_errors(response, "id_sentence_reduced_on")
    assert Case.objects.filter(pk=case.pk).values().get() == before


def test_intake_user_records_the_warden_request(intake_client, case):
    response = intake_client.post(reverse("intake:warden_request_edit", args=[case.pk]), warden_form_data())
    assert response.status_code == 302
    warden_request = WardenRequest.objects.get(case=case)
    assert (warden_request.submitted_on, warden_request.response, warden_request.response_on) == (
        date(2020, 5, 15),
        "denied",
        date(2020, 5, 26),
    )


def test_the_warden_request_page_states_the_terminal_illness_deadline_from_the_rule_pack(
    intake_client, case, monkeypatch
):
    # 18 U.S.C. § 3582(d) is law: its day count is the law text's constant, not a string in the model.
    from analysis.engine import current_rule_pack

    monkeypatch.setitem(current_rule_pack().law.constants, "terminal_days", 10)
    html = unescape(intake_client.get(reverse("intake:warden_request_edit", args=[case.pk])).content.decode())
    assert "BOP must process the request within 10 days of receiving it (18 U.S.C. § 3582(d))" in html
    assert "14 days" not in html


def test_warden_request_with_receipt_before_submission_is_refused_and_nothing_is_saved(intake_client, case):
    data = warden_form_data(received_on="2020-05-10")
    response = intake_client.post(reverse("intake:warden_request_edit", args=[case.pk]), data)
    assert response.status_code == 200
    assert "before it was submitted" in field_errors(response, "id_received_on")
    assert not WardenRequest.objects.exists()


def test_warden_request_dated_in_the_future_is_refused(intake_client, case):
    data = warden_form_data(submitted_on="2999-01-01", response="pending", response_on="")
    response = intake_client.post(reverse("intake:warden_request_edit", args=[case.pk]), data)
    assert "cannot be in the future" in field_errors(response, "id_submitted_on")
    assert not WardenRequest.objects.exists()


def test_warden_request_before_the_sentence_is_refused(intake_client, case):
    data = warden_form_data(submitted_on="2014-01-01", response="pending", response_on="")
    response = intake_client.post(reverse("intake:warden_request_edit", args=[case.pk]), data)
    assert "after the sentence was imposed" in field_errors(response, "id_submitted_on")
    assert not WardenRequest.objects.exists()


def test_bad_edit_of_a_recorded_warden_request_leaves_it_as_it_was(intake_client, case):
    make_warden_request(case, received_on=date(2020, 5, 18))
    data = warden_form_data(received_on="2020-05-18", response_on="2020-05-16")
    response = intake_client.post(reverse("intake:warden_request_edit", args=[case.pk]), data)
    assert "before the warden received" in field_errors(response, "id_response_on")
    saved = WardenRequest.objects.get(case=case)
    assert (saved.response, saved.response_on) == ("pending", None)


# --- Arguments: add -----------------------------------------------------------------------------------


def test_adding_an_argument_with_htmx_returns_the_arguments_partial(intake_client, case):
    url = reverse("intake:argument_create", args=[case.pk])
    response = intake_client.post(url, {"text": "He has stage IV cancer.", "source": "client_letter"}, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="arguments"' in content
    assert "He has stage IV cancer." in content
    assert texts(case) == ["He has stage IV cancer."]
    assert case.arguments.get().source == "client_letter"


def test_adding_an_argument_without_htmx_redirects_to_the_case(intake_client, case):
    url = reverse("intake:argument_create", args=[case.pk])
    response = intake_client.post(url, {"text": "He has stage IV cancer.", "source": "staff"})
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert texts(case) == ["He has stage IV cancer."]


def test_new_arguments_go_to_the_end_of_the_list(intake_client, three_arguments, case):
    url = reverse("intake:argument_create", args=[case.pk])
    intake_client.post(url, {"text": "Fourth reason.", "source": "staff"}, **HTMX)
    assert texts(case) == ["First reason.", "Second reason.", "Third reason.", "Fourth reason."]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_too_long_argument_is_refused_with_the_limit_next_to_the_field(intake_client, case, htmx):
    url = reverse("intake:argument_create", args=[case.pk])
    response = intake_client.post(url, {"text": "x" * 5001, "source": "staff"}, **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert ("<html" in response.content.decode()) is not htmx
    errors = field_errors(response, "id_text")
    assert "at most 5,000 characters (this one has 5,001)" in errors
    assert "Write the argument" not in errors  # the user did write one
    assert not Argument.objects.exists()


def test_blank_argument_is_refused(intake_client, case):
    url = reverse("intake:argument_create", args=[case.pk])
    response = intake_client.post(url, {"text": "   ", "source": "staff"}, **HTMX)
    assert "Write the argument before saving it." in field_errors(response, "id_text")
    assert not Argument.objects.exists()


# --- Arguments: edit -----------------------------------------------------------------------------------


def test_edit_form_for_htmx_is_the_row_partial(intake_client, three_arguments, case):
    argument = three_arguments[1]
    response = intake_client.get(reverse("intake:argument_edit", args=[case.pk, argument.pk]), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert f'id="argument-{argument.pk}"' in content
    assert "Second reason." in content


def test_edit_form_without_htmx_is_a_full_page(intake_client, three_arguments, case):
    argument = three_arguments[1]
    response = intake_client.get(reverse("intake:argument_edit", args=[case.pk, argument.pk]))
    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_saving_an_edit_with_htmx_retargets_the_whole_arguments_list(intake_client, three_arguments, case):
    argument = three_arguments[1]
    url = reverse("intake:argument_edit", args=[case.pk, argument.pk])
    response = intake_client.post(url, {"text": "Second reason, revised.", "source": "counsel"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#arguments"
    assert response["HX-Reswap"] == "outerHTML"
    content = response.content.decode()
    assert "<html" not in content
    assert "Second reason, revised." in content
    assert texts(case) == ["First reason.", "Second reason, revised.", "Third reason."]
    argument.refresh_from_db()
    assert argument.source == "counsel"


def test_saving_an_edit_without_htmx_redirects_with_the_same_effect(intake_client, three_arguments, case):
    argument = three_arguments[1]
    url = reverse("intake:argument_edit", args=[case.pk, argument.pk])
    response = intake_client.post(url, {"text": "Second reason, revised.", "source": "staff"})
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert texts(case) == ["First reason.", "Second reason, revised.", "Third reason."]


def test_invalid_edit_returns_the_form_with_the_error_and_keeps_the_text(
    intake_client, three_arguments, case
):
    argument = three_arguments[1]
    url = reverse("intake:argument_edit", args=[case.pk, argument.pk])
    response = intake_client.post(url, {"text": "y" * 6000, "source": "staff"}, **HTMX)
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert "5,000" in field_errors(response, "id_text")
    assert texts(case) == ["First reason.", "Second reason.", "Third reason."]


def test_argument_of_another_case_cannot_be_edited_through_this_case(intake_client, case, org):
    other = make_argument(make_case(org), text="Belongs elsewhere.")
    url = reverse("intake:argument_edit", args=[case.pk, other.pk])
    assert intake_client.post(url, {"text": "Hijacked", "source": "staff"}).status_code == 404
    other.refresh_from_db()
    assert other.text == "Belongs elsewhere."


# --- Arguments: reorder ----------------------------------------------------------------------------------


def test_moving_an_argument_up_with_htmx_returns_the_list_in_the_new_order(
    intake_client, three_arguments, case
):
    third = three_arguments[2]
    url = reverse("intake:argument_move", args=[case.pk, third.pk])
    response = intake_client.post(url, {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.index("First reason.") < content.index("Third reason.") < content.index("Second reason.")
    assert texts(case) == ["First reason.", "Third reason.", "Second reason."]


def test_moving_an_argument_down_without_htmx_redirects_with_the_same_effect(
    intake_client, three_arguments, case
):
    first = three_arguments[0]
    response = intake_client.post(
        reverse("intake:argument_move", args=[case.pk, first.pk]), {"direction": "down"}
    )
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert texts(case) == ["Second reason.", "First reason.", "Third reason."]


def test_new_order_survives_a_reload_of_the_case_page(intake_client, three_arguments, case):
    intake_client.post(
        reverse("intake:argument_move", args=[case.pk, three_arguments[2].pk]), {"direction": "up"}
    )
    intake_client.post(
        reverse("intake:argument_move", args=[case.pk, three_arguments[2].pk]), {"direction": "up"}
    )
    content = intake_client.get(case.get_absolute_url()).content.decode()
    assert content.index("Third reason.") < content.index("First reason.") < content.index("Second reason.")


def test_moving_the_first_argument_up_leaves_the_order_alone(intake_client, three_arguments, case):
    intake_client.post(
        reverse("intake:argument_move", args=[case.pk, three_arguments[0].pk]), {"direction": "up"}
    )
    intake_client.post(
        reverse("intake:argument_move", args=[case.pk, three_arguments[2].pk]), {"direction": "down"}
    )
    assert texts(case) == ["First reason.", "Second reason.", "Third reason."]


def test_moving_in_an_unknown_direction_is_a_bad_request(intake_client, three_arguments, case):
    url = reverse("intake:argument_move", args=[case.pk, three_arguments[0].pk])
    assert intake_client.post(url, {"direction": "sideways"}).status_code == 400
    assert texts(case) == ["First reason.", "Second reason.", "Third reason."]


# --- Arguments: delete ---------------------------------------------------------------------------------


def test_deleting_an_argument_with_htmx_returns_the_list_without_it(intake_client, three_arguments, case):
    url = reverse("intake:argument_delete", args=[case.pk, three_arguments[1].pk])
    response = intake_client.post(url, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert "Second reason." not in content
    assert "First reason." in content and "Third reason." in content
    assert texts(case) == ["First reason.", "Third reason."]


def test_deleting_an_argument_without_htmx_redirects_with_the_same_effect(
    intake_client, three_arguments, case
):
    response = intake_client.post(reverse("intake:argument_delete", args=[case.pk, three_arguments[1].pk]))
    assert response.status_code == 302
    assert texts(case) == ["First reason.", "Third reason."]


def test_after_a_delete_moving_still_swaps_with_the_visible_neighbour(intake_client, three_arguments, case):
    intake_client.post(reverse("intake:argument_delete", args=[case.pk, three_arguments[1].pk]))
    intake_client.post(
        reverse("intake:argument_move", args=[case.pk, three_arguments[2].pk]), {"direction": "up"}
    )
    assert texts(case) == ["Third reason.", "First reason."]


# --- Frozen cases ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Case.Status.IN_REVIEW, Case.Status.APPROVED])
def test_a_case_in_review_or_approved_refuses_every_edit_and_changes_nothing(intake_client, org, status):
    case = make_case(org, status=status)
    make_warden_request(case)
    argument = make_argument(case, text="Frozen text.")
    make_argument(case, text="Second frozen text.")
    snapshot = (
        Case.objects.filter(pk=case.pk).values().get(),
        WardenRequest.objects.filter(case=case).values().get(),
        list(Argument.objects.filter(case=case).values()),
    )
    attempts = [
        ("intake:case_edit", [case.pk], edit_form_data(case, docket_number="3:99-cr-00001")),
        ("intake:warden_request_edit", [case.pk], warden_form_data()),
        ("intake:argument_create", [case.pk], {"text": "New.", "source": "staff"}),
        ("intake:argument_edit", [case.pk, argument.pk], {"text": "Changed.", "source": "staff"}),
        ("intake:argument_move", [case.pk, argument.pk], {"direction": "down"}),
        ("intake:argument_delete", [case.pk, argument.pk], {}),
    ]
    for name, args, data in attempts:
        url = reverse(name, args=args)
        assert intake_client.post(url, data).status_code == 403, name
        assert intake_client.post(url, data, **HTMX).status_code == 403, name
    for name in ("intake:case_edit", "intake:warden_request_edit"):
        assert intake_client.get(reverse(name, args=[case.pk])).status_code == 403
    assert intake_client.get(reverse("intake:argument_edit", args=[case.pk, argument.pk])).status_code == 403
    assert snapshot == (
        Case.objects.filter(pk=case.pk).values().get(),
        WardenRequest.objects.filter(case=case).values().get(),
        list(Argument.objects.filter(case=case).values()),
    )


def test_a_frozen_case_page_offers_no_edit_controls(intake_client, org):
    case = make_case(org, status=Case.Status.IN_REVIEW)
    make_argument(case, text="Frozen text.")
    content = intake_client.get(case.get_absolute_url()).content.decode()
    assert "Frozen text." in content
    assert reverse("intake:case_edit", args=[case.pk]) not in content
    assert reverse("intake:argument_create", args=[case.pk]) not in content


def test_a_case_sent_back_for_changes_can_be_edited_again(intake_client, org):
    case = make_case(org, status=Case.Status.CHANGES_REQUESTED)
    response = intake_client.post(
        reverse("intake:argument_create", args=[case.pk]), {"text": "Now.", "source": "staff"}
    )
    assert response.status_code == 302
    assert texts(case) == ["Now."]


# --- Other roles ---------------------------------------------------------------------------------------


def test_reviewer_can_view_the_case_with_its_arguments_and_warden_request(reviewer_client, case):
    make_argument(case, text="He has stage IV lung cancer.")
    make_warden_request(case, grounds="Terminal illness.")
    response = reviewer_client.get(case.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert case.client.name in content
    assert "He has stage IV lung cancer." in content
    assert "Terminal illness." in content


def test_org_admin_can_view_a_case_but_not_change_it(admin_client_org, case):
    assert admin_client_org.get(case.get_absolute_url()).status_code == 200
    url = reverse("intake:argument_create", args=[case.pk])
    assert admin_client_org.post(url, {"text": "From the admin.", "source": "staff"}).status_code == 403
    assert not Argument.objects.exists()


def test_outsider_cannot_open_case(outsider_client, case):
    response = outsider_client.get(reverse("intake:case_detail", args=[case.pk]))
    assert response.status_code == 404


# --- Organisation admin: staff ---------------------------------------------------------------------------


def test_org_admin_lists_the_staff_of_their_organisation_only(
    admin_client_org, intake_user, reviewer, outsider
):
    response = admin_client_org.get(reverse("intake:staff_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert intake_user.username in content
    assert reviewer.username in content
    assert "Reviewer (supervising attorney)" in content
    assert outsider.username not in content


def test_org_admin_adds_a_staff_member_with_a_role(admin_client_org, org):
    data = {
        "username": "newbie",
        "first_name": "Nora",
        "last_name": "New",
        "email": "nora@example.org",
        "role": "reviewer",
        "is_active": "on",
        "password": "a-long-enough-passphrase-42",
    }
    response = admin_client_org.post(reverse("intake:staff_create"), data)
    assert response.status_code == 302
    member = User.objects.get(username="newbie")
    assert member.organisation == org
    assert member.role == User.Role.REVIEWER
    assert member.check_password("a-long-enough-passphrase-42")


def test_a_weak_password_for_a_new_staff_member_is_refused(admin_client_org):
    data = {"username": "newbie", "role": "intake", "is_active": "on", "password": "short"}
    response = admin_client_org.post(reverse("intake:staff_create"), data)
    assert response.status_code == 200
    assert field_errors(response, "id_password")
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize(
    "username",
    ["alice", "ALICE", "Alice", "ａｌｉｃｅ", "MALLORY"],
    ids=["same", "upper", "title", "wide", "other-org"],
)
def test_a_username_that_differs_from_an_existing_one_only_in_case_is_refused(
    admin_client_org, intake_user, outsider, username
):
    # Sign-in matches usernames exactly, so "ALICE" beside "alice" would be a second, look-alike account; usernames
    # are global, so one in another organisation counts too.
    data = {
        "username": username,
        "role": "intake",
        "is_active": "on",
        "password": "a-long-enough-passphrase-42",
    }
    response = admin_client_org.post(reverse("intake:staff_create"), data)
    assert response.status_code == 200
    errors = field_errors(response, "id_username")
    assert "already taken" in errors and "Choose another." in errors
    assert "already exists" not in errors  # Django's own exact-match message would say it a second time
    assert User.objects.count() == 3


def test_renaming_a_colleague_to_a_look_alike_of_another_username_is_refused(
    admin_client_org, intake_user, reviewer
):
    data = {"username": "Alice", "first_name": "Rita", "role": "reviewer", "is_active": "on"}
    response = admin_client_org.post(reverse("intake:staff_edit", args=[reviewer.pk]), data)
    assert response.status_code == 200
    assert "already taken" in field_errors(response, "id_username")
    reviewer.refresh_from_db()
    assert reviewer.username == "rita"


def test_a_colleague_may_be_renamed_to_their_own_username_in_other_capitals(admin_client_org, reviewer):
    data = {"username": "Rita", "role": "reviewer", "is_active": "on"}
    response = admin_client_org.post(reverse("intake:staff_edit", args=[reviewer.pk]), data)
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.username == "Rita"


def test_an_existing_look_alike_account_can_still_be_edited(admin_client_org, org, intake_user):
    # Made before the check (by a command or the Django admin): changing its role must not force a rename.
    twin = make_user(org, "ALICE", role="intake")
    data = {"username": "ALICE", "role": "reviewer", "is_active": "on"}
    response = admin_client_org.post(reverse("intake:staff_edit", args=[twin.pk]), data)
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.role == User.Role.REVIEWER


def test_org_admin_changes_a_colleagues_role(admin_client_org, intake_user):
    data = {"username": intake_user.username, "first_name": "Alice", "role": "reviewer", "is_active": "on"}
    response = admin_client_org.post(reverse("intake:staff_edit", args=[intake_user.pk]), data)
    assert response.status_code == 302
    intake_user.refresh_from_db()
    assert intake_user.role == User.Role.REVIEWER


@pytest.mark.parametrize(
    "changes", [{"role": "intake", "is_active": "on"}, {"role": "admin"}], ids=["demote", "deactivate"]
)
def test_org_admin_cannot_demote_or_deactivate_themself(admin_client_org, org_admin, changes):
    # Refused in the form, with the reason beside the field: not a dead-end "Not allowed" page.
    data = {"username": org_admin.username, "first_name": "Omar", **changes}
    response = admin_client_org.post(reverse("intake:staff_edit", args=[org_admin.pk]), data)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    expected = "remove your own admin role" if changes["role"] != "admin" else "cannot deactivate yourself"
    assert expected in page
    assert "Ask another admin of your organisation." in page
    org_admin.refresh_from_db()
    assert (org_admin.role, org_admin.is_active) == (User.Role.ADMIN, True)


def test_org_admin_may_still_edit_their_own_name(admin_client_org, org_admin):
    data = {"username": org_admin.username, "first_name": "Omari", "role": "admin", "is_active": "on"}
    response = admin_client_org.post(reverse("intake:staff_edit", args=[org_admin.pk]), data)
    assert response.status_code == 302
    org_admin.refresh_from_db()
    assert org_admin.first_name == "Omari"


def test_org_admin_sends_a_colleague_a_reset_link_recorded_in_their_history(
    admin_client_org, org_admin, org, mailoutbox
):
    from config.background import wait_for_background_jobs
    from intake.models import UserChange

    colleague = make_user(org, "carla", email="carla@example.org")
    # Another account with the same address gets nothing: the link goes to the colleague alone.
    make_user(org, "carla2", email="carla@example.org")
    page = admin_client_org.get(reverse("intake:staff_edit", args=[colleague.pk])).content.decode()
    assert reverse("intake:staff_send_reset", args=[colleague.pk]) in page
    response = admin_client_org.post(reverse("intake:staff_send_reset", args=[colleague.pk]), follow=True)
    wait_for_background_jobs()
    assert "password-reset link is on its way to carla" in unescape(response.content.decode())
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["carla@example.org"]
    assert "/accounts/reset/" in mailoutbox[0].body
    change = UserChange.objects.get(kind=UserChange.Kind.RESET_REQUESTED)
    assert (change.user, change.by) == (colleague, org_admin)


def test_no_reset_link_for_an_account_without_an_address_or_blocked(admin_client_org, org, mailoutbox):
    from intake.models import UserChange

    for colleague in (
        make_user(org, "nomail"),
        make_user(org, "gone", email="g@example.org", is_active=False),
    ):
        response = admin_client_org.post(reverse("intake:staff_send_reset", args=[colleague.pk]), follow=True)
        assert "cannot be sent a reset link" in unescape(response.content.decode())
    assert mailoutbox == []
    assert not UserChange.objects.filter(kind=UserChange.Kind.RESET_REQUESTED).exists()


def test_admin_of_another_organisation_cannot_send_our_staff_a_reset_link(
    outsider_admin_client, org, mailoutbox
):
    colleague = make_user(org, "carla", email="carla@example.org")
    response = outsider_admin_client.post(reverse("intake:staff_send_reset", args=[colleague.pk]))
    assert response.status_code == 404
    assert mailoutbox == []


def test_admin_of_another_organisation_cannot_see_our_staff_member(outsider_admin_client, intake_user):
    response = outsider_admin_client.get(reverse("intake:staff_edit", args=[intake_user.pk]))
    assert response.status_code == 404
    data = {"username": intake_user.username, "role": "admin", "is_active": "on"}
    assert (
        outsider_admin_client.post(reverse("intake:staff_edit", args=[intake_user.pk]), data).status_code
        == 404
    )
    intake_user.refresh_from_db()
    assert intake_user.role == User.Role.INTAKE


def test_staff_member_added_by_an_admin_can_sign_in(admin_client_org, client):
    data = {
        "username": "newbie",
        "role": "intake",
        "is_active": "on",
        "password": "a-long-enough-passphrase-42",
    }
    admin_client_org.post(reverse("intake:staff_create"), data)
    response = client.post(
        reverse("login"), {"username": "newbie", "password": "a-long-enough-passphrase-42"}
    )
    assert response.status_code == 302
    assert client.get(reverse("intake:case_list")).status_code == 200


def test_deactivated_staff_member_cannot_sign_in(admin_client_org, org, client):
    member = make_user(org, "leaver", role="intake")
    data = {"username": "leaver", "role": "intake"}  # "is_active" unticked
    admin_client_org.post(reverse("intake:staff_edit", args=[member.pk]), data)
    response = client.post(
        reverse("login"), {"username": "leaver", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_org_admin_records_a_reviewers_bar_number_and_a_malformed_one_is_refused(admin_client_org, reviewer):
    url = reverse("intake:staff_edit", args=[reviewer.pk])
    data = {"username": reviewer.username, "first_name": "Rita", "role": "reviewer", "is_active": "on"}
    response = admin_client_org.post(url, {**data, "bar_number": "<b>12345</b>"})
    assert response.status_code == 200
    assert "as the bar&#x27;s roll writes it" in response.content.decode()
    response = admin_client_org.post(url, {**data, "bar_number": "VSB No. 12345"})
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.bar_number == "VSB No. 12345"
