"""Production settings: Django's deployment check passes with the defaults, and the HTTPS settings do what
they claim — redirect to HTTPS (also behind a TLS proxy), HSTS, secure cookies — while /healthz stays on HTTP.

Settings are read at start-up from the environment, so the production cases run in a fresh interpreter.
"""

import contextlib
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

# Everything the test environment or the developer's shell may set that would change the production defaults.
_SETTINGS_VARIABLES = re.compile(
    r"^(DEBUG|SECRET_KEY|ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS|DATABASE_URL|SQLITE_PATH|SECURE_.*|TRUSTED_PROXY_COUNT|ADMIN_.*|DJANGO_ALLOW_ASYNC_UNSAFE)$"
)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not _SETTINGS_VARIABLES.match(key)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),  # 67 characters
        ALLOWED_HOSTS="example.org",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    env.update(overrides)
    return env


def run_deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(env: dict[str, str]) -> dict:
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_REDIRECT_EXEMPT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "ADMIN_ENABLED",
        "ADMIN_ALLOWED_IPS",
        "TRUSTED_PROXY_COUNT",
    ]
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_deployment_check_passes_with_production_defaults(tmp_path):
    result = run_deploy_check(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "warnings"),
    [
        ("SECURE_HSTS_SECONDS", "0", ["security.W004"]),  # a first roll-out without HSTS is reported
        ("SECURE_SSL_REDIRECT", "false", ["security.W008"]),
        ("SECURE_COOKIES", "false", ["security.W012", "security.W016"]),
    ],
)
def test_the_deployment_check_fails_when_a_protection_is_turned_off(tmp_path, variable, value, warnings):
    result = run_deploy_check(production_env(tmp_path, **{variable: value}))
    assert result.returncode != 0
    for warning in warnings:
        assert warning in result.stderr + result.stdout


def test_the_deployment_check_fails_with_a_weak_secret_key(tmp_path):
    result = run_deploy_check(production_env(tmp_path, SECRET_KEY="short-key"))
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_production_defaults_are_the_strict_ones(tmp_path):
    values = settings_under(production_env(tmp_path))
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    # The proxy header is trusted only when the operator says a proxy sets it.
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["TRUSTED_PROXY_COUNT"] == 0
    # The Django admin (every organisation's cases) is off until asked for.
    assert values["ADMIN_ENABLED"] is False
    assert values["ADMIN_ALLOWED_IPS"] == []


def test_the_admin_is_turned_on_and_limited_by_environment_variables(tmp_path):
    values = settings_under(
        production_env(tmp_path, ADMIN_ENABLED="true", ADMIN_ALLOWED_IPS="10.20.0.0/16, 192.0.2.7")
    )
    assert values["ADMIN_ENABLED"] is True
    assert values["ADMIN_ALLOWED_IPS"] == ["10.20.0.0/16", "192.0.2.7"]


def test_a_malformed_admin_address_stops_start_up(tmp_path):
    env = production_env(tmp_path, ADMIN_ALLOWED_IPS="10.20.0.0/16, intranet")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "ADMIN_ALLOWED_IPS" in result.stderr


def test_environment_variables_tune_the_https_settings_for_a_proxy_and_a_first_roll_out(tmp_path):
    values = settings_under(production_env(tmp_path, SECURE_PROXY_SSL_HEADER="true", SECURE_HSTS_SECONDS="0"))
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


def test_development_with_debug_on_serves_plain_http(tmp_path):
    """`make run` serves http://127.0.0.1:8000 with DEBUG=true and no secret key."""
    env = production_env(tmp_path, DEBUG="true")
    del env["SECRET_KEY"], env["ALLOWED_HOSTS"]
    values = settings_under(env)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["ADMIN_ENABLED"] is True  # `make run`'s developer may use /admin/


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# --- The same settings at work, in this process -----------------------------------------------------------


