"""Plain factory functions with keyword overrides (no factory_boy until these get unwieldy)."""

import itertools
from datetime import date

from intake.models import Argument, Case, Client, Organisation, User, WardenRequest

_sequence = itertools.count(1)


def make_organisation(name: str | None = None, **overrides) -> Organisation:
    return Organisation.objects.create(name=name or f"Organisation {next(_sequence)}", **overrides)


def make_user(organisation: Organisation, username: str, role: str = "intake", **overrides) -> User:
    user = User(username=username, organisation=organisation, role=role, first_name=username.title(), **overrides)
    user.set_password("correct-horse-battery-staple")
    user.save()
    return user


def make_client(organisation: Organisation, **overrides) -> Client:
    n = next(_sequence)
    fields = {"name": f"Client {n}", "register_number": f"{10000 + n:05d}-{n % 1000:03d}", **overrides}
    client = Client(organisation=organisation, **fields)
    client.full_clean()
    client.save()
    return client


def make_case(organisation: Organisation, client: Client | None = None, **overrides) -> Case:
    n = next(_sequence)
    fields = {
        "district": "vaed",
        "docket_number": f"3:{n % 100:02d}-cr-{n:05d}",
        "sentence_months": 120,
        "sentence_date": date(2015, 3, 2),
        **overrides,
    }
    case = Case(organisation=organisation, client=client or make_client(organisation), **fields)
    case.full_clean()
    case.save()
    return case


def make_warden_request(case: Case, **overrides) -> WardenRequest:
    fields = {"submitted_on": date(2020, 5, 15), **overrides}
    warden_request = WardenRequest(case=case, **fields)
    warden_request.full_clean()
    warden_request.save()
    return warden_request


def make_argument(case: Case, text: str = "He has stage IV lung cancer.", **overrides) -> Argument:
    order = overrides.pop("order", case.arguments.count())
    argument = Argument(case=case, text=text, order=order, **overrides)
    argument.full_clean()
    argument.save()
    return argument
