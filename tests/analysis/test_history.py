"""The History tab: after changes made through the pages, it says who changed which field, from what, to what."""

import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import make_argument, make_case

HTMX = {"HTTP_HX_REQUEST": "true"}


@dataclass
class Entry:
    who: str
    action: str
    what: str
    changes: list[tuple[str, str, str]]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def history(client, case) -> list[Entry]:
    """The entries of the case's History tab as rendered, newest first."""
    response = client.get(reverse("intake:case_history", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    entries = []
    for item in re.findall(r"<li>(.*?)</li>", html.split('<ol class="history">', 1)[-1], re.S):
        heading = re.search(r"<p><strong>(.*?)</strong> (\w+) <strong>(.*?)</strong>", item, re.S)
        if not heading:
            continue
        rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", item, re.S)
        entries.append(
            Entry(
                who=_text(heading.group(1)),
                action=heading.group(2),
                what=_text(heading.group(3)),
                changes=[tuple(_text(cell) for cell in row) for row in rows],
            )
        )
    return entries


def warden_data(**overrides) -> dict[str, str]:
    data = {
        "submitted_on": "2020-05-15",
        "received_on": "2020-05-18",
        "grounds": "Asthma; COVID-19 risk.",
        "response": "pending",
        "response_on": "",
        "bp10_filed_on": "",
        "bp11_filed_on": "",
        "appeals_exhausted_on": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def argument(case):
    return make_argument(case, text="He has asthma.")


def test_history_shows_who_changed_the_warden_requests_received_date_from_what_to_what(intake_client, case):
    url = reverse("intake:warden_request_edit", args=[case.pk])
    intake_client.post(url, warden_data(received_on="2020-05-18"))
    intake_client.post(url, warden_data(received_on="2020-05-20"))
    entries = history(intake_client, case)
    change = next(entry for entry in entries if entry.what == "Warden request" and entry.action == "changed")
    assert change.who == "Alice"
    assert change.changes == [("date the warden received it", "2020-05-18", "2020-05-20")]
    assert any(e.what == "Warden request" and e.action == "created" and e.who == "Alice" for e in entries)


def test_history_shows_choices_by_their_labels(intake_client, case):
    url = reverse("intake:warden_request_edit", args=[case.pk])
    intake_client.post(url, warden_data())
    intake_client.post(url, warden_data(response="denied", response_on="2020-05-26"))
    change = next(
        e for e in history(intake_client, case) if e.what == "Warden request" and e.action == "changed"
    )
    assert ("response", "Pending", "Denied") in change.changes
    assert ("date of the warden's response", "—", "2020-05-26") in change.changes


def test_history_shows_an_arguments_old_and_new_text(intake_client, reviewer_client, case, argument):
    url = reverse("intake:argument_edit", args=[case.pk, argument.pk])
    reviewer_client.post(
        url, {"text": "He has severe asthma and high blood pressure.", "source": "staff"}, **HTMX
    )
    change = next(e for e in history(intake_client, case) if e.action == "changed")
    assert change.who == "Rita"  # the reviewer made this edit, and the tab says so to anyone who opens it
    assert change.what == "Argument #1"
    assert change.changes == [("text", "He has asthma.", "He has severe asthma and high blood pressure.")]


def test_history_shows_a_deleted_argument_as_deleted(intake_client, case, argument):
    intake_client.post(reverse("intake:argument_delete", args=[case.pk, argument.pk]), **HTMX)
    entries = history(intake_client, case)
    assert entries[0].action == "deleted"
    assert entries[0].what == "A deleted argument"
    assert entries[0].who == "Alice"


def test_history_numbers_arguments_as_the_case_page_does_not_by_database_id(intake_client, org, case):
    # Arguments of another case take the low ids, so this case's second argument has an id far from 2.
    other_case = make_case(org)
    for n in range(5):
        make_argument(other_case, text=f"Another client's reason {n}.")
    make_argument(case, text="He has asthma.", order=0)
    second = make_argument(case, text="His mother is dying.", order=1)
    assert second.pk != 2
    url = reverse("intake:argument_edit", args=[case.pk, second.pk])
    intake_client.post(url, {"text": "His mother is dying of cancer.", "source": "staff"}, **HTMX)
    change = next(e for e in history(intake_client, case) if e.action == "changed")
    assert change.what == "Argument #2"


def test_history_records_a_new_case_and_its_client_with_who_created_them(intake_client):
    data = {
        "client": "",
        "client-name": "Rosa Delgado",
        "client-register_number": "60317479",
        "district": "txsd",
        "docket_number": "4:15-cr-00233",
        "prior_2255_count": "0",
    }
    response = intake_client.post(reverse("intake:case_create"), data)
    assert response.status_code == 302
    from intake.models import Case

    entries = history(intake_client, Case.objects.get())
    assert {(e.who, e.action, e.what) for e in entries} >= {
        ("Alice", "created", "Case"),
        ("Alice", "created", "Client"),
    }


def test_history_shows_case_and_client_field_changes_from_the_edit_page(intake_client, case):
    from tests.intake.test_views import edit_form_data

    data = edit_form_data(case, **{"sentence_months": "96", "client-facility": "FCI Petersburg"})
    intake_client.post(reverse("intake:case_edit", args=[case.pk]), data)
    entries = history(intake_client, case)
    case_change = next(e for e in entries if e.what == "Case" and e.action == "changed")
    client_change = next(e for e in entries if e.what == "Client" and e.action == "changed")
    assert case_change.changes == [("sentence imposed (months)", "120", "96")]
    assert client_change.changes == [("BOP facility", "—", "FCI Petersburg")]


def test_history_lists_the_newest_change_first(intake_client, case, argument):
    url = reverse("intake:argument_edit", args=[case.pk, argument.pk])
    intake_client.post(url, {"text": "Second version.", "source": "staff"})
    intake_client.post(url, {"text": "Third version.", "source": "staff"})
    changes = [e.changes[0] for e in history(intake_client, case) if e.action == "changed"]
    assert changes == [
        ("text", "Second version.", "Third version."),
        ("text", "He has asthma.", "Second version."),
    ]


def test_saving_without_changes_adds_no_empty_entry(intake_client, case, argument):
    before = len(history(intake_client, case))
    url = reverse("intake:argument_edit", args=[case.pk, argument.pk])
    intake_client.post(url, {"text": "He has asthma.", "source": "staff"})
    assert len(history(intake_client, case)) == before


def test_history_of_one_case_leaves_out_the_arguments_of_another(intake_client, org, case, argument):
    other_case = make_case(org)
    other_argument = make_argument(other_case, text="Another client's reason.")
    url = reverse("intake:argument_edit", args=[other_case.pk, other_argument.pk])
    intake_client.post(url, {"text": "Another client's revised reason.", "source": "staff"})
    assert all(e.what != f"Argument #{other_argument.pk}" for e in history(intake_client, case))


def test_history_tab_is_linked_from_the_case_page(intake_client, case):
    content = intake_client.get(case.get_absolute_url()).content.decode()
    assert f'href="{reverse("intake:case_history", args=[case.pk])}"' in content