@pytest.fixture
def https_settings(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(https_settings):
    response = Client().get("/accounts/login/?next=/cases/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/?next=/cases/"


@pytest.mark.django_db
def test_behind_the_tls_proxy_pages_are_served_with_hsts(https_settings):
    response = Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_a_forged_proxy_header_is_ignored_when_no_proxy_is_configured(https_settings):
    https_settings.SECURE_PROXY_SSL_HEADER = None  # the default when SECURE_PROXY_SSL_HEADER is not true
    response = Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_for_the_compose_healthcheck(https_settings):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response  # HSTS is only ever sent over HTTPS


@pytest.mark.django_db
def test_pages_forbid_framing_sniffing_and_cross_site_referrers():
    response = Client().get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_session_and_csrf_cookies_are_secure_and_the_session_cookie_is_http_only(intake_user):
    client = Client()
    login_page = client.get("/accounts/login/", secure=True)
    assert login_page.cookies["csrftoken"]["secure"]
    response = client.post(
        "/accounts/login/",
        {"username": intake_user.username, "password": "correct-horse-battery-staple"},
        secure=True,
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"]
    assert session_cookie["httponly"]


# --- gunicorn as the container runs it --------------------------------------------------------------------


def _wait_for_line(path: Path, text: str, process: subprocess.Popen) -> str:
    """The log once it holds ``text``, or as it is when gunicorn exits or 60 s pass (an allowance, not a
    measurement: start-up and writing the access line after a response take a moment)."""
    deadline = time.monotonic() + 60
    while (
        text not in (content := path.read_text()) and time.monotonic() < deadline and process.poll() is None
    ):
        time.sleep(0.1)
    return content


@contextlib.contextmanager
def running_gunicorn(tmp_path: Path, **env_overrides: str):
    """gunicorn with config/gunicorn.py and production settings on a free loopback port, SQLite database;
    yields its URL, the log's path and the process."""
    log_path = tmp_path / "gunicorn.log"
    env = production_env(
        tmp_path,
        ALLOWED_HOSTS="example.org,127.0.0.1",
        GUNICORN_BIND="127.0.0.1:0",
        WEB_CONCURRENCY="1",
        SECURE_PROXY_SSL_HEADER="true",
        **env_overrides,
    )
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:config.gunicorn",
                "config.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # gunicorn picks the free port (":0") and names it in its log.
        listening = _wait_for_line(log_path, "Listening at: http://127.0.0.1:", process)
        match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", listening)
        assert match, listening
        yield match.group(1), log_path, process
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def gunicorn_server(tmp_path):
    with running_gunicorn(tmp_path) as server:
        yield server


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand the 301 back instead of following it


def test_gunicorn_serves_healthz_over_http_redirects_pages_and_logs_no_query_strings(gunicorn_server):
    url, log_path, process = gunicorn_server
    with urllib.request.urlopen(f"{url}/healthz", timeout=30) as response:  # noqa: S310 - loopback server
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "database": "ok"}

    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(_KeepRedirects).open(f"{url}/cases/?q=Jane+Client+Name", timeout=30)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")

    # The search text (client names) must not reach the access log; the path does.
    log = _wait_for_line(log_path, '"GET /cases/"', process)
    assert '"GET /cases/" 301' in log
    assert "Jane" not in log


@pytest.mark.parametrize(
    ("proxies", "logged"),
    [("0", "127.0.0.1"), ("1", "203.0.113.5")],  # no proxy configured: the client's own header is ignored
)
def test_the_access_log_names_the_client_behind_a_trusted_proxy_and_ignores_a_forged_header(
    tmp_path, proxies, logged
):
    with running_gunicorn(tmp_path, TRUSTED_PROXY_COUNT=proxies) as (url, log_path, process):
        request = urllib.request.Request(  # noqa: S310 - loopback server
            f"{url}/healthz", headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.5"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback server
            assert response.status == 200
        log = _wait_for_line(log_path, '"GET /healthz"', process)
    lines = [line for line in log.splitlines() if '"GET /healthz"' in line]
    assert lines and lines[0].startswith(f"{logged} ["), log
