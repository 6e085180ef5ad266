"""`manage.py seed_load`: the data set `make load` runs against, in miniature (30 cases).

The load test is only as good as its data: these tests check that the seeded organisation has the shape the
locustfile relies on, that its rows satisfy the application's own rules (current assessments, decided
approvals, stored documents), and that the workflows the simulated staff drive work on it.
"""

import hashlib
import json
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client as HttpClient

from analysis import documents_service, engine
from analysis.models import Assessment, Decision, Revision, StoredDocument, text_fingerprint
from intake.models import Argument, Case, Organisation, User
from tests.factories import make_organisation, make_user

PASSWORD = "load-test-password-1"  # noqa: S105 - fictional accounts in a test database


@pytest.fixture
def seeded(db, tmp_path):
    manifest = tmp_path / "manifest.json"
    call_command(
        "seed_load",
        cases=30,
        intake=3,
        reviewers=2,
        templates=1,
        password=PASSWORD,
        manifest=str(manifest),
        stdout=StringIO(),
    )
    return json.loads(manifest.read_text())


def sign_in(username: str, password: str = PASSWORD) -> HttpClient | None:
    """Sign in through the sign-in form, as the load test's simulated staff do; None when refused."""
    browser = HttpClient()
    response = browser.post(
        "/accounts/login/", {"username": username, "password": password, "next": "/cases/"}
    )
    return browser if response.status_code == 302 and response["Location"] == "/cases/" else None


def test_one_organisation_with_staff_of_every_role_who_can_sign_in(seeded):
    organisation = Organisation.objects.get()
    assert organisation.name == seeded["organisation"]
    roles = Counter(User.objects.filter(organisation=organisation).values_list("role", flat=True))
    assert roles == {User.Role.INTAKE: 3, User.Role.REVIEWER: 2, User.Role.ADMIN: 1}
    for username in [seeded["intake"][0], seeded["reviewers"][0]["username"], seeded["admins"][0]]:
        assert sign_in(username) is not None
    assert sign_in(seeded["intake"][0], password="not-the-password") is None


def test_cases_are_spread_over_every_status_and_scoped_to_the_organisation(seeded):
    organisation = Organisation.objects.get()
    cases = Case.objects.filter(organisation=organisation)
    assert cases.count() == 30 == Case.objects.count()
    assert not cases.exclude(client__organisation=organisation).exists()
    statuses = Counter(cases.values_list("status", flat=True))
    assert set(statuses) == set(Case.Status.values)
    assert statuses.most_common(1)[0][0] == Case.Status.APPROVED
    assert sorted(seeded["case_ids"]) == sorted(cases.values_list("pk", flat=True))
    assert sorted(seeded["approved_case_ids"]) == sorted(
        cases.filter(status=Case.Status.APPROVED).values_list("pk", flat=True)
    )


def test_every_case_past_draft_has_current_assessments_from_the_engine(seeded):
    past_draft = Argument.objects.exclude(case__status=Case.Status.DRAFT).select_related("assessment", "case")
    assert past_draft.exists()
    for argument in past_draft:
        assessment = argument.assessment
        assert assessment.text_sha256 == text_fingerprint(argument.text)  # not stale
        expected = engine.classify(argument.text, circuit=argument.case.circuit)
        assert (assessment.disposition, assessment.ground) == (expected.disposition, expected.ground)
    assert Assessment.objects.count() < Argument.objects.count()  # some drafts are not triaged yet


def test_each_in_review_case_belongs_to_exactly_one_reviewer(seeded):
    in_review = set(Case.objects.filter(status=Case.Status.IN_REVIEW).values_list("pk", flat=True))
    listed = [case_id for reviewer in seeded["reviewers"] for case_id in reviewer["cases"]]
    assert sorted(listed) == sorted(in_review)  # all of them, none twice
    for reviewer in seeded["reviewers"]:
        assigned = Case.objects.filter(pk__in=reviewer["cases"]).values_list(
            "assigned_to__username", flat=True
        )
        assert set(assigned) <= {reviewer["username"]}


