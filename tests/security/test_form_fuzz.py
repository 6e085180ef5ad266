"""Hostile input into every field of every intake, review, court, staff and sign-in form, through the real views.

For each field Hypothesis replaces that one value of an otherwise valid submission with arbitrary Unicode (NUL and
other control characters, bidi marks, combining marks, emoji, 100 kB strings, digits that are not ASCII). Each
submission must answer without a server error; a submission the app refuses must leave the database exactly as it
was (row counts and a content hash of every intake and analysis table), and one it accepts must store free text
as typed. Every example runs in a savepoint that is rolled back, so examples do not see each other's rows.

Run it on PostgreSQL too (``DATABASE_URL=postgres://…``): PostgreSQL refuses NUL in text, which SQLite stores.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import Client as DjangoClient
from django.urls import reverse
from django.utils.text import normalize_newlines
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import court, documents_service, review
from analysis.models import Decision, Filing, ReviewNote
from intake.models import Argument, Case, Client, User
from intake.services import argument_fingerprint
from tests.factories import (
    accept_every_argument,
    backdate_approval,
    make_argument,
    make_case,
    make_case_in_review,
    make_organisation,
    make_user,
    make_warden_request,
)

PASSWORD = "correct-horse-battery-staple"  # tests.factories.make_user
HUNDRED_KB = 100_000
# Rows that record a read (the access log), not a change a form could have made.
READ_RECORDS = {"CaseAccess"}

NASTY = [
    "\x00",
    "He has cancer.\x00",
    "\x00" * 64,
    "\x01\x02\x07\x08\x0b\x0c\x0e\x1b[31m\x7f\x85",
    "\u200f\u200e\u202a\u202b\u202c\u202d\u202e",
    "\u202eredro desrever\u202c",
    "\u2066isolate\u2069 \u061c",
    "e\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309",
    "Z\u0335\u0336\u0337\u0338" * 40,
    "👨‍👩‍👧‍👦🏳️‍🌈🙂",
    "\ufeff\ufffe\uffff\U0010ffff\U0001f4a9",
    "\u2028\u2029\u00a0\u3000",
    "\r\n\r\n",
    "²",
    "١٢٣٤٥٦٧٨",
    "９９",
    "9" * 5000,
    "-1",
    "0",
    "1e309",
    "NaN",
    "2020-02-30",
    "' OR 1=1 --",
    "%00",
    "{{7*7}}",
    " ",
    "",
]

big_strings = st.text(min_size=1, max_size=4).map(lambda s: (s * (HUNDRED_KB // len(s) + 1))[:HUNDRED_KB])
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(NASTY),
    st.tuples(st.text(max_size=40), st.sampled_from(NASTY), st.text(max_size=40)).map("".join),
    big_strings,
)


# --- the world the forms act on ---------------------------------------------------------------------------------


@dataclass
class World:
    intake: User
    reviewer: User
    admin: User
    colleague: User
    draft: Case
    argument: Argument
    in_review: Case
    approved: Case  # no motion filed yet
    filed: Case  # approved, with motion 1 pending
    clients: dict[str, DjangoClient] = field(default_factory=dict)

    @property
    def review_argument(self) -> Argument:
        return self.in_review.arguments.first()

    def version(self) -> str:
        return str(Case.objects.get(pk=self.in_review.pk).version)


def _approved_case(organisation, author: User, reviewer: User) -> Case:
    case = make_case_in_review(organisation, created_by=author, texts=["He has stage IV lung cancer."])
    accept_every_argument(case, reviewer)
    review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    case.refresh_from_db()
    return case


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end: each test (``db``) and each
    example (``submit``) runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as patch:
        # Approval would render every document; what this file tests is the input, not the rendering.
        patch.setattr(documents_service, "store_revision_documents", lambda revision: [])
        org = make_organisation(name="Fuzz Defenders")
        intake_user = make_user(org, "alice", role="intake")
        reviewer = make_user(org, "rita", role="reviewer")
        admin = make_user(org, "omar", role="admin")
        colleague = make_user(org, "bob", role="intake")
        draft = make_case(org, created_by=intake_user, assigned_to=intake_user)
        make_warden_request(draft)
        argument = make_argument(draft, text="He has stage IV lung cancer.")
        in_review = make_case_in_review(org, created_by=intake_user, texts=["He has stage IV lung cancer."])
        accept_every_argument(in_review, reviewer)
        approved, filed = (_approved_case(org, intake_user, reviewer) for _ in range(2))
        for case in (approved, filed):
            backdate_approval(case, date(2024, 1, 1))  # before the motions filed below, on 2024-01-10
        court.record_filing(
            case=filed, filing=Filing(filed_on=date(2024, 1, 10), docket_entry=101), by=intake_user
        )
        clients = {"anonymous": DjangoClient()}
        for role, user in (("intake", intake_user), ("reviewer", reviewer), ("admin", admin)):
            clients[role] = DjangoClient()
            clients[role].force_login(user)
        yield World(
            intake_user, reviewer, admin, colleague, draft, argument, in_review, approved, filed, clients
        )
        transaction.set_rollback(True)


@pytest.fixture
def world(module_world, db) -> World:
    return module_world


# --- every form -------------------------------------------------------------------------------------------------


@dataclass
class Target:
    """One form: who submits it, where, a valid submission, and where accepted free text is stored."""

    role: str
    url: Callable[[World], str]
    valid: Callable[[World], dict[str, str]]
    method: str = "post"
    saves: bool = True  # False: the view only shows something (preview, search) and must never write
    stored: dict[str, Callable[[World], str]] = field(default_factory=dict)


def _case_fields(w: World) -> dict[str, str]:
    return {
        "district": "vaed",
        "docket_number": "3:19-cr-00777",
        "offenses": "21 U.S.C. § 841(a)(1)",
        "sentence_months": "120",
        "sentence_date": "2015-03-02",
        "current_sentence_months": "",
        "sentence_reduced_on": "",
        "sentence_note": "",
        "judgment_final_date": "2015-04-01",
        "prior_2255_count": "0",
        "last_2255_date": "",
        "motion_filed_on": "",
        "assigned_to": str(w.intake.pk),
    }


def _client_fields(register_number: str) -> dict[str, str]:
    return {
        "client-name": "Dwayne Fuzz",
        "client-register_number": register_number,
        "client-date_of_birth": "1970-01-01",
        "client-facility": "FCI Butner",
        "client-projected_release_date": "2030-01-01",
    }


def _decision_fields(w: World) -> dict[str, str]:
    prefix = f"a{w.review_argument.pk}"
    return {
        f"{prefix}-version": w.version(),
        f"{prefix}-decision": "override",
        f"{prefix}-outcome": "compassionate_release/other",
        f"{prefix}-reason": "The medical records show the diagnosis.",
    }


def _newest(model, attribute: str) -> Callable[[World], str]:
    return lambda w: getattr(model.objects.order_by("-pk").first(), attribute)


def _case_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.draft.pk])


def _review_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.in_review.pk])


TARGETS: dict[str, Target] = {
    "case-create": Target(
        "intake",
        lambda w: reverse("intake:case_create"),
        lambda w: {"client": "", **_client_fields("31234083"), **_case_fields(w)},
        stored={
            "client-name": _newest(Client, "name"),
            "client-facility": _newest(Client, "facility"),
            "offenses": _newest(Case, "offenses"),
        },
    ),
    "case-edit": Target(
        "intake",
        _case_url("intake:case_edit"),
        lambda w: {**_client_fields(w.draft.client.register_number), **_case_fields(w)},
        stored={
            "client-name": lambda w: Client.objects.get(pk=w.draft.client_id).name,
            "client-facility": lambda w: Client.objects.get(pk=w.draft.client_id).facility,
            "offenses": lambda w: Case.objects.get(pk=w.draft.pk).offenses,
        },
    ),
    "warden-request": Target(
        "intake",
        _case_url("intake:warden_request_edit"),
        lambda w: {
            "submitted_on": "2020-05-15",
            "received_on": "2020-05-20",
            "grounds": "Stage IV lung cancer.",
            "grounds_verbatim": "on",
            "response": "denied",
            "response_on": "2020-06-01",
            "bp10_filed_on": "2020-06-10",
            "bp11_filed_on": "",
            "appeals_exhausted_on": "",
            "terminal_illness": "on",
        },
        stored={"grounds": lambda w: Case.objects.get(pk=w.draft.pk).warden_request.grounds},
    ),
    "argument-create": Target(
        "intake",
        _case_url("intake:argument_create"),
        lambda w: {
            "text": "He is 71 and has served 20 years.",
            "source": "staff",
            "is_verbatim": "on",
            "raised_in_request": "yes",
        },
        stored={"text": _newest(Argument, "text")},
    ),
    "argument-edit": Target(
        "intake",
        lambda w: reverse("intake:argument_edit", args=[w.draft.pk, w.argument.pk]),
        lambda w: {
            "text": "He has stage IV lung cancer that has spread.",
            "source": "counsel",
            "is_verbatim": "",
            "raised_in_request": "no",
            "fingerprint": argument_fingerprint(w.argument.text, w.argument.source),
        },
        stored={"text": lambda w: Argument.objects.get(pk=w.argument.pk).text},
    ),
    "letter-split": Target(
        "intake",
        _case_url("analysis:letter_split"),
        lambda w: {"letter": "I have stage IV cancer. My lawyer never told me about the plea offer."},
        saves=False,
    ),
    "letter-keep": Target(
        "intake",
        _case_url("analysis:letter_split"),
        lambda w: {"action": "keep", "count": "1", "keep-0": "1", "proposal-0": "I have stage IV cancer."},
        stored={"proposal-0": _newest(Argument, "text")},
    ),
    "triage-preview": Target(
        "intake",
        _case_url("analysis:triage_preview"),
        lambda w: {"text": "He has stage IV lung cancer."},
        saves=False,
    ),
    "review-decision": Target(
        "reviewer",
        lambda w: reverse("analysis:decide_argument", args=[w.in_review.pk, w.review_argument.pk]),
        _decision_fields,
        stored={"a{pk}-reason": lambda w: Decision.objects.get(argument=w.review_argument).reason},
    ),
    "request-changes": Target(
        "reviewer",
        _review_url("analysis:request_changes"),
        lambda w: {"version": w.version(), "comment": "Say when the cancer was diagnosed."},
        stored={"comment": _newest(ReviewNote, "text")},
    ),
    "approve": Target(
        "reviewer",
        _review_url("analysis:approve"),
        lambda w: {"version": w.version(), "threshold_acknowledged": "on"},
    ),
    "filing-create": Target(
        "intake",
        lambda w: reverse("analysis:filing_create", args=[w.approved.pk]),
        lambda w: {"filed_on": "2024-01-10", "docket_entry": "101", "document": "Motion for a reduction"},
        stored={"document": _newest(Filing, "document")},
    ),
    "filing-response": Target(
        "intake",
        lambda w: reverse("analysis:filing_response", args=[w.filed.pk, 1]),
        lambda w: {
            "response_on": "2024-02-01",
            "response_docket_entry": "105",
            "threshold_position": "raised",
        },
    ),
    "filing-ruling": Target(
        "intake",
        lambda w: reverse("analysis:filing_ruling", args=[w.filed.pk, 1]),
        lambda w: {
            "ruling": "granted",
            "ruling_on": "2024-03-01",
            "ruling_docket_entry": "110",
            "new_term_months": "96",
            "time_served": "",
        },
    ),
    "staff-create": Target(
        "admin",
        lambda w: reverse("intake:staff_create"),
        lambda w: {
            "username": "newcomer",
            "first_name": "New",
            "last_name": "Comer",
            "email": "newcomer@example.org",
            "role": "intake",
            "bar_number": "",
            "is_active": "on",
            "password": "a long enough passphrase 42",
        },
        stored={"first_name": _newest(User, "first_name"), "last_name": _newest(User, "last_name")},
    ),
    "staff-edit": Target(
        "admin",
        lambda w: reverse("intake:staff_edit", args=[w.colleague.pk]),
        lambda w: {
            "username": "bob",
            "first_name": "Bob",
            "last_name": "Builder",
            "email": "bob@example.org",
            "role": "reviewer",
            "bar_number": "VSB No. 12345",
            "is_active": "on",
        },
        stored={
            "bar_number": lambda w: User.objects.get(pk=w.colleague.pk).bar_number,
            "first_name": lambda w: User.objects.get(pk=w.colleague.pk).first_name,
            "last_name": lambda w: User.objects.get(pk=w.colleague.pk).last_name,
        },
    ),
    "login": Target(
        "anonymous",
        lambda w: reverse("login"),
        lambda w: {"username": "alice", "password": PASSWORD, "next": "/cases/"},
    ),
    "case-search": Target(
        "intake",
        lambda w: reverse("intake:case_list"),
        lambda w: {
            "q": "Client",
            "status": "draft",
            "district": "vaed",
            "circuit": "4th",
            "assigned": str(w.intake.pk),
            "sort": "client",
            "page": "1",
        },
        method="get",
        saves=False,
    ),
    "access-log": Target(
        "admin",
        lambda w: reverse("intake:access_log"),
        lambda w: {"case": str(w.draft.pk), "user": str(w.intake.pk), "page": "1"},
        method="get",
        saves=False,
    ),
}

# Every field each form posts, written out so that a field added to a form without a line here fails
# test_every_form_field_is_fuzzed. ``{pk}`` is the reviewed argument's id (the decision form's prefix).
CLIENT_FIELDS = ["name", "register_number", "date_of_birth", "facility", "projected_release_date"]
CASE_FIELDS = [
    "district",
    "docket_number",
    "offenses",
    "sentence_months",
    "sentence_date",
    "current_sentence_months",
    "sentence_reduced_on",
    "sentence_note",
    "judgment_final_date",
    "prior_2255_count",
    "last_2255_date",
    "motion_filed_on",
    "assigned_to",
]
FIELDS: dict[str, list[str]] = {
    "case-create": ["client", *(f"client-{name}" for name in CLIENT_FIELDS), *CASE_FIELDS],
    "case-edit": [*(f"client-{name}" for name in CLIENT_FIELDS), *CASE_FIELDS],
    "warden-request": [
        "submitted_on",
        "received_on",
        "grounds",
        "grounds_verbatim",
        "response",
        "response_on",
        "bp10_filed_on",
        "bp11_filed_on",
        "appeals_exhausted_on",
        "terminal_illness",
    ],
    "argument-create": ["text", "source", "is_verbatim", "raised_in_request"],
    "argument-edit": ["text", "source", "is_verbatim", "raised_in_request", "fingerprint"],
    "letter-split": ["letter"],
    "letter-keep": ["action", "count", "keep-0", "proposal-0"],
    "triage-preview": ["text"],
    "review-decision": ["a{pk}-version", "a{pk}-decision", "a{pk}-outcome", "a{pk}-reason"],
    "request-changes": ["version", "comment"],
    "approve": ["version", "threshold_acknowledged"],
    "filing-create": ["filed_on", "docket_entry", "document"],
    "filing-response": ["response_on", "response_docket_entry", "threshold_position"],
    "filing-ruling": ["ruling", "ruling_on", "ruling_docket_entry", "new_term_months", "time_served"],
    "staff-create": [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "bar_number",
        "is_active",
        "password",
    ],
    "staff-edit": ["username", "first_name", "last_name", "email", "role", "bar_number", "is_active"],
    "login": ["username", "password", "next"],
    "case-search": ["q", "status", "district", "circuit", "assigned", "sort", "page"],
    "access-log": ["case", "user", "page"],
}
CASES = [(name, field_name) for name, fields in FIELDS.items() for field_name in fields]


def _resolve(w: World, name: str) -> str:
    return name.replace("{pk}", str(w.review_argument.pk))


def _valid(w: World, target: str) -> dict[str, str]:
    return TARGETS[target].valid(w)


# --- submitting and judging -------------------------------------------------------------------------------------


def _tables() -> list[tuple[str, str]]:
    models = [*apps.get_app_config("intake").get_models(), *apps.get_app_config("analysis").get_models()]
    return [(m._meta.db_table, m._meta.pk.column) for m in models if m.__name__ not in READ_RECORDS]


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every intake and analysis table (history tables included)."""
    state = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, pk in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")  # noqa: S608 - model names
            rows = [
                tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                for row in cursor.fetchall()
            ]
            state[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


@dataclass
class Outcome:
    status: int
    refused: bool
    error_shown: bool
    changed: list[str]
    stored: str | None


def submit(w: World, target_name: str, data: dict[str, str], stored_field: str | None = None) -> Outcome:
    """Send one submission in a savepoint that is rolled back afterwards, and judge what it did."""
    target = TARGETS[target_name]
    client = w.clients[target.role]
    client.cookies.pop("messages", None)  # judge only the messages of this request
    with transaction.atomic():
        before = database_fingerprint()
        response = getattr(client, target.method)(target.url(w), data)
        after = database_fingerprint()
        errors = [m for m in get_messages(response.wsgi_request) if m.level >= message_levels.ERROR]
        html = response.content.decode(errors="replace") if response.status_code == 200 else ""
        refused = response.status_code != 302 or bool(errors)
        getter = target.stored.get(stored_field) if stored_field else None
        stored = getter(w) if getter and not refused else None
        transaction.set_rollback(True)
    return Outcome(
        status=response.status_code,
        refused=refused,
        error_shown=bool(errors) or 'class="errorlist"' in html or 'class="form-errors"' in html,
        changed=[label for label in before if before[label] != after[label]],
        stored=stored,
    )


# Fields typed in a textarea: their line breaks are stored as "\n" however they were sent (config.forms.Textarea).
TEXTAREAS = {
    "offenses",
    "sentence_note",
    "grounds",
    "text",
    "proposal-0",
    "a{pk}-reason",
    "comment",
    "reason",
}


def check(outcome: Outcome, target_name: str, value: str, field_name: str = "") -> None:
    target = TARGETS[target_name]
    assert outcome.status < 500
    if not target.saves:
        assert outcome.changed == [], "a view that only shows something wrote to the database"
        return
    if outcome.refused:
        assert outcome.changed == [], "a refused submission changed the database"
        assert outcome.error_shown, "a refused submission did not say what was wrong"
    elif outcome.stored is not None:
        typed = normalize_newlines(value) if field_name in TEXTAREAS else value
        assert outcome.stored == typed.strip(), "accepted text was not stored as typed"


# --- the tests --------------------------------------------------------------------------------------------------


def test_every_form_field_is_fuzzed(world):
    """The list above matches what the valid submissions send and every field of the forms behind them."""
    from analysis.forms import (
        ApproveForm,
        DecisionForm,
        FilingForm,
        LetterForm,
        PreviewForm,
        RequestChangesForm,
        ResponseForm,
        RulingForm,
    )
    from intake.forms import (
        ArgumentEditForm,
        ArgumentForm,
        CaseForm,
        ClientForm,
        NewStaffMemberForm,
        StaffMemberForm,
        WardenRequestForm,
    )

    for name in TARGETS:
        assert set(_valid(world, name)) == {_resolve(world, f) for f in FIELDS[name]}, name
    forms = {
        "case-create": [*(f"client-{f}" for f in ClientForm.base_fields), *CaseForm.base_fields],
        "case-edit": [*(f"client-{f}" for f in ClientForm.base_fields), *CaseForm.base_fields],
        "warden-request": WardenRequestForm.base_fields,
        "argument-create": ArgumentForm.base_fields,
        "argument-edit": ArgumentEditForm.base_fields,
        "letter-split": LetterForm.base_fields,
        "triage-preview": PreviewForm.base_fields,
        "review-decision": [f"a{{pk}}-{f}" for f in DecisionForm.base_fields],
        "request-changes": RequestChangesForm.base_fields,
        "approve": ApproveForm.base_fields,
        "filing-create": FilingForm.base_fields,
        "filing-response": ResponseForm.base_fields,
        "filing-ruling": RulingForm.base_fields,
        "staff-create": NewStaffMemberForm.base_fields,
        "staff-edit": StaffMemberForm.base_fields,
    }
    for name, fields in forms.items():
        assert set(fields) <= set(FIELDS[name]), name


@pytest.mark.parametrize("valid_submission", list(TARGETS))
def test_the_valid_submissions_are_accepted(world, valid_submission):
    """Without this, every fuzzed submission could be refused for a reason that has nothing to do with it."""
    target = TARGETS[valid_submission]
    outcome = submit(world, valid_submission, _valid(world, valid_submission))
    assert outcome.status in (200, 302)
    if target.saves:
        assert not outcome.refused, valid_submission
        assert outcome.changed, valid_submission


@pytest.mark.parametrize(("target_name", "field_name"), CASES, ids=[f"{t}:{f}" for t, f in CASES])
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=hostile_text)
@example(value="He has cancer.\x00 And more.")
@example(value="\u202e" + "x" * HUNDRED_KB)
@example(value="²")
@example(value="Line one\r\nline two\rthree")  # a textarea stores "\n" however the line breaks came
def test_hostile_input_never_breaks_a_form_and_a_refusal_changes_nothing(
    world, target_name, field_name, value
):
    data = _valid(world, target_name)
    name = _resolve(world, field_name)
    data[name] = value
    outcome = submit(world, target_name, data, stored_field=field_name)
    check(outcome, target_name, value, field_name)


