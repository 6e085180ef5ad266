"""``manage.py load_demo`` on an empty database: it refuses without DEBUG, and prints only what a person needs."""

import pytest
from django.core.management import CommandError

from analysis.demo import DEMO_PASSWORD
from intake.models import Organisation, User
from tests.analysis.test_demo import load_demo


def test_load_demo_refuses_to_run_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_load_demo_prints_only_what_a_person_needs_even_with_the_console_mail_backend(db, settings, capsys):
    # `make run` uses the console backend; the demo's own approvals must not print whole e-mails there.
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    output = load_demo()
    printed = capsys.readouterr().out + output
    assert "Subject:" not in printed
    assert "Demo logins" in output and DEMO_PASSWORD in output
    assert len(output.splitlines()) <= 8
