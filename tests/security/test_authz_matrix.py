"""The authorisation matrix: every URL of the URL conf × persona × {GET, POST}, one cell per test.

The expected outcome of each cell is derived from the URL's row in ``PAGES`` (tests/intake/test_permissions_sweep.py,
the one table of who may open what; its docstring says how to add a row). A URL in the URL conf without a row
fails here, in every one of its cells, and in the sweep's coverage test.

Personas: an anonymous visitor; intake staff, a reviewer and an organisation admin of organisation A (which
owns every object the URLs point at); and the same three roles in organisation B. Outcomes:

* ``200``: the page opens (GET by a role the page allows).
* ``handled``: the view ran and answered (a POST with empty data by an allowed role: 200 with form errors,
  a redirect elsewhere than the login page, or 400 for a malformed request).
* ``login``: 302 to the login page with ``next`` set to the URL asked for.
* ``403``: the role is refused; it is refused whether or not the object exists.
* ``404``: a role that would be allowed, asking for another organisation's object: it does not exist for them.
  (A public page's URL holds a secret, not an object: the calendar feed answers whoever holds its token.)
* ``405``: the method is not one the URL answers.
"""

from enum import StrEnum
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.intake.test_permissions_sweep import (
    PAGES,
    build_objects,
    is_object_url,
    url_conf_patterns,
    url_of,
)

METHODS = ("GET", "POST")
ANONYMOUS = "anonymous"
# persona -> (role, belongs to the objects' organisation, fixture of the signed-in client)
PERSONAS = {
    ANONYMOUS: (None, False, None),
    "intake": ("intake", True, "intake_client"),
    "reviewer": ("reviewer", True, "reviewer_client"),
    "orgadmin": ("admin", True, "admin_client_org"),
    "other_org_intake": ("intake", False, "outsider_intake_client"),
    "other_org_reviewer": ("reviewer", False, "outsider_client"),
    "other_org_orgadmin": ("admin", False, "outsider_admin_client"),
}
OUTSIDERS = [persona for persona, (role, own, _fixture) in PERSONAS.items() if role and not own]


class Outcome(StrEnum):
    OPENS = "200"
    HANDLED = "handled"
    LOGIN = "login"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    NOT_ALLOWED = "405"


def expected_outcome(name: str, persona: str, method: str) -> Outcome | None:
    """The cell's expected outcome from the URL's row; None when the URL has no row yet."""
    page = PAGES.get(name)
    if page is None:
        return None
    role, own_organisation, _fixture = PERSONAS[persona]
    if persona == ANONYMOUS and not page.public:
        return Outcome.LOGIN
    if method not in page.methods:
        return Outcome.NOT_ALLOWED
    if persona != ANONYMOUS and role not in page.roles:
        return Outcome.FORBIDDEN
    if not own_organisation and persona != ANONYMOUS and is_object_url(name) and not page.public:
        return Outcome.NOT_FOUND
    if method == "GET" and page.opens:
        return Outcome.OPENS
    return Outcome.HANDLED


URL_NAMES = sorted(str(name) for name, _route, _entry in url_conf_patterns())
CELLS = [
    pytest.param(
        name, persona, method, id=f"{name}|{persona}|{method}->{expected_outcome(name, persona, method)}"
    )
    for name in URL_NAMES
    for persona in PERSONAS
    for method in METHODS
]


@pytest.fixture
def objects(org, intake_user, reviewer):
    return build_objects(org, intake_user, reviewer)


def client_for(request, persona: str) -> Client:
    fixture = PERSONAS[persona][2]
    return Client() if fixture is None else request.getfixturevalue(fixture)


def outcome_of(response, url: str) -> Outcome | str:
    status = response.status_code
    if status == 302 and urlsplit(response["Location"]).path == "/accounts/login/":
        assert parse_qs(urlsplit(response["Location"]).query).get("next") == [url]
        return Outcome.LOGIN
    refusals = {403: Outcome.FORBIDDEN, 404: Outcome.NOT_FOUND, 405: Outcome.NOT_ALLOWED}
    if status in refusals:
        return refusals[status]
    if status in (200, 302, 400):
        return Outcome.HANDLED
    return f"unexpected status {status}"


def test_the_matrix_has_every_persona_and_method_for_every_url():
    # Guards the parametrisation itself: an empty URL conf walk or persona list would pass vacuously.
    assert len(URL_NAMES) > 20
    assert len(CELLS) == len(URL_NAMES) * 7 * 2


@pytest.mark.parametrize(("name", "persona", "method"), CELLS)
def test_authorisation_matrix(request, objects, name, persona, method):
    expected = expected_outcome(name, persona, method)
    assert expected is not None, (
        f"{name} has no row in PAGES (tests/intake/test_permissions_sweep.py): say who may open it"
    )
    url = url_of(name, objects)
    client = client_for(request, persona)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if expected is Outcome.OPENS:
        assert response.status_code == 200, f"{persona} {method} {url}"
    else:
        assert outcome_of(response, url) == expected, f"{persona} {method} {url}: {response.status_code}"


# --- Staff of another organisation learn nothing about org A's objects -------------------------------------------

# A public page's URL keyword is a secret (the calendar feed's token), not an organisation's object.
OBJECT_URL_NAMES = sorted(name for name in PAGES if is_object_url(name) and not PAGES[name].public)
MISSING = SimpleNamespace(pk=2_000_000_000, number=999)  # stands in for any object: ids nobody has


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize("name", OBJECT_URL_NAMES)
def test_another_organisations_object_answers_exactly_like_one_that_does_not_exist(
    request, objects, name, persona
):
    existing = url_of(name, objects)
    missing = url_of(name, {key: MISSING for key in objects})
    assert existing != missing
    client = client_for(request, persona)
    for method in METHODS:
        call = client.get if method == "GET" else client.post
        assert call(existing).status_code == call(missing).status_code, f"{persona} {method} {existing}"