@pytest.mark.parametrize("target_name", list(TARGETS))
def test_bytes_that_are_not_utf8_are_read_safely(world, target_name):
    """A browser cannot send a lone surrogate (it is not UTF-8), but a broken client can send its bytes, or
    bytes that are no UTF-8 at all, in every field at once."""
    target = TARGETS[target_name]
    data = _valid(world, target_name)
    broken = "%ED%A0%80 %ED%B3%BF %FF%FE %C0%80 %F4%90%80%80"
    body = urlencode({key: "@" for key in data}).replace("%40", broken)
    client = world.clients[target.role]
    with transaction.atomic():
        before = database_fingerprint()
        if target.method == "get":
            response = client.get(f"{target.url(world)}?{body}")
        else:
            response = client.post(target.url(world), body, content_type="application/x-www-form-urlencoded")
        changed = before != database_fingerprint()
        transaction.set_rollback(True)
    assert response.status_code < 500
    if not target.saves:
        assert not changed


@pytest.mark.parametrize("sign_in_page", ["login", "admin:login"])
def test_an_over_long_username_is_refused_at_both_sign_in_pages(settings, world, sign_in_page):
    """Django's sign-in forms do not check the username's length before authenticating; the failed attempt
    django-axes then records must not break on a name longer than its column (PostgreSQL refuses it)."""
    settings.ADMIN_ENABLED = True  # off by default with DEBUG off, as in this suite
    client = world.clients["anonymous"]
    with transaction.atomic():
        before = database_fingerprint()
        response = client.post(reverse(sign_in_page), {"username": "x" * 300, "password": "wrong password"})
        changed = before != database_fingerprint()
        transaction.set_rollback(True)
    assert response.status_code == 200
    html = response.content.decode()
    assert any(marker in html for marker in ('class="form-errors"', 'class="errornote"')), "no error shown"
    assert not changed


@pytest.mark.parametrize("field_name", ["client-register_number", "docket_number"])
def test_digits_of_other_scripts_are_refused_next_to_the_field(world, field_name):
    """Python's \\d matches "٠" (Arabic-Indic zero); the database constraint does not, so a register number like
    this one used to be refused with no message at all."""
    data = _valid(world, "case-create")
    data[field_name] = {"client-register_number": "0000000٠", "docket_number": "3:04-cr-٠٠٠١٣"}[field_name]
    outcome = submit(world, "case-create", data)
    assert outcome.refused and outcome.changed == []
    assert outcome.error_shown
