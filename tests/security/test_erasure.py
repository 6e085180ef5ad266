"""Erasing a client (issue #11, item 14): an organisation admin erases a case for good after typing its docket
number; no row anywhere in the database still holds the client's text; one audit entry says who erased which
case number when, with counts, and holds no client text; closed cases older than RETENTION_YEARS are listed.

Who may open the erase and retention pages (organisation admins of their own organisation) is a row of the
authorisation matrix (tests/security/test_authz_matrix.py).
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from analysis import documents_service, erasure
from analysis.models import Filing, Revision, StoredDocument
from intake.models import Case, CaseAccess, Client, Erasure
from tests.factories import make_approved_case, make_argument, make_case, make_client, make_exhibit

CLIENT_NAME = "Zephyrine Oakhollow"
REGISTER_NUMBER = "13579-246"
DOCKET = "3:09-cr-00777"
TEXTS = (
    "She has Quolvex syndrome, terminal, and the Butner doctors give her months.",
    "Her father Armistead is dying and no one else can care for her daughter.",
)
GROUNDS = "Terminal Quolvex syndrome; the Brindlemoor clinic confirmed it."
MARKERS = (
    CLIENT_NAME,
    "Zephyrine",
    "Oakhollow",
    REGISTER_NUMBER,
    DOCKET,
    "Quolvex",
    "Armistead",
    "Brindlemoor",
    "Marrowgate",
    "Tumbleweed",
)


def rows_holding(markers) -> list[tuple[str, str]]:
    """(table, marker) for every row of every table (history, admin log, sessions ...) holding a marker."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.values():
            text = " ".join(str(value) for value in row.values() if not isinstance(value, bytes | memoryview))
            found += [(model._meta.db_table, marker) for marker in markers if marker.lower() in text.lower()]
    return found


@pytest.fixture
def approved(org, intake_user, reviewer):
    """An approved case with stored documents, a filing, an admin-log entry and reads in the access log."""
    client = make_client(org, name=CLIENT_NAME, register_number=REGISTER_NUMBER, facility="FCI Tumbleweed")
    case = make_approved_case(
        org,
        created_by=intake_user,
        approved_by=reviewer,
        texts=TEXTS,
        client=client,
        docket_number=DOCKET,
        offenses="Marrowgate conspiracy",
        warden_request={"grounds": GROUNDS},
    )
    Filing.objects.create(
        case=case, number=1, revision=case.revisions.get(), filed_on=date(2024, 6, 15), docket_entry=12
    )
    # Exhibits are added while a case is editable; here one is slipped in after approval to keep the fixture short.
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DRAFT)
    make_exhibit(Case.objects.get(pk=case.pk), intake_user, title="Quolvex scan, Brindlemoor clinic")
    Case.objects.filter(pk=case.pk).update(status=Case.Status.APPROVED)
    LogEntry.objects.create(
        user=reviewer,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=str(case.pk),
        object_repr=str(case),
        action_flag=CHANGE,
    )
    return case


def erase_url(case) -> str:
    return reverse("intake:case_erase", args=[case.pk])


def test_erasing_leaves_no_client_text_anywhere_and_one_audit_entry(
    approved, admin_client_org, intake_client, org_admin, django_capture_on_commit_callbacks
):
    assert intake_client.get(reverse("intake:case_detail", args=[approved.pk])).status_code == 200
    page = admin_client_org.get(erase_url(approved))
    assert page.status_code == 200 and DOCKET in page.content.decode()
    assert rows_holding(MARKERS), "the check finds the client's text before erasure"
    assert StoredDocument.objects.filter(revision__case=approved).exists()
    exhibit_file = Path(approved.exhibits.get().file.path)
    assert exhibit_file.exists()

    # The exhibit's file is removed once the erasure commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_org.post(erase_url(approved), {"confirmation": DOCKET}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("intake:retention")
    assert f"Case #{approved.pk} was erased" in response.content.decode()
    assert rows_holding(MARKERS) == []
    assert not Case.objects.filter(pk=approved.pk).exists()
    assert not Client.objects.filter(pk=approved.client_id).exists()
    assert not Revision.objects.exists() and not StoredDocument.objects.exists()
    assert not Case.history.filter(id=approved.pk).exists()
    assert not exhibit_file.exists()  # the exhibit's file went with its row

    record = Erasure.objects.get()
    assert (record.erased_by, record.case_number, record.client_erased) == (org_admin, approved.pk, True)
    assert timezone.now() - record.erased_at < timedelta(minutes=5)
    assert record.counts["Argument"] == 2 and record.counts["Exhibit"] == 1
    assert record.counts["StoredDocument"] == len(documents_service.document_slugs())
    assert record.counts["Revision"] == 1 and record.counts["history rows"] > 0
    assert record.counts["admin log entries"] == 1
    # The reads stay (ids only) and the access log lists them as reads of an erased case.
    assert record.counts["access records kept"] == CaseAccess.objects.filter(case_id=approved.pk).count() == 2
    log = admin_client_org.get(reverse("intake:access_log")).content.decode()
    assert f"#{approved.pk} " in log and "(erased)" in log
    retention = admin_client_org.get(reverse("intake:retention")).content.decode()
    assert f"#{approved.pk} and its client" in retention


