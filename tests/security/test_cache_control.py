"""Nothing shown to a signed-in user may be cached: every authenticated response says ``private, no-store``.

Pages, htmx fragments, form errors, redirects, refusals and documents alike, for every URL of the URL conf
(the rows of tests/intake/test_permissions_sweep.py), by a role allowed to use it and by one that is not.
"""

import pytest

from tests.intake.test_permissions_sweep import PAGES, ROLES, build_objects, url_of

NO_STORE = "private, no-store"


@pytest.fixture
def clients(intake_client, reviewer_client, admin_client_org):
    return {"intake": intake_client, "reviewer": reviewer_client, "admin": admin_client_org}


@pytest.mark.parametrize("name", sorted(name for name, page in PAGES.items() if not page.public))
def test_every_authenticated_response_is_private_and_not_stored(clients, org, intake_user, reviewer, name):
    objects = build_objects(org, intake_user, reviewer)
    url = url_of(name, objects)
    page = PAGES[name]
    allowed = next(role for role in ROLES if role in page.roles)
    refused = next((role for role in ROLES if role not in page.roles), None)
    answers = []
    for method in sorted(page.methods):
        call = clients[allowed].get if method == "GET" else clients[allowed].post
        answers.append(
            (f"{allowed} {method}", call(url, {}, HTTP_HX_REQUEST="true") if method == "POST" else call(url))
        )
    if refused:
        answers.append((f"{refused} GET (refused)", clients[refused].get(url)))
    for label, response in answers:
        assert response.get("Cache-Control") == NO_STORE, f"{label} {url}: {response.status_code}"


def test_a_not_found_page_and_a_document_are_not_stored_either(intake_client, org, intake_user, reviewer):
    objects = build_objects(org, intake_user, reviewer)
    assert intake_client.get("/no-such-page/")["Cache-Control"] == NO_STORE
    download = url_of("analysis:document_download", objects)
    assert intake_client.get(download)["Cache-Control"] == NO_STORE
