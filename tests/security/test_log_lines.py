"""No one can forge a log line: control characters in a request path (or anything else) are written escaped.

``/x%0d%0a...`` reaches Django and gunicorn decoded, with a real CR LF; written raw it would start a second line
that looks like a record of its own. Every handler the settings (and gunicorn's configuration) install uses
``config.logs.SingleLineFormatter``, which escapes C0/C1 control characters, DEL and the Unicode line separators.
"""

import io
import logging
import urllib.error
import urllib.request

import pytest

from config.logs import SingleLineFormatter, escape_control_characters
from tests.security.test_deploy_settings import (  # noqa: F401 - gunicorn_server is a fixture
    _KeepRedirects,
    _wait_for_line,
    gunicorn_server,
)

# A date no real line of this run can start with (a real line starts with today's date).
FORGED = "1999-01-01 03:00:00,000 ERROR django.security forged"


def _project_handlers() -> list[tuple[str, logging.Handler]]:
    """(logger name, handler) for every handler on every logger that writes somewhere."""
    loggers = [("root", logging.getLogger())] + [
        (name, logger)
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    ]
    return [
        (name, handler)
        for name, logger in loggers
        for handler in logger.handlers
        # pytest's capture handlers are the test run's own; a NullHandler (WeasyPrint adds one) writes nothing.
        if not type(handler).__module__.startswith("_pytest") and not isinstance(handler, logging.NullHandler)
    ]


def test_escape_control_characters_leaves_one_line_and_keeps_other_text():
    text = "a\r\nb\x00c\x1b[31md\x7fe\x85f\u2028g\tü€🙂\\n"
    assert escape_control_characters(text) == "a\\r\\nb\\x00c\\x1b[31md\\x7fe\\x85f\\u2028g\\tü€🙂\\n"


def test_every_configured_handler_escapes_control_characters(client, db):
    client.get("/healthz")  # django.server, django.request and the app's loggers exist by now
    handlers = _project_handlers()
    assert any(name == "django.server" for name, _handler in handlers)
    assert [
        (name, type(handler.formatter).__name__)
        for name, handler in handlers
        if not isinstance(handler.formatter, SingleLineFormatter)
    ] == []


@pytest.fixture
def console_output():
    """What the settings' console handler writes, for the duration of a test."""
    handler = next(handler for name, handler in _project_handlers() if name == "root")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_a_crlf_in_a_request_path_does_not_forge_a_line(intake_client, console_output):
    response = intake_client.get(f"/no-such-page%0d%0a{FORGED.replace(' ', '%20')}%00%0a/")
    assert response.status_code == 404

    lines = console_output.getvalue().splitlines()
    not_found = [line for line in lines if "Not Found:" in line]
    assert len(not_found) == 1, lines
    assert "/no-such-page\\r\\n1999-01-01" in not_found[0] and "\\x00\\n/" in not_found[0]
    assert not any(line.startswith("1999-01-01") for line in lines)
    assert "\x00" not in console_output.getvalue()


def test_a_traceback_is_one_line_too(console_output):
    try:
        raise ValueError(f"bad\r\n{FORGED}")
    except ValueError:
        logging.getLogger("safety_valve.test").exception("failed")
    (line,) = console_output.getvalue().splitlines()
    assert "Traceback (most recent call last):\\n" in line and f"bad\\r\\n{FORGED}" in line


def test_gunicorn_escapes_a_crlf_in_the_access_log(gunicorn_server):  # noqa: F811 - the imported fixture
    url, log_path, process = gunicorn_server
    with pytest.raises(urllib.error.HTTPError):  # production settings redirect plain HTTP
        urllib.request.build_opener(_KeepRedirects).open(
            f"{url}/x%0d%0a{FORGED.replace(' ', '%20')}%00/", timeout=30
        )
    log = _wait_for_line(log_path, '"GET /x', process)
    assert '"GET /x\\r\\n1999-01-01 03:00:00,000 ERROR django.security forged\\x00/"' in log
    assert not any(line.startswith("1999-01-01") for line in log.splitlines())
    assert "\x00" not in log
