"""Faults: the database going away mid-request gives the 503 page, not a traceback; any other crash gives the
500 page; the error pages render with the database down; /healthz reports the database to the healthcheck.

The suite runs with DEBUG off, as production does, so these are the pages users would see.
"""

import logging
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.template import loader
from django.test import Client, RequestFactory
from django.utils.functional import SimpleLazyObject

from intake.models import Argument

DATABASE_MESSAGE = "The database is not answering; nothing was saved. Try again in a minute."
SECRET_TEXT = "Marigold-Kestrel kidney failure"  # client text that must reach neither the page nor the logs


def _fail_queries_touching(table: str):
    def wrapper(execute, sql, params, many, context):
        if table in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


@contextmanager
def database_refuses_connections():
    """Every query fails, as when PostgreSQL is down: opening a cursor raises."""
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    ):
        yield


def assert_database_page(response) -> None:
    body = response.content.decode()
    assert response.status_code == 503
    assert DATABASE_MESSAGE in body
    assert response["Retry-After"].isdigit()
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert "Content-Security-Policy" in response


def test_the_database_failing_inside_a_view_gives_the_503_page(intake_client, case, caplog):
    case.client.name = SECRET_TEXT
    case.client.save()
    # Sign-in and session load work; the case query is where the database goes away.
    with connection.execute_wrapper(_fail_queries_touching('"intake_case"')):
        response = intake_client.get(f"/cases/{case.pk}/")
    assert_database_page(response)
    assert SECRET_TEXT not in caplog.text
    assert any("database unavailable" in record.getMessage() for record in caplog.records)


def test_a_save_that_meets_a_dead_database_gives_the_503_page_and_saves_nothing(intake_client, case, caplog):
    with connection.execute_wrapper(_fail_queries_touching('INSERT INTO "intake_argument"')):
        response = intake_client.post(
            f"/cases/{case.pk}/arguments/new/", {"text": SECRET_TEXT, "source": "client_letter"}
        )
    assert_database_page(response)
    assert not Argument.objects.filter(case=case).exists()
    assert SECRET_TEXT not in caplog.text


def test_an_htmx_save_that_meets_a_dead_database_gets_the_503_too(intake_client, case):
    with connection.execute_wrapper(_fail_queries_touching('INSERT INTO "intake_argument"')):
        response = intake_client.post(
            f"/cases/{case.pk}/arguments/new/",
            {"text": "He has kidney failure.", "source": "client_letter"},
            headers={"HX-Request": "true"},
        )
    assert_database_page(response)


def test_a_database_that_is_down_before_the_view_runs_gives_the_503_page(intake_user, case, caplog):
    """The session lookup in the middleware is the first query; it fails outside any view."""
    client = Client(raise_request_exception=False)
    client.force_login(intake_user)
    with database_refuses_connections(), caplog.at_level(logging.ERROR):
        response = client.get(f"/cases/{case.pk}/")
    assert_database_page(response)
    assert case.client.name not in caplog.text


def test_any_other_crash_gives_the_friendly_500_page_without_a_traceback(intake_user):
    client = Client(raise_request_exception=False)
    client.force_login(intake_user)
    with mock.patch(
        "analysis.dashboards.disposition_totals", side_effect=RuntimeError("bug in the dashboard")
    ):
        response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "Traceback" not in body
    assert "bug in the dashboard" not in body
    assert DATABASE_MESSAGE not in body


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("400.html", "Bad request"),
        ("403.html", "Not allowed"),
        ("404.html", "Not found"),
        ("500.html", "Something went wrong"),
        ("503.html", "Database not answering"),
    ],
)
def test_error_pages_render_with_the_database_down_and_without_looking_up_the_user(template, heading):
    request = RequestFactory().get("/somewhere/")

    def user_lookup():
        raise AssertionError(f"{template} looked up the user (a database query)")

    request.user = SimpleLazyObject(user_lookup)
    with database_refuses_connections():
        html = loader.render_to_string(template, {"exception": ""}, request=request)
    assert heading in html
    assert "/static/css/app.css" in html  # styled like the rest of the app


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_gets_the_400_page():
    response = Client().get("/accounts/login/", headers={"Host": "attacker.example"})
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_the_404_and_403_pages_are_the_friendly_standalone_ones(intake_client):
    not_found = intake_client.get("/cases/999999/")
    assert not_found.status_code == 404
    assert "There is nothing here, or it belongs to another organisation." in not_found.content.decode()
    refused = intake_client.get("/organisation/staff/")
    assert refused.status_code == 403
    assert "Your role does not allow this." in refused.content.decode()
    assert "Sign out" not in refused.content.decode()  # standalone: no user menu, no user lookup


# --- /healthz -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_needs_no_login_and_reports_the_database_ok():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not():
    with database_refuses_connections():
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


@pytest.mark.django_db
def test_healthz_only_answers_get():
    assert Client().post("/healthz").status_code == 405
