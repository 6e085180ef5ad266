"""The access log: reads of a case's medical and argument details are recorded, and org admins can see them.

Who may open the log page (org admins of their own organisation; intake staff and reviewers get 403; anonymous
visitors go to the login page) is a row of the authorisation matrix (tests/security/test_authz_matrix.py).
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake.access import record_case_access
from intake.models import CaseAccess
from tests.factories import make_argument, make_case, make_client, make_user
from tests.intake.test_permissions_sweep import build_objects

Kind = CaseAccess.Kind
LOG_URL = reverse("intake:access_log")
CLIENT_NAME = "Zebulon Quarterfield"
ARGUMENT_TEXT = "He has metastatic pancreatic cancer diagnosed by the Butner oncologist in March."

# Every page that shows a case's medical or argument details, with the kind of read it records.
READS = {
    "case page": ("intake:case_detail", Kind.CASE_PAGE),
    "history": ("intake:case_history", Kind.HISTORY),
    "argument edit form": ("intake:argument_edit", Kind.ARGUMENT_EDIT),
    "review page": ("analysis:case_review", Kind.REVIEW_PAGE),
    "document preview": ("analysis:document_preview", Kind.DOCUMENT_PREVIEW),
    "document download": ("analysis:document_download", Kind.DOCUMENT_DOWNLOAD),
    "warden request form": ("intake:warden_request_edit", Kind.WARDEN_REQUEST),
    "case edit form": ("intake:case_edit", Kind.CASE_EDIT),
    "paste a letter": ("analysis:letter_split", Kind.LETTER),
    "court page": ("analysis:court", Kind.COURT),
    "court record form": ("analysis:filing_create", Kind.FILING_FORM),
}


@pytest.fixture
def objects(org, intake_user, reviewer):
    objects = build_objects(org, intake_user, reviewer)
    case = objects["case"]
    case.client.name = CLIENT_NAME
    case.client.save()
    objects["argument"].text = ARGUMENT_TEXT
    objects["argument"].save()
    return objects


def read_url(name: str, objects: dict) -> str:
    case, argument = objects["case"], objects["argument"]
    args = {
        "intake:argument_edit": [case.pk, argument.pk],
        "analysis:document_preview": [case.pk, "triage-memo"],
        "analysis:document_download": [case.pk, objects["revision"].number, "triage-memo"],
    }.get(name, [case.pk])
    return reverse(name, args=args)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def log_rows(response) -> list[str]:
    """The text of each row of the access-log table, in page order."""
    html = response.content.decode()
    table = re.search(r'<table class="access-log">.*?<tbody>(.*?)</tbody>', html, re.S)
    if not table:
        return []
    return [
        re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", row)))
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    ]


# --- Recording ---------------------------------------------------------------------------------------------------


def test_opening_a_case_page_records_exactly_one_read_with_who_which_case_and_when(
    intake_client, intake_user, objects
):
    case = objects["case"]
    before = timezone.now()
    assert intake_client.get(reverse("intake:case_detail", args=[case.pk])).status_code == 200

    access = CaseAccess.objects.get()
    assert (access.user, access.case, access.organisation_id, access.kind) == (
        intake_user,
        case,
        case.organisation_id,
        Kind.CASE_PAGE,
    )
    assert before <= access.at <= timezone.now()


@pytest.mark.parametrize("read", list(READS))
def test_every_page_with_case_details_records_its_kind_of_read(reviewer_client, reviewer, objects, read):
    name, kind = READS[read]
    assert reviewer_client.get(read_url(name, objects)).status_code == 200

    assert list(CaseAccess.objects.values_list("user", "case", "kind")) == [
        (reviewer.pk, objects["case"].pk, kind)
    ]


# htmx answers to argument actions return the whole arguments section: every argument's text.
HTMX = {"HTTP_HX_REQUEST": "true"}


def _argument_url(name: str, objects: dict) -> str:
    return reverse(name, args=[objects["case"].pk, objects["argument"].pk])


@pytest.mark.parametrize(
    ("action", "post"),
    [
        ("add with empty text", lambda o: ("intake:argument_create", [o["case"].pk], {"text": ""})),
        (
            "add",
            lambda o: ("intake:argument_create", [o["case"].pk], {"text": "He is 71.", "source": "staff"}),
        ),
        ("move", lambda o: ("intake:argument_move", [o["case"].pk, o["argument"].pk], {"direction": "down"})),
        ("delete", lambda o: ("intake:argument_delete", [o["case"].pk, o["argument"].pk], {})),
    ],
)
def test_every_htmx_argument_answer_records_a_read(intake_client, intake_user, objects, action, post):
    name, args, data = post(objects)
    response = intake_client.post(reverse(name, args=args), data, **HTMX)
    assert response.status_code == 200
    assert 'id="arguments"' in response.content.decode()
    assert list(CaseAccess.objects.values_list("user", "case", "kind")) == [
        (intake_user.pk, objects["case"].pk, Kind.ARGUMENTS)
    ]


def test_an_argument_edit_answer_names_the_argument(intake_client, objects):
    intake_client.get(_argument_url("intake:argument_edit", objects), **HTMX)
    assert CaseAccess.objects.get().detail == f"argument {objects['argument'].pk}"


def test_an_action_that_answers_with_a_redirect_records_no_read(intake_client, objects):
    # Without htmx a move redirects to the case page; the read is recorded when that page is opened.
    response = intake_client.post(_argument_url("intake:argument_move", objects), {"direction": "down"})
    assert response.status_code == 302
    assert not CaseAccess.objects.exists()


def test_the_live_triage_preview_records_no_read(intake_client, objects):
    url = reverse("analysis:triage_preview", args=[objects["case"].pk])
    assert intake_client.post(url, {"text": "He has cancer."}, **HTMX).status_code == 200
    assert not CaseAccess.objects.exists()


def test_every_case_url_says_what_it_shows():
    """A new case URL must be classified: a kind of read, or listed as showing no client text."""
    from intake.access import NOT_READS, READ_KINDS
    from tests.intake.test_permissions_sweep import PAGES, url_keywords

    case_urls = {name for name in PAGES if "pk" in url_keywords(name)}
    assert case_urls == set(READ_KINDS) | NOT_READS
    assert not set(READ_KINDS) & NOT_READS


def test_documents_record_which_document_and_revision_was_read(reviewer_client, objects):
    reviewer_client.get(read_url("analysis:document_download", objects))
    assert CaseAccess.objects.get().detail == "triage-memo, revision 1"


@pytest.mark.parametrize("read", list(READS))
def test_a_read_refused_to_another_organisation_records_nothing(outsider_client, objects, read):
    name, _kind = READS[read]
    assert outsider_client.get(read_url(name, objects)).status_code == 404
    assert not CaseAccess.objects.exists()


def test_pages_that_only_list_cases_record_no_read(intake_client, reviewer_client, objects):
    intake_client.get(reverse("intake:home"))
    intake_client.get(reverse("intake:case_list"))
    reviewer_client.get(reverse("analysis:review_queue"))
    assert not CaseAccess.objects.exists()


def test_access_records_hold_no_client_text(intake_client, reviewer_client, objects):
    for name, _kind in READS.values():
        for client in (intake_client, reviewer_client):
            client.get(read_url(name, objects))
    assert CaseAccess.objects.count() == 2 * len(READS)

    stored = " ".join(str(value) for row in CaseAccess.objects.values() for value in row.values())
    for secret in (CLIENT_NAME, *CLIENT_NAME.split(), ARGUMENT_TEXT, "pancreatic", "oncologist"):
        assert secret not in stored


def test_an_access_record_cannot_be_changed_or_deleted(intake_user, case):
    access = record_case_access(intake_user, case, Kind.CASE_PAGE)
    access.kind = Kind.HISTORY
    with pytest.raises(ValidationError):
        access.save()
    with pytest.raises(ValidationError):
        access.delete()
    assert CaseAccess.objects.get().kind == Kind.CASE_PAGE


# --- The organisation admin's page -------------------------------------------------------------------------------


@pytest.fixture
def reads_in_two_organisations(org, other_org, intake_user, reviewer, outsider):
    """Two reads of org A's case and one of org B's."""
    case_a = make_case(org, client=make_client(org, name=CLIENT_NAME))
    case_b = make_case(other_org, client=make_client(other_org, name="Other Org Client"))
    record_case_access(intake_user, case_a, Kind.CASE_PAGE)
    record_case_access(reviewer, case_a, Kind.REVIEW_PAGE)
    record_case_access(outsider, case_b, Kind.CASE_PAGE)
    return case_a, case_b


def test_the_org_admin_sees_their_organisations_reads_and_not_another_organisations(
    admin_client_org, reads_in_two_organisations
):
    case_a, case_b = reads_in_two_organisations
    response = admin_client_org.get(LOG_URL)
    assert response.status_code == 200
    rows = log_rows(response)
    assert len(rows) == 2
    assert all(f"#{case_a.pk} " in row for row in rows)
    assert "rita" in rows[0] and "Review page" in rows[0]  # newest first
    assert "alice" in rows[1] and "Case page" in rows[1]
    html = response.content.decode()
    assert "mallory" not in html and "Other Org Client" not in html
    assert reverse("intake:case_detail", args=[case_b.pk]) not in html


def test_another_organisations_admin_sees_only_theirs(outsider_admin_client, reads_in_two_organisations):
    _case_a, case_b = reads_in_two_organisations
    rows = log_rows(outsider_admin_client.get(LOG_URL))
    assert len(rows) == 1
    assert f"#{case_b.pk} " in rows[0] and "mallory" in rows[0]


def test_the_log_is_newest_first_and_paginated(admin_client_org, org, intake_user):
    case = make_case(org)
    start = timezone.now() - timedelta(days=1)
    for minute in range(55):
        CaseAccess.objects.create(
            organisation=org,
            case=case,
            user=intake_user,
            kind=Kind.CASE_PAGE,
            detail=f"minute {minute}",
            at=start + timedelta(minutes=minute),
        )
    first = admin_client_org.get(LOG_URL)
    rows = log_rows(first)
    assert len(rows) == 50
    assert "minute 54" in rows[0] and "minute 5)" in rows[-1]
    assert "Page 1 of 2" in page_text(first)
    second = log_rows(admin_client_org.get(LOG_URL, {"page": 2}))
    assert len(second) == 5
    assert "(minute 4)" in second[0] and "(minute 0)" in second[-1]


def test_filtering_by_case_and_by_staff_member(admin_client_org, org, intake_user, reviewer):
    first, second = make_case(org), make_case(org)
    record_case_access(intake_user, first, Kind.CASE_PAGE)
    record_case_access(reviewer, first, Kind.REVIEW_PAGE)
    record_case_access(intake_user, second, Kind.HISTORY)

    by_case = log_rows(admin_client_org.get(LOG_URL, {"case": first.pk}))
    assert len(by_case) == 2 and all(f"#{first.pk} " in row for row in by_case)

    by_user = log_rows(admin_client_org.get(LOG_URL, {"user": intake_user.pk}))
    assert len(by_user) == 2 and all("alice" in row for row in by_user)

    both = log_rows(admin_client_org.get(LOG_URL, {"case": second.pk, "user": intake_user.pk}))
    assert len(both) == 1 and "History" in both[0]

    assert log_rows(admin_client_org.get(LOG_URL, {"case": second.pk, "user": reviewer.pk})) == []


def test_filtering_by_another_organisations_case_or_user_shows_nothing(
    admin_client_org, outsider, reads_in_two_organisations
):
    _case_a, case_b = reads_in_two_organisations
    assert log_rows(admin_client_org.get(LOG_URL, {"case": case_b.pk})) == []
    assert log_rows(admin_client_org.get(LOG_URL, {"user": outsider.pk})) == []


def test_the_staff_filter_offers_former_staff_too(admin_client_org, org):
    make_user(org, "leftlastyear", is_active=False)
    assert "leftlastyear" in admin_client_org.get(LOG_URL).content.decode()


def test_the_number_of_queries_does_not_grow_with_the_number_of_records(
    admin_client_org, org, intake_user, reviewer, django_assert_max_num_queries
):
    def add_reads(count: int) -> None:
        for _ in range(count):
            case = make_case(org)
            make_argument(case)
            record_case_access(intake_user, case, Kind.CASE_PAGE)
            record_case_access(reviewer, case, Kind.REVIEW_PAGE)

    add_reads(1)
    with CaptureQueriesContext(connection) as few:
        assert len(log_rows(admin_client_org.get(LOG_URL))) == 2
    add_reads(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(log_rows(admin_client_org.get(LOG_URL))) == 42


def test_admins_have_an_access_log_link_in_the_navigation_and_others_do_not(
    admin_client_org, intake_client, reviewer_client
):
    assert f'href="{LOG_URL}"' in admin_client_org.get(reverse("intake:home")).content.decode()
    for client in (intake_client, reviewer_client):
        assert f'href="{LOG_URL}"' not in client.get(reverse("intake:home")).content.decode()


# --- The admin site ----------------------------------------------------------------------------------------------


def test_the_admin_site_shows_access_records_but_cannot_add_change_or_delete_them(
    settings, admin_client, intake_user, case
):
    settings.ADMIN_ENABLED = True  # off by default with DEBUG off, as in this suite
    access = record_case_access(intake_user, case, Kind.CASE_PAGE)
    changelist = reverse("admin:intake_caseaccess_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(reverse("admin:intake_caseaccess_add")).status_code == 403
    delete = reverse("admin:intake_caseaccess_delete", args=[access.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:intake_caseaccess_change", args=[access.pk])
    assert admin_client.post(change, {"kind": Kind.HISTORY, "detail": "edited"}).status_code == 403
    bulk = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [access.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert list(CaseAccess.objects.values_list("pk", "kind", "detail")) == [(access.pk, Kind.CASE_PAGE, "")]


def test_a_read_records_the_clients_address_not_the_proxys(intake_client, objects, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("intake:case_detail", args=[objects["case"].pk])
    intake_client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="127.0.0.1")
    assert CaseAccess.objects.get().address == "198.51.100.7"


def test_a_refused_decision_shown_again_on_the_review_page_records_a_read(
    reviewer_client, reviewer, org, intake_user
):
    # The review page comes back with the decision as posted (an override without its reason): all arguments' text.
    from tests.factories import make_case_in_review

    case = make_case_in_review(org, created_by=intake_user)
    argument = case.arguments.first()
    prefix = f"a{argument.pk}"
    response = reviewer_client.post(
        reverse("analysis:decide_argument", args=[case.pk, argument.pk]),
        {f"{prefix}-version": case.version, f"{prefix}-decision": "override", f"{prefix}-reason": ""},
    )
    assert response.status_code == 200
    assert list(CaseAccess.objects.values_list("user", "case", "kind")) == [
        (reviewer.pk, case.pk, Kind.REVIEW_PAGE)
    ]


def test_exhibit_downloads_and_the_filing_packet_record_which_was_read(reviewer_client, reviewer, objects):
    from tests.factories import make_exhibit

    case = objects["case"]
    exhibit = make_exhibit(case, reviewer, title="Medical records")
    assert (
        reviewer_client.get(reverse("analysis:exhibit_download", args=[case.pk, exhibit.pk])).status_code
        == 200
    )
    assert list(CaseAccess.objects.values_list("kind", "detail")) == [
        (Kind.DOCUMENT_DOWNLOAD, f"exhibit {exhibit.pk}")
    ]
