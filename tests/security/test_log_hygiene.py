"""No client text in application logs.

A whole journey runs through the Django test client, the way staff use the app: a failed sign-in, intake
creates a case for a client with a distinctive name, records the warden request, types arguments with medical
details (with the live triage preview), pastes a letter, runs triage and submits; a reviewer opens the review
page, overrides one argument with a reason, accepts the rest, approves and downloads every document; along the
way a 404, a 403, a 400 and a CSRF refusal. Every log record emitted meanwhile is captured, with the root
logger at DEBUG (what ``LOG_LEVEL=DEBUG`` gives) and the named loggers at the levels ``settings.LOGGING``
sets, SQL logging switched on at the database connection so that only the ``django.db.backends`` level keeps
query parameters out; and no record's message, arguments, traceback or extra fields may contain the client's
name, register number or any of the marker words planted in the medical and argument text.
"""

import logging
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from analysis import documents_service
from analysis.models import Revision, StoredDocument
from intake.models import Case

PASSWORD = "correct-horse-battery-staple"  # tests.factories.make_user's password

CLIENT_NAME = "Xanthippe Quillfeather"
REGISTER_NUMBER = "87654-321"
# Made-up marker words, one per kind of client text; none of them occurs in the app's own text.
MEDICAL = "He has end-stage cholangiocarcinoma and the Butner oncologist gives him months; see Zorblax scan."
FAMILY = "His wife Ophelindra died in 2023 and their two children have no other caregiver."
ARGUMENT = "His sentence was unlawful because the court misread the guidelines, Quibbleton says."
WARDEN_GROUNDS = "Terminal cholangiocarcinoma; the Vexmoor clinic confirmed it."
LETTER = (
    "Dear counsel, I am writing because my liver cancer came back and the Plumbrook doctors say it is "
    "spreading. Also my mother Grizeldine is dying and nobody can care for her."
)
OVERRIDE_REASON = "The Snorkelwick report shows the claim is about present circumstances, not validity."
SECRETS = (
    CLIENT_NAME,
    *CLIENT_NAME.split(),
    REGISTER_NUMBER,
    "87654321",
    "cholangiocarcinoma",
    "Zorblax",
    "Ophelindra",
    "Quibbleton",
    "Vexmoor",
    "Plumbrook",
    "Grizeldine",
    "Snorkelwick",
)

_STANDARD_RECORD_FIELDS = set(vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None))) | {
    "message",
    "asctime",
}


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not any(record is seen for seen in self.records):
            self.records.append(record)


def _record_text(record: logging.LogRecord) -> str:
    """Everything a log handler could write out for this record: message, args, traceback and extras."""
    formatted = logging.Formatter("%(name)s %(levelname)s %(message)s").format(record)
    extras = [repr(value) for key, value in vars(record).items() if key not in _STANDARD_RECORD_FIELDS]
    return "\n".join([formatted, repr(record.args), *extras])


@pytest.fixture
def captured_logs():
    """Capture every record that reaches the root logger or a logger that does not propagate to it."""
    capture = _Capture()
    root = logging.getLogger()
    non_propagating = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    # django.server (runserver's request lines) does not propagate; name it even if nothing created it yet.
    targets = [root, *non_propagating, logging.getLogger("django.server")]
    previous_level = root.level
    root.setLevel(logging.DEBUG)
    for logger in targets:
        logger.addHandler(capture)
    previous_debug_cursor = connection.force_debug_cursor
    connection.force_debug_cursor = True  # SQL with its parameters goes to django.db.backends at DEBUG
    try:
        yield capture.records
    finally:
        connection.force_debug_cursor = previous_debug_cursor
        for logger in targets:
            logger.removeHandler(capture)
        root.setLevel(previous_level)


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def _version(case: Case) -> str:
    return str(Case.objects.values_list("version", flat=True).get(pk=case.pk))