def test_approved_cases_are_decided_and_have_every_document_stored(seeded):
    slugs = sorted(documents_service.document_slugs())
    approved = Case.objects.filter(status=Case.Status.APPROVED).select_related("client")
    for case in approved:
        assert not case.arguments.filter(decision__isnull=True).exists()
        revision = Revision.objects.get(case=case)
        assert revision.number == 1
        stored = list(revision.documents.order_by("slug"))
        assert [document.slug for document in stored] == slugs
        docket = re.sub(r"[^a-z0-9]+", "-", case.docket_number.lower())
        for document in stored:
            content = bytes(document.content)
            assert content.startswith(b"%PDF-" if document.content_type == "application/pdf" else b"PK")
            assert document.sha256 == hashlib.sha256(content).hexdigest()
            assert docket in document.filename  # the case's own file name, even for copied bytes
    assert Decision.objects.filter(argument__case__status=Case.Status.APPROVED).exists()
    assert StoredDocument.objects.count() == len(slugs) * approved.count()


def test_the_seeded_data_carries_the_load_tests_journeys(seeded):
    """Sign in, decide an argument with the version from the page, download a PDF, preview triage."""
    reviewer = seeded["reviewers"][0]
    case_id = reviewer["cases"][0]
    browser = sign_in(reviewer["username"])
    assert browser is not None
    page = browser.get(f"/cases/{case_id}/review/").content.decode()
    argument_id, version = re.findall(r'name="a(\d+)-version" value="(\d+)"', page)[0]
    response = browser.post(
        f"/cases/{case_id}/review/arguments/{argument_id}/",
        {f"a{argument_id}-version": version, f"a{argument_id}-decision": "accept"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#argument-{argument_id}")
    assert Decision.objects.filter(
        argument_id=argument_id, decided_by__username=reviewer["username"]
    ).exists()

    approved_id = seeded["approved_case_ids"][-1]
    download = browser.get(f"/cases/{approved_id}/revisions/1/documents/{seeded['pdf_slugs'][0]}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"

    intake = sign_in(seeded["intake"][0])
    assert intake is not None
    preview = intake.post(
        f"/cases/{seeded['case_ids'][0]}/triage/preview/",
        {"text": "He has stage IV lung cancer that has spread to his bones."},
        HTTP_HX_REQUEST="true",
    )
    assert preview.status_code == 200
    assert "Live triage preview" in preview.content.decode()


def test_staff_of_another_organisation_see_none_of_the_seeded_cases(seeded):
    outsider = make_user(make_organisation(name="Elsewhere Clinic"), "mallory", role="reviewer")
    browser = HttpClient()
    browser.force_login(outsider)
    assert browser.get(f"/cases/{seeded['case_ids'][0]}/").status_code == 404
    download = f"/cases/{seeded['approved_case_ids'][0]}/revisions/1/documents/{seeded['pdf_slugs'][0]}/"
    assert browser.get(download).status_code == 404


def test_refuses_a_database_that_already_holds_an_organisation(db):
    make_organisation(name="Real Defenders")
    with pytest.raises(CommandError, match="already holds an organisation"):
        call_command("seed_load", cases=10, password=PASSWORD, stdout=StringIO())
    assert not Case.objects.exists()
    assert not User.objects.exists()


def test_refuses_a_short_password(db):
    with pytest.raises(CommandError, match="12 characters"):
        call_command("seed_load", cases=10, password="short", stdout=StringIO())
    assert not Organisation.objects.exists()


def test_seeded_cases_carry_docket_search_keys_and_every_search_term_finds_a_case(seeded):
    # bulk_create skips Case.save(), which keeps the key: the command sets it itself.
    assert not Case.objects.filter(docket_key="").exists()
    browser = sign_in(seeded["intake"][0])
    empty = [
        term
        for term in seeded["search_terms"]
        if "No case matches" in browser.get("/cases/", {"q": term}).content.decode()
    ]
    if connection.vendor == "postgresql":
        assert empty == []
    else:  # a misspelt surname finds nothing on SQLite (no trigram similarity there); every other term does
        assert all(term.isalpha() and term.islower() for term in empty), empty
