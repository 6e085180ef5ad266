"""``manage.py load_demo``: the demo organisation, its three logins, the Ferguson case and the fictional cases."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from analysis.demo import DEMO_PASSWORD
from intake.models import Argument, Case, Client, Organisation, User, WardenRequest


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, User, Client, Case, WardenRequest, Argument)
    }


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """``load_demo`` triages every case and renders the approved ones' documents (15–20 s): it runs once for the
    module, in a transaction rolled back when the module ends; each test runs in a savepoint inside it, so what a
    test changes (``load_demo`` run again) is undone before the next. Tests that need an empty database are in
    ``test_demo_command.py``."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db, settings):
    settings.DEBUG = True
    return demo_loaded


@pytest.fixture
def ferguson(demo) -> Case:
    return Case.objects.select_related("client").get(client__name="Dwayne Ferguson")


def test_load_demo_is_idempotent(demo):
    first = counts()
    load_demo()
    assert counts() == first
    assert first["Case"] >= 5


def test_load_demo_run_again_does_not_duplicate_arguments_or_warden_requests(demo, ferguson):
    load_demo()
    assert ferguson.arguments.count() == 9
    assert WardenRequest.objects.filter(case__client__name="Dwayne Ferguson").count() == 1


def test_demo_logins_have_the_right_roles_in_the_demo_organisation(demo):
    users = {
        user.username: user for user in User.objects.filter(username__in=["intake", "reviewer", "orgadmin"])
    }
    assert {name: user.role for name, user in users.items()} == {
        "intake": User.Role.INTAKE,
        "reviewer": User.Role.REVIEWER,
        "orgadmin": User.Role.ADMIN,
    }
    assert len({user.organisation_id for user in users.values()}) == 1
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    assert not any(user.is_superuser for user in users.values())


def test_load_demo_prints_the_demo_logins_and_password(demo):
    for username in ("intake", "reviewer", "orgadmin", DEMO_PASSWORD):
        assert username in demo


def test_demo_intake_user_signs_in_and_finds_the_ferguson_case(demo, client):
    response = client.post("/accounts/login/", {"username": "intake", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    content = client.get("/cases/", {"q": "3:04-cr-00013"}).content.decode()
    assert "Dwayne Ferguson" in content


def test_ferguson_case_follows_the_seed_opinion(ferguson):
    assert ferguson.district == "vaed"
    assert ferguson.district_abbreviation == "E.D. Va."
    assert ferguson.circuit == "4th"
    assert ferguson.docket_number == "3:04-cr-00013"
    assert ferguson.sentence_months == 765
    assert (ferguson.sentence_date.year, ferguson.sentence_date.month) == (2005, 2)
    assert ferguson.current_sentence_months == 622
    assert (ferguson.sentence_reduced_on.year, ferguson.sentence_reduced_on.month) == (2016, 10)
    assert ferguson.prior_2255_count == 2
    assert ferguson.motion_filed_on == date(2020, 6, 8)


def test_fergusons_warden_request_was_submitted_on_15_may_2020_and_denied_on_26_may(ferguson):
    warden_request = ferguson.warden_request
    assert warden_request.submitted_on == date(2020, 5, 15)
    assert warden_request.response == WardenRequest.Response.DENIED
    assert warden_request.response_on == date(2020, 5, 26)
    for ground in ("asthma", "blood pressure", "covid-19"):
        assert ground in warden_request.grounds.lower()


def test_ferguson_has_nine_arguments_each_its_own(ferguson):
    texts = list(ferguson.arguments.order_by("order").values_list("text", flat=True))
    assert len(texts) == 9
    assert len(set(texts)) == 9
    assert list(ferguson.arguments.order_by("order").values_list("order", flat=True)) == list(range(9))
    joined = " ".join(texts).lower()
    for topic in (
        "asthma",
        "silencer",
        "indictment",
        "instructed",
        "arraignment",
        "guideline",
        "subpoena",
        "trial",
    ):
        assert topic in joined, topic


def test_demo_has_at_least_four_other_cases_across_circuits_including_the_seventh(demo, ferguson):
    others = list(Case.objects.exclude(pk=ferguson.pk))
    assert len(others) >= 4
    circuits = {case.circuit for case in others}
    assert "7th" in circuits
    assert len(circuits - {"4th"}) >= 3


def test_every_demo_record_passes_the_model_rules(demo):
    for model in (Client, Case, WardenRequest, Argument):
        for instance in model.objects.all():
            instance.full_clean()


def test_every_demo_case_has_arguments_and_belongs_to_the_demo_organisation(demo):
    organisation = Organisation.objects.get()
    for case in Case.objects.all():
        assert case.organisation == organisation
        assert case.arguments.exists(), case
