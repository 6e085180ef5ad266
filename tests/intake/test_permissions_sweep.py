"""A sweep over every URL pattern of the project: who may open what.

``PAGES`` is the expected-outcome table, keyed by URL name. The first test asserts that the URL conf and the
table name the same URLs, so a new URL fails the suite until its row is added here. To add a row:

* ``roles``: the roles of the page's own organisation that may use it (``MEMBERS``, ``EDITORS``, ``ADMINS``);
  every other role gets 403.
* ``public``: True only for the few pages that need no login (health checks); all others send an anonymous
  visitor to the login page.
* ``methods``: the HTTP methods it answers; the others get 405.
* ``kwargs`` (object URLs only): what fills each URL keyword: a key of the ``objects`` fixture below (its
  object's pk; extend the fixture when a new kind of object appears), or a callable taking that dict and
  returning the value (for slugs and numbers). Keywords missing from ``kwargs`` are filled from
  ``DEFAULT_KWARG_OBJECTS``.
* ``opens``: False when an allowed role cannot open the page with the sweep's objects (it needs something
  the fixture does not build, such as an approved revision); the other checks still run.

Admin (``admin/``) and ``accounts/`` are Django's own and are left out; tests/intake/test_accounts.py covers
the account pages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_argument, make_case, make_warden_request

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
        kwargs={"number": lambda objects: 1, "slug": lambda objects: _a_document_slug()},
        opens=False,
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
PRIVATE_PAGES = sorted(name for name, page in PAGES.items() if not page.public)
PUBLIC_PAGES = sorted(name for name, page in PAGES.items() if page.public)
ADMIN_PAGES = sorted(name for name, page in PAGES.items() if page.roles == ADMINS)


def _request(client: Client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.fixture
def objects(org, intake_user, reviewer):
    """Organisation A's objects, one of each kind a URL can point at; all reachable by org A's editors."""
    case = make_case(org, created_by=intake_user, assigned_to=intake_user)
    make_warden_request(case)
    argument = make_argument(case, text="He has stage IV lung cancer.")
    make_argument(case, text="His mother died and no one cares for his children.")
    return {"case": case, "argument": argument, "staff_member": reviewer}


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


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_anonymous_visitor_is_sent_to_the_login_page_for_get_and_post(client, objects, name):
    url = url_of(name, objects)
    for method in ("GET", "POST"):
        response = _request(client, method, url)
        assert response.status_code == 302, f"{method} {url}"
        location = urlsplit(response["Location"])
        assert location.path == "/accounts/login/"
        assert parse_qs(location.query)["next"] == [url]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_answer_anonymous_visitors_without_a_login(client, objects, name):
    url = url_of(name, objects)
    response = client.get(url)
    assert response.status_code == 200
    assert b"<html" not in response.content  # machine-readable, and shows no page chrome or data


def test_only_health_checks_are_public():
    assert PUBLIC_PAGES == ["healthz"]


# --- Staff of another organisation ------------------------------------------------------------------------


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_user_of_another_organisation_gets_404_on_every_object_url(outsider_clients_by_role, objects, name):
    page = PAGES[name]
    url = url_of(name, objects)
    for role, client in outsider_clients_by_role.items():
        for method in sorted(page.methods):
            status = _request(client, method, url).status_code
            if role in page.roles:
                # Their role would open this page in their own organisation: the object must not exist for them.
                assert status == 404, f"{role} of org B, {method} {url}"
            else:
                assert status in (403, 404), f"{role} of org B, {method} {url}"


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


# --- Roles within the organisation ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_intake_user_is_refused_admin_only_pages(intake_client, objects, name):
    url = url_of(name, objects)
    for method in sorted(PAGES[name].methods):
        assert _request(intake_client, method, url).status_code == 403, f"{method} {url}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_roles_the_page_does_not_allow_are_refused_with_403(clients_by_role, objects, name):
    page = PAGES[name]
    url = url_of(name, objects)
    for role in sorted(set(ROLES) - page.roles):
        for method in sorted(page.methods):
            assert _request(clients_by_role[role], method, url).status_code == 403, f"{role}, {method} {url}"


@pytest.mark.parametrize(
    "name", sorted(name for name, page in PAGES.items() if "GET" in page.methods and page.opens)
)
def test_allowed_roles_open_every_page(clients_by_role, objects, name):
    url = url_of(name, objects)
    for role in sorted(PAGES[name].roles):
        response = clients_by_role[role].get(url)
        assert response.status_code == 200, f"{role}, GET {url}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_wrong_method_is_refused_with_405(clients_by_role, objects, name):
    page = PAGES[name]
    url = url_of(name, objects)
    client = clients_by_role[sorted(page.roles)[0]]
    for method in sorted({"GET", "POST", "PUT", "DELETE"} - page.methods):
        response = client.generic(method, url)
        assert response.status_code == 405, f"{method} {url}"