def test_a_wrong_confirmation_erases_nothing(approved, admin_client_org):
    before = {model: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}
    response = admin_client_org.post(erase_url(approved), {"confirmation": "3:09-cr-00778"})
    assert response.status_code == 200
    assert "docket number exactly as shown to confirm; nothing was erased" in response.content.decode()
    after = {model: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}
    changed = {
        model._meta.db_table: (before[model], after[model])
        for model in before
        if before[model] != after[model]
    }
    assert changed == {"intake_caseaccess": (0, 1)}  # the page itself is a read of the case
    assert not Erasure.objects.exists()


def test_a_client_with_another_case_keeps_their_details(org, admin_client_org):
    client = make_client(org, name=CLIENT_NAME)
    first = make_case(org, client=client, docket_number="3:09-cr-00001")
    make_argument(first, text="She has Quolvex syndrome.")
    second = make_case(org, client=client, docket_number="3:12-cr-00002")
    admin_client_org.post(erase_url(first), {"confirmation": "3:09-cr-00001"})
    assert not Case.objects.filter(pk=first.pk).exists()
    assert Case.objects.filter(pk=second.pk).exists() and Client.objects.filter(pk=client.pk).exists()
    assert Erasure.objects.get().client_erased is False
    assert rows_holding(["Quolvex"]) == []


def test_an_admin_cannot_erase_another_organisations_case(outsider_admin_client, approved):
    assert outsider_admin_client.post(erase_url(approved), {"confirmation": DOCKET}).status_code == 404
    assert Case.objects.filter(pk=approved.pk).exists()


# --- Retention ------------------------------------------------------------------------------------------------


def _age(case: Case, years: float) -> None:
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - timedelta(days=365.25 * years))


@pytest.fixture
def aged_cases(org, other_org, intake_user, reviewer, settings):
    settings.RETENTION_YEARS = 7
    old = make_approved_case(org, created_by=intake_user, approved_by=reviewer, render_documents=False)
    recent = make_approved_case(org, created_by=intake_user, approved_by=reviewer, render_documents=False)
    pending = make_approved_case(org, created_by=intake_user, approved_by=reviewer, render_documents=False)
    Filing.objects.create(case=pending, number=1, filed_on=date(2018, 1, 10), docket_entry=4)
    old_draft = make_case(org)
    other = make_case(other_org, status=Case.Status.APPROVED)
    for case, years in ((old, 8), (recent, 6), (pending, 8), (old_draft, 9), (other, 9)):
        _age(case, years)
    Filing.objects.filter(case=pending).update(updated_at=timezone.now() - timedelta(days=365 * 8))
    return {"old": old, "recent": recent, "pending": pending, "old_draft": old_draft, "other": other}


def test_retention_lists_only_closed_cases_older_than_the_setting(admin_client_org, aged_cases):
    html = admin_client_org.get(reverse("intake:retention")).content.decode()
    listed = {name for name, case in aged_cases.items() if erase_url(case) in html}
    assert listed == {"old"}
    assert "unchanged for more than 7 years" in html


def test_the_retention_command_lists_ids_and_no_client_text(aged_cases, capsys):
    # Every organisation's cases: the command is for whoever runs the installation.
    call_command("retention")
    out = capsys.readouterr().out
    old, other = aged_cases["old"], aged_cases["other"]
    assert "2 closed cases unchanged for more than 7 years" in out
    for case in (old, other):
        assert f"case {case.pk} (organisation {case.organisation_id})" in out
        assert case.client.name not in out and case.docket_number not in out
    call_command("retention", "--years", "5")
    out = capsys.readouterr().out
    assert "3 closed cases unchanged for more than 5 years" in out
    assert f"case {aged_cases['recent'].pk} " in out


def test_a_draft_without_a_docket_number_is_erased_only_after_typing_the_clients_name(
    org, org_admin, admin_client_org
):
    # A draft may be saved with only the client's name; an empty docket must never make "" the password.
    case = make_case(org, client=make_client(org, name="Dana Whitlock"))
    Case.objects.filter(pk=case.pk).update(docket_number="")
    with pytest.raises(ValidationError):  # the service refuses it whatever a form lets through
        erasure.erase_case(case=case, by=org_admin, confirmation="")
    page = admin_client_org.get(erase_url(case)).content.decode()
    assert "Dana Whitlock" in page
    admin_client_org.post(erase_url(case), {"confirmation": "dana whitlock"})
    assert not Case.objects.filter(pk=case.pk).exists()
