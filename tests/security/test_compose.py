"""The docker compose deployment, checked without Docker (not available on the development machine): the
compose file and Dockerfile say what README "Deployment with docker compose" promises, and .env.example
documents every environment variable the settings read."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def web(compose) -> dict:
    return compose["services"]["web"]


def command_text(value) -> str:
    return value if isinstance(value, str) else " ".join(value)


def test_compose_runs_postgresql_and_the_web_app(compose):
    assert set(compose["services"]) == {"db", "web"}
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in command_text(db["healthcheck"]["test"])
    # The database lives in a named volume, so it survives `docker compose down` and rebuilds.
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_the_web_app_waits_for_a_healthy_database(web):
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_migrations_run_on_start_before_gunicorn(web):
    command = command_text(web["command"])
    assert "manage.py migrate" in command
    assert "gunicorn" in command
    assert command.index("manage.py migrate") < command.index("gunicorn")
    assert (
        "&&" in command[command.index("migrate") : command.index("gunicorn")]
    )  # no traffic if migrate fails


def test_the_healthcheck_calls_healthz_on_a_host_the_app_accepts(web):
    test = command_text(web["healthcheck"]["test"])
    match = re.search(r"http://([^/:]+)(?::\d+)?/healthz\b", test)
    assert match, test
    allowed_hosts = web["environment"]["ALLOWED_HOSTS"].split(",")
    assert match.group(1) in allowed_hosts


def test_the_required_settings_are_passed_to_the_web_app(web):
    environment = web["environment"]
    for variable in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        assert environment.get(variable), variable
    # Compose refuses to start when .env lacks the secret or the host names, instead of starting half-configured.
    assert ":?" in environment["SECRET_KEY"]
    assert ":?" in environment["ALLOWED_HOSTS"]
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in environment["DATABASE_URL"]


def test_the_app_port_is_published_on_loopback_only_for_the_tls_proxy(web):
    assert all(port.startswith("127.0.0.1:") for port in web["ports"])


def test_the_image_serves_with_gunicorn_and_collects_static_files_for_whitenoise():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD\s+(.+)$", dockerfile, re.M)
    assert cmd, "Dockerfile has no CMD"
    assert "gunicorn" in cmd.group(1)
    assert "collectstatic" in dockerfile
    assert re.search(r"^USER\s+(?!root)\w+", dockerfile, re.M), "the app should not run as root"


def test_the_gunicorn_config_named_by_the_image_and_compose_exists(web):
    configs = set(
        re.findall(
            r"--config\s+python:([\w.]+)", command_text(web["command"]) + (ROOT / "Dockerfile").read_text()
        )
    )
    assert configs == {"config.gunicorn"}
    assert (ROOT / "config" / "gunicorn.py").is_file()


def settings_variables() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text() + (ROOT / "config" / "gunicorn.py").read_text()
    return set(
        re.findall(r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(\s*["']([A-Z_]+)["']""", source)
    )


def env_example_variables() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z_]+=", line)}


def test_env_example_documents_every_variable_the_settings_read():
    read = settings_variables()
    assert {"SECRET_KEY", "DEBUG", "SECURE_HSTS_SECONDS"} <= read  # guards the scan itself
    missing = read - env_example_variables()
    assert not missing, f"add these to .env.example: {sorted(missing)}"


def test_env_example_is_a_production_configuration():
    values = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if re.match(r"^[A-Z_]+=", line)
    )
    assert values["DEBUG"] == "false"
    assert values["SECURE_PROXY_SSL_HEADER"] == "true"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000
    assert all(origin.startswith("https://") for origin in values["CSRF_TRUSTED_ORIGINS"].split(","))
    # Left empty, so that compose (`${SECRET_KEY:?...}`) and the settings refuse to start until they are set:
    # a placeholder would start a server with a published key.
    assert values["SECRET_KEY"] == ""
    assert values["POSTGRES_PASSWORD"] == ""
