"""A sweep over every URL pattern of the project: who may open what.

``PAGES`` is the expected-outcome table, keyed by URL name, and the only one: tests/security/test_authz_matrix.py
derives from it the outcome of every URL × persona (anonymous; intake, reviewer, org admin of the objects'
organisation; the same roles in another organisation) × GET/POST and checks each cell. The first test below
asserts that the URL conf and the table name the same URLs, so a new URL fails the suite until its row is added
here. To add a row:

* ``roles``: the roles of the page's own organisation that may use it (``MEMBERS``, ``EDITORS``, ``ADMINS``);
  every other role gets 403.
* ``public``: True only for the few pages that need no login (health checks, and the calendar feed, whose
  secret URL is the credential and answers whoever holds it); all others send an anonymous visitor to the
  login page.
* ``methods``: the HTTP methods it answers; the others get 405.
* ``kwargs`` (object URLs only): what fills each URL keyword: a key of the dict ``build_objects`` returns (its
  object's pk; extend ``build_objects`` when a new kind of object appears), or a callable taking that dict and
  returning the value (for slugs and numbers). Keywords missing from ``kwargs`` are filled from
  ``DEFAULT_KWARG_OBJECTS``.
* ``opens``: False when an allowed role cannot open the page with the sweep's objects (it needs something
  the fixture does not build); its GET cells then only check that the view ran, not that it answered 200.

Admin (``admin/``) and ``accounts/`` are Django's own and are left out; tests/intake/test_accounts.py covers
the account pages.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfWriter

from tests.factories import make_argument, make_case, make_exhibit, make_warden_request

GET = frozenset({"GET"})
POST = frozenset({"POST"})
GET_POST = frozenset({"GET", "POST"})

MEMBERS = frozenset({"intake", "reviewer", "admin"})
EDITORS = frozenset({"intake", "reviewer"})
REVIEWERS = frozenset({"reviewer"})
ADMINS = frozenset({"admin"})
ROLES = ("intake", "reviewer", "admin")

SKIPPED_PREFIXES = ("admin/", "accounts/")


@dataclass(frozen=True)
class Page:
    roles: frozenset[str]
    methods: frozenset[str]
    kwargs: dict[str, str | Callable[[dict], object]] = field(default_factory=dict)
    public: bool = False
    opens: bool = True


# URL keyword -> key of the ``objects`` fixture holding the organisation-A object that fills it.
DEFAULT_KWARG_OBJECTS = {"pk": "case", "argument_pk": "argument", "user_pk": "staff_member"}

PAGES: dict[str, Page] = {
    "healthz": Page(MEMBERS, GET, public=True),
    "intake:home": Page(MEMBERS, GET),
    "intake:case_list": Page(MEMBERS, GET),
    "intake:case_create": Page(EDITORS, GET_POST),
    "intake:case_detail": Page(MEMBERS, GET),
    "intake:case_edit": Page(EDITORS, GET_POST),
    "intake:case_history": Page(MEMBERS, GET),
    "intake:warden_request_edit": Page(EDITORS, GET_POST),
    "intake:argument_create": Page(EDITORS, POST),
    "intake:argument_edit": Page(EDITORS, GET_POST),
    "intake:argument_delete": Page(EDITORS, POST),
    "intake:argument_move": Page(EDITORS, POST),
    "intake:staff_list": Page(ADMINS, GET),
    "intake:staff_create": Page(ADMINS, GET_POST),
    "intake:staff_edit": Page(ADMINS, GET_POST),
    "intake:staff_send_reset": Page(ADMINS, POST),
    "intake:access_log": Page(ADMINS, GET),
    "intake:pipeline": Page(ADMINS, GET),
    "intake:own_email": Page(MEMBERS, GET_POST),
    # Erasing a client's case and the retention list: organisation admins only.
    "intake:retention": Page(ADMINS, GET),
    "intake:case_erase": Page(ADMINS, GET_POST),
    # analysis: triage, review and documents. Rows follow the views' decorators; its engineer owns them.
    "analysis:run_triage": Page(EDITORS, POST),
    "analysis:triage_preview": Page(EDITORS, POST),
    "analysis:letter_split": Page(EDITORS, GET_POST),
    "analysis:submit_for_review": Page(EDITORS, POST),
    "analysis:reopen": Page(EDITORS, POST),
    "analysis:case_review": Page(MEMBERS, GET),
    "analysis:review_queue": Page(REVIEWERS, GET),
    "analysis:decide_argument": Page(REVIEWERS, POST),
    "analysis:accept_all": Page(REVIEWERS, POST),
    "analysis:request_changes": Page(REVIEWERS, POST),
    "analysis:approve": Page(REVIEWERS, POST),
    "analysis:document_preview": Page(MEMBERS, GET, kwargs={"slug": lambda objects: _a_document_slug()}),
    "analysis:document_download": Page(
        MEMBERS,
        GET,
        kwargs={
            "number": lambda objects: objects["revision"].number,
            "slug": lambda objects: _a_document_slug(),
        },
    ),
    # After filing: anyone in the organisation reads the court tab; editors record filings and rulings.
    "analysis:court": Page(MEMBERS, GET),
    "analysis:filing_create": Page(EDITORS, GET_POST),
    "analysis:filing_response": Page(
        EDITORS, GET_POST, kwargs={"number": lambda objects: objects["filing"].number}
    ),
    "analysis:filing_ruling": Page(
        EDITORS, GET_POST, kwargs={"number": lambda objects: objects["filing"].number}
    ),
    # Exhibits: anyone in the organisation downloads them and the filing packet; editors add, order and delete.
    "analysis:exhibit_create": Page(EDITORS, GET_POST),
    "analysis:exhibit_download": Page(MEMBERS, GET, kwargs={"exhibit_pk": "exhibit"}),
    "analysis:exhibit_move": Page(EDITORS, POST, kwargs={"exhibit_pk": "exhibit"}),
    "analysis:exhibit_delete": Page(EDITORS, GET_POST, kwargs={"exhibit_pk": "exhibit"}),
    "analysis:filing_packet": Page(MEMBERS, GET),
    # When the law changes: only a reviewer decides.
    "analysis:decide_law_change": Page(REVIEWERS, POST, kwargs={"change_pk": "law_change"}),
    # Notifications: each member's own settings; the calendar feed is the one login-free page besides the
    # health check: its secret URL is the credential (a bad token is a 404, tests/analysis/test_notifications.py).
    "analysis:notification_settings": Page(MEMBERS, GET_POST),
    "analysis:calendar_feed": Page(
        MEMBERS, GET, public=True, kwargs={"token": lambda objects: objects["calendar_token"]}
    ),
}


def _a_document_slug() -> str:
    from analysis.documents_service import document_slugs

    return document_slugs()[0]


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not prefix and route in SKIPPED_PREFIXES:
                continue
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _walk(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + route, entry


def url_conf_patterns() -> list[tuple[str | None, str, URLPattern]]:
    return list(_walk(get_resolver().url_patterns))


def url_keywords(name: str) -> list[str]:
    patterns = [entry for found, _route, entry in url_conf_patterns() if found == name]
    assert len(patterns) == 1, f"{name} should name exactly one URL pattern"
    return list(patterns[0].pattern.regex.groupindex)


def is_object_url(name: str) -> bool:
    return bool(url_keywords(name))


def url_of(name: str, objects: dict) -> str:
    sources = {**DEFAULT_KWARG_OBJECTS, **PAGES[name].kwargs}
    kwargs = {}
    for keyword in url_keywords(name):
        assert keyword in sources, (
            f"{name}: say which object fills <{keyword}> (Page.kwargs or DEFAULT_KWARG_OBJECTS)"
        )
        source = sources[keyword]
        kwargs[keyword] = source(objects) if callable(source) else objects[source].pk
    return reverse(name, kwargs=kwargs)


OBJECT_PAGES = sorted(name for name in PAGES if is_object_url(name))
PUBLIC_PAGES = sorted(name for name, page in PAGES.items() if page.public)
ADMIN_PAGES = sorted(name for name, page in PAGES.items() if page.roles == ADMINS)


def build_objects(org, intake_user, reviewer) -> dict:
    """Organisation A's objects, one of each kind a URL can point at; all reachable by org A's editors."""
    from analysis.models import Filing, LawChange, Revision, StoredDocument

    case = make_case(org, created_by=intake_user, assigned_to=intake_user)
    make_warden_request(case)
    argument = make_argument(case, text="He has stage IV lung cancer.")
    make_argument(case, text="His mother died and no one cares for his children.")
    # A stored document to download. Its revision is a stand-in (no approval ran): permissions do not look at
    # its contents, and rendering real documents for every sweep cell would cost minutes.
    revision = Revision.objects.create(
        case=case,
        number=1,
        snapshot={},
        content_hash="0" * 64,
        rule_pack_version="sweep",
        approved_by=reviewer,
        approved_at=timezone.now(),
    )
    StoredDocument.objects.create(
        revision=revision,
        slug=_a_document_slug(),
        filename="sweep.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.7 sweep stand-in",
        sha256="0" * 64,
    )
    # A motion on record and a law change waiting for a reviewer, for the court and law-change URLs.
    filing = Filing.objects.create(
        case=case, number=1, revision=revision, filed_on=date(2020, 6, 15), docket_entry=12
    )
    law_change = LawChange.objects.create(
        case=case,
        argument=argument,
        old_rule_pack_version="2025.07.01",
        new_rule_pack_version="sweep",
        old_disposition="compassionate_release",
        old_ground="other",
        new_disposition="foreclosed",
        new_ground="change_in_law",
        old_result={},
        new_result={},
        text_sha256="0" * 64,
        found_at=timezone.now(),
    )
    from analysis import notifications

    # A one-page blank PDF: a real exhibit to download and merge, without a WeasyPrint render per cell.
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.write(blank)
    exhibit = make_exhibit(case, intake_user, content=blank.getvalue())
    return {
        "case": case,
        "argument": argument,
        "exhibit": exhibit,
        "calendar_token": notifications.new_calendar_token(reviewer),
        "staff_member": reviewer,
        "revision": revision,
        "filing": filing,
        "law_change": law_change,
    }


@pytest.fixture
def objects(org, intake_user, reviewer):
    return build_objects(org, intake_user, reviewer)


@pytest.fixture
def clients_by_role(intake_client, reviewer_client, admin_client_org):
    return {"intake": intake_client, "reviewer": reviewer_client, "admin": admin_client_org}


@pytest.fixture
def outsider_clients_by_role(outsider_intake_client, outsider_client, outsider_admin_client):
    """Signed-in staff of organisation B, one per role (the ``outsider`` persona is B's reviewer)."""
    return {"intake": outsider_intake_client, "reviewer": outsider_client, "admin": outsider_admin_client}


# --- Coverage of the table -----------------------------------------------------------------------------


def test_every_url_in_the_url_conf_has_a_row_in_the_expected_outcome_table():
    names = {name for name, _route, _entry in url_conf_patterns()}
    missing = names - set(PAGES)
    stale = set(PAGES) - names
    assert not missing, f"add these URLs to PAGES in {__name__}: {sorted(map(str, missing))}"
    assert not stale, f"these PAGES rows name no URL any more: {sorted(stale)}"


def test_every_url_pattern_has_a_name_so_the_sweep_can_cover_it():
    unnamed = [route for name, route, _entry in url_conf_patterns() if not name]
    assert not unnamed


def test_the_sweep_covers_object_urls_and_admin_pages():
    # Guards the sweep itself: an empty selection would make the tests below pass vacuously.
    assert {"intake:case_detail", "intake:argument_edit", "intake:staff_edit"} <= set(OBJECT_PAGES)
    assert {"intake:staff_list", "intake:staff_create", "intake:staff_edit"} <= set(ADMIN_PAGES)


# --- Anonymous visitors --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_answer_anonymous_visitors_without_a_login(client, objects, name):
    url = url_of(name, objects)
    response = client.get(url)
    assert response.status_code == 200
    assert b"<html" not in response.content  # machine-readable, and shows no page chrome or data


def test_only_health_checks_and_the_calendar_feed_are_public():
    assert PUBLIC_PAGES == ["analysis:calendar_feed", "healthz"]


# --- Staff of another organisation ------------------------------------------------------------------------


def test_outsiders_posting_to_object_urls_change_nothing(outsider_clients_by_role, objects):
    from intake.models import Argument, Case, User

    case, argument = objects["case"], objects["argument"]
    before = (
        list(Argument.objects.filter(case=case).values_list("pk", "text", "order")),
        Case.objects.filter(pk=case.pk).values_list("docket_number", "status").get(),
        User.objects.filter(pk=objects["staff_member"].pk).values_list("role", "is_active").get(),
    )
    post_data = {"text": "Planted by org B", "source": "staff", "direction": "down", "role": "admin"}
    for client in outsider_clients_by_role.values():
        for name in OBJECT_PAGES:
            if "POST" in PAGES[name].methods:
                client.post(url_of(name, objects), post_data)
    after = (
        list(Argument.objects.filter(case=case).values_list("pk", "text", "order")),
        Case.objects.filter(pk=case.pk).values_list("docket_number", "status").get(),
        User.objects.filter(pk=objects["staff_member"].pk).values_list("role", "is_active").get(),
    )
    assert after == before
    assert Argument.objects.filter(pk=argument.pk).exists()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_methods_other_than_get_and_post_are_refused_with_405(clients_by_role, objects, name):
    # GET and POST are cells of the matrix; the other verbs are checked here, for one allowed role.
    page = PAGES[name]
    url = url_of(name, objects)
    client = clients_by_role[sorted(page.roles)[0]]
    for method in ("PUT", "PATCH", "DELETE"):
        response = client.generic(method, url)
        assert response.status_code == 405, f"{method} {url}"
