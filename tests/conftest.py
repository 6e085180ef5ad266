"""Personas and shared fixtures: intake user and reviewer in org A, an org admin, and an outsider in org B."""

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config) -> None:
    if not config.pluginmanager.hasplugin("django"):
        return  # the engine's tests also run without Django (-p no:django)
    from django.conf import settings

    # Templates resolve {% static %} without a collectstatic run; whitenoise's manifest is for deployments.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded exhibits go to a throw-away folder, never the checkout's media/.
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sv-test-media-"))
    atexit.register(shutil.rmtree, settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def org(db):
    from tests.factories import make_organisation

    return make_organisation(name="Org A Defenders")


@pytest.fixture
def other_org(db):
    from tests.factories import make_organisation

    return make_organisation(name="Org B Clinic")


@pytest.fixture
def intake_user(org):
    from tests.factories import make_user

    return make_user(org, "alice", role="intake")


@pytest.fixture
def reviewer(org):
    from tests.factories import make_user

    return make_user(org, "rita", role="reviewer")


@pytest.fixture
def org_admin(org):
    from tests.factories import make_user

    return make_user(org, "omar", role="admin")


@pytest.fixture
def outsider(other_org):
    from tests.factories import make_user

    return make_user(other_org, "mallory", role="reviewer")


def _logged_in(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def intake_client(intake_user):
    from django.test import Client

    return _logged_in(Client, intake_user)


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    return _logged_in(Client, reviewer)


@pytest.fixture
def admin_client_org(org_admin):
    from django.test import Client

    return _logged_in(Client, org_admin)


@pytest.fixture
def outsider_client(outsider):
    from django.test import Client

    return _logged_in(Client, outsider)


@pytest.fixture
def case(org, intake_user):
    from tests.factories import make_case

    return make_case(org, created_by=intake_user)


@pytest.fixture
def in_review(org, intake_user):
    """Cancer (compassionate release), a plea offer (§ 2255), BOP credits (other vehicle), submitted by the intake
    user."""
    from tests.factories import make_case_in_review

    return make_case_in_review(org, created_by=intake_user)


@pytest.fixture
def real_documents():
    """Ask for this fixture to render documents for real at approval (WeasyPrint) where ``skip_document_rendering``
    is in use."""


@pytest.fixture
def skip_document_rendering(request, monkeypatch):
    """Approval renders five documents; most review tests only need the approval itself (a module opts in with
    ``pytestmark = pytest.mark.usefixtures("skip_document_rendering")``). Tests that download documents ask for
    ``real_documents``."""
    if "real_documents" not in request.fixturenames:
        from analysis import documents_service

        monkeypatch.setattr(documents_service, "store_revision_documents", lambda revision: [])


@pytest.fixture
def outsider_admin(other_org):
    """An organisation admin of org B: may open staff pages, but only those of org B."""
    from tests.factories import make_user

    return make_user(other_org, "oscar", role="admin")


@pytest.fixture
def outsider_intake(other_org):
    from tests.factories import make_user

    return make_user(other_org, "ivan", role="intake")


@pytest.fixture
def outsider_admin_client(outsider_admin):
    from django.test import Client

    return _logged_in(Client, outsider_admin)


@pytest.fixture
def outsider_intake_client(outsider_intake):
    from django.test import Client

    return _logged_in(Client, outsider_intake)


@pytest.fixture
def second_reviewer(org):
    """Another supervising attorney of org A, for conflicts and independent approval."""
    from tests.factories import make_user

    return make_user(org, "ruth", role="reviewer", last_name="Second")


@pytest.fixture
def second_reviewer_client(second_reviewer):
    from django.test import Client

    return _logged_in(Client, second_reviewer)