def _run_the_journey(outsider_client) -> Case:
    # A mistyped password first.
    mistyped = Client()
    assert mistyped.post(reverse("login"), {"username": "alice", "password": "wrong"}).status_code == 200
    assert "_auth_user_id" not in mistyped.session

    intake = _sign_in("alice")
    response = intake.post(
        reverse("intake:case_create"),
        {
            "client": "",
            "client-name": CLIENT_NAME,
            "client-register_number": REGISTER_NUMBER.replace("-", ""),
            "client-facility": "FCI Butner",
            "district": "vaed",
            "docket_number": "3:11-cr-00042",
            "offenses": "Possession with intent to distribute.",
            "sentence_months": "240",
            "sentence_date": "2012-03-01",
            "prior_2255_count": "0",
        },
    )
    assert response.status_code == 302, "case not created"
    case = Case.objects.get(client__name=CLIENT_NAME)

    response = intake.post(
        reverse("intake:warden_request_edit", args=[case.pk]),
        {
            "submitted_on": "2024-01-10",
            "grounds": WARDEN_GROUNDS,
            "response": "denied",
            "response_on": "2024-02-01",
        },
    )
    assert response.status_code == 302, "warden request not saved"

    preview = reverse("analysis:triage_preview", args=[case.pk])
    assert intake.post(preview, {"text": MEDICAL}, HTTP_HX_REQUEST="true").status_code == 200
    add = reverse("intake:argument_create", args=[case.pk])
    for text in (MEDICAL, FAMILY, ARGUMENT):
        assert (
            intake.post(add, {"text": text, "source": "client_letter"}, HTTP_HX_REQUEST="true").status_code
            == 200
        )
    # An edit that fails validation echoes the text back in the form; it must not echo it into a log.
    first = case.arguments.first()
    edit = reverse("intake:argument_edit", args=[case.pk, first.pk])
    assert intake.get(edit).status_code == 200
    assert intake.post(edit, {"text": MEDICAL + " " * 5000 + "x", "source": "staff"}).status_code == 200

    letter = reverse("analysis:letter_split", args=[case.pk])
    proposed = re.findall(
        r'<textarea[^>]*name="proposal-\d+"[^>]*>(.*?)</textarea>',
        intake.post(letter, {"letter": LETTER}).content.decode(),
        re.S,
    )
    assert proposed, "the letter gave no proposals"
    kept = {"action": "keep", "count": str(len(proposed))}
    for i, text in enumerate(proposed):
        kept |= {f"keep-{i}": "1", f"proposal-{i}": unescape(text)}
    assert intake.post(letter, kept).status_code == 302

    assert intake.post(reverse("analysis:run_triage", args=[case.pk])).status_code == 302
    assert intake.get(reverse("intake:case_detail", args=[case.pk])).status_code == 200
    assert intake.get(reverse("intake:case_history", args=[case.pk])).status_code == 200
    assert intake.get(reverse("intake:case_list"), {"q": CLIENT_NAME}).status_code == 200
    intake.post(reverse("analysis:submit_for_review", args=[case.pk]), {"version": _version(case)})
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW, "case not submitted"

    # Faults along the way: a 404, a 403, a 400, a CSRF refusal and another organisation's 404.
    assert intake.get(reverse("intake:case_detail", args=[case.pk + 1000])).status_code == 404
    assert intake.get(reverse("intake:staff_list")).status_code == 403
    move = reverse("intake:argument_move", args=[case.pk, first.pk])
    assert intake.post(move, {"direction": CLIENT_NAME}).status_code == 400
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(case.created_by)
    assert strict.post(add, {"text": MEDICAL, "source": "staff"}).status_code == 403
    assert outsider_client.get(reverse("intake:case_detail", args=[case.pk])).status_code == 404

    reviewer = _sign_in("rita")
    assert reviewer.get(reverse("analysis:review_queue")).status_code == 200
    assert reviewer.get(reverse("analysis:case_review", args=[case.pk])).status_code == 200
    arguments = list(case.arguments.all())
    override, *others = arguments
    decide = "analysis:decide_argument"
    response = reviewer.post(
        reverse(decide, args=[case.pk, override.pk]),
        {
            f"a{override.pk}-version": _version(case),
            f"a{override.pk}-decision": "override",
            f"a{override.pk}-outcome": "compassionate_release/medical",
            f"a{override.pk}-reason": OVERRIDE_REASON,
        },
    )
    assert response.status_code == 302
    for argument in others:
        reviewer.post(
            reverse(decide, args=[case.pk, argument.pk]),
            {f"a{argument.pk}-version": _version(case), f"a{argument.pk}-decision": "accept"},
        )
    response = reviewer.post(
        reverse("analysis:approve", args=[case.pk]),
        {"version": _version(case), "threshold_acknowledged": "on"},
    )
    case.refresh_from_db()
    assert case.status == Case.Status.APPROVED, "case not approved"

    revision = Revision.objects.get(case=case)
    slugs = documents_service.document_slugs()
    assert sorted(StoredDocument.objects.filter(revision=revision).values_list("slug", flat=True)) == sorted(
        slugs
    )
    for slug in slugs:
        download = reverse("analysis:document_download", args=[case.pk, revision.number, slug])
        assert reviewer.get(download).status_code == 200
    assert intake.get(reverse("analysis:document_preview", args=[case.pk, slugs[0]])).status_code == 200
    return case


def test_a_whole_journey_logs_no_client_text(captured_logs, intake_user, reviewer, outsider_client):
    _run_the_journey(outsider_client)

    # The capture works: the refusals and failures of the journey were logged.
    messages = [record.getMessage() for record in captured_logs]
    assert any(message.startswith("Not Found:") for message in messages)
    assert any(message.startswith("Forbidden") for message in messages)
    assert any(message.startswith("Bad Request:") for message in messages)

    leaks = [
        (record.name, secret, _record_text(record)[:300])
        for record in captured_logs
        for secret in SECRETS
        if secret.lower() in _record_text(record).lower()
    ]
    assert not leaks, f"client text in application logs: {leaks}"


def test_the_check_would_catch_client_text_in_a_log_record(captured_logs, db):
    # Guards the test above against passing vacuously: a leak in any part of a record is found, and SQL
    # logging is live, so only the configured level of django.db.backends keeps query parameters out.
    logging.getLogger("intake.views").info("Opened case of %s", CLIENT_NAME)
    logging.getLogger("analysis").warning("plain", extra={"argument": MEDICAL})
    sql = logging.getLogger("django.db.backends")
    configured = sql.level
    sql.setLevel(logging.DEBUG)
    try:
        Case.objects.filter(client__name=CLIENT_NAME).exists()
    finally:
        sql.setLevel(configured)
    found = [record for record in captured_logs if any(secret in _record_text(record) for secret in SECRETS)]
    assert [record.name for record in found] == ["intake.views", "analysis", "django.db.backends"]
