"""The case list at /cases/: search, filters, sort, pages, the htmx partial, and a fixed query count."""

import re
from html import unescape

import pytest
from django.urls import reverse

from intake.models import Argument, Case, Client, search_key_of_docket
from tests.factories import make_argument, make_case, make_client

CASE_LIST = "/cases/"


def listed(response) -> list[str]:
    """Client names in the rows of the rendered case table, top to bottom."""
    html = response.content.decode()
    return [
        unescape(name) for name in re.findall(r'<td data-label="Client"><a href="[^"]+">([^<]+)</a>', html)
    ]


@pytest.fixture
def docket(org, other_org, intake_user, reviewer):
    """A small docket across circuits and statuses, plus a case of another organisation that must never show."""
    ferguson = make_case(
        org,
        client=make_client(org, name="Dwayne Ferguson", register_number="31234-083"),
        district="vaed",
        docket_number="3:04-cr-00013",
        assigned_to=intake_user,
    )
    hale = make_case(
        org,
        client=make_client(org, name="Marcus Hale", register_number="45821-424"),
        district="ilnd",
        docket_number="1:12-cr-00417",
        status=Case.Status.IN_REVIEW,
        assigned_to=reviewer,
    )
    boyd = make_case(
        org,
        client=make_client(org, name="Terrence Boyd", register_number="22956-039"),
        district="wied",
        docket_number="2:09-cr-20371",
        assigned_to=intake_user,
    )
    delgado = make_case(
        org,
        client=make_client(org, name="Rosa Delgado", register_number="60317-479"),
        district="txsd",
        docket_number="4:15-cr-00233",
        status=Case.Status.APPROVED,
    )
    make_case(
        other_org,
        client=make_client(other_org, name="Dwayne Fergus Elsewhere", register_number="31234-084"),
        district="ilnd",
        docket_number="3:04-cr-00014",
    )
    return {"ferguson": ferguson, "hale": hale, "boyd": boyd, "delgado": delgado}


def test_case_list_shows_the_organisations_cases_only(intake_client, docket):
    response = intake_client.get(CASE_LIST)
    assert response.status_code == 200
    assert sorted(listed(response)) == ["Dwayne Ferguson", "Marcus Hale", "Rosa Delgado", "Terrence Boyd"]


def test_case_list_lives_at_slash_cases():
    assert reverse("intake:case_list") == CASE_LIST


@pytest.mark.parametrize("query", ["Ferguson", "ferg", "DWAYNE FERGUSON"])
def test_search_by_client_name(intake_client, docket, query):
    assert listed(intake_client.get(CASE_LIST, {"q": query})) == ["Dwayne Ferguson"]


@pytest.mark.parametrize("query", ["45821-424", "45821"])
def test_search_by_register_number(intake_client, docket, query):
    assert listed(intake_client.get(CASE_LIST, {"q": query})) == ["Marcus Hale"]


@pytest.mark.parametrize("query", ["45821424", "45821 424"])
def test_search_by_register_number_written_without_the_dash(intake_client, docket, query):
    # Register numbers are accepted in these forms on entry; searching for them must find the same client.
    assert listed(intake_client.get(CASE_LIST, {"q": query})) == ["Marcus Hale"]


@pytest.mark.parametrize("query", ["3:04-cr-00013", "04-cr-00013", "3:04-CR-00013"])
def test_search_by_docket_number(intake_client, docket, query):
    assert listed(intake_client.get(CASE_LIST, {"q": query})) == ["Dwayne Ferguson"]


def test_search_with_no_match_says_so(intake_client, docket):
    response = intake_client.get(CASE_LIST, {"q": "Nobody At All"})
    assert listed(response) == []
    assert "No case matches" in response.content.decode()


def test_filter_by_status(intake_client, docket):
    assert listed(intake_client.get(CASE_LIST, {"status": "in_review"})) == ["Marcus Hale"]
    assert listed(intake_client.get(CASE_LIST, {"status": "approved"})) == ["Rosa Delgado"]


def test_filter_by_district(intake_client, docket):
    assert listed(intake_client.get(CASE_LIST, {"district": "ilnd"})) == ["Marcus Hale"]


def test_filter_by_circuit_takes_every_district_of_that_circuit(intake_client, docket):
    # N.D. Ill. and E.D. Wis. both sit in the Seventh Circuit; E.D. Va. (4th) and S.D. Tex. (5th) do not.
    assert sorted(listed(intake_client.get(CASE_LIST, {"circuit": "7th"}))) == [
        "Marcus Hale",
        "Terrence Boyd",
    ]
    assert listed(intake_client.get(CASE_LIST, {"circuit": "4th"})) == ["Dwayne Ferguson"]
    assert listed(intake_client.get(CASE_LIST, {"circuit": "DC"})) == []


def test_filter_by_assigned_staff(intake_client, docket, intake_user, reviewer):
    mine = listed(intake_client.get(CASE_LIST, {"assigned": intake_user.pk}))
    assert sorted(mine) == ["Dwayne Ferguson", "Terrence Boyd"]
    assert listed(intake_client.get(CASE_LIST, {"assigned": reviewer.pk})) == ["Marcus Hale"]


def test_filters_combine(intake_client, docket, intake_user):
    response = intake_client.get(CASE_LIST, {"circuit": "7th", "assigned": intake_user.pk, "q": "boyd"})
    assert listed(response) == ["Terrence Boyd"]


def test_filtering_by_an_outsider_does_not_reveal_their_cases(intake_client, docket, outsider):
    assert listed(intake_client.get(CASE_LIST, {"assigned": outsider.pk})) == []


def test_unknown_filter_values_are_ignored_rather_than_failing(intake_client, docket):
    response = intake_client.get(
        CASE_LIST, {"status": "bogus", "district": "zzz", "circuit": "12th", "sort": "x"}
    )
    assert response.status_code == 200
    assert len(listed(response)) == 4


def test_sort_by_client_name(intake_client, docket):
    names = listed(intake_client.get(CASE_LIST, {"sort": "client"}))
    assert names == ["Dwayne Ferguson", "Marcus Hale", "Rosa Delgado", "Terrence Boyd"]


def test_sort_by_docket_number(intake_client, docket):
    names = listed(intake_client.get(CASE_LIST, {"sort": "docket"}))
    # 1:12-cr-00417, 2:09-cr-20371, 3:04-cr-00013, 4:15-cr-00233
    assert names == ["Marcus Hale", "Terrence Boyd", "Dwayne Ferguson", "Rosa Delgado"]


def test_default_sort_puts_the_most_recently_changed_case_first(intake_client, docket):
    docket["boyd"].offenses = "Hobbs Act robbery."
    docket["boyd"].save()
    assert listed(intake_client.get(CASE_LIST))[0] == "Terrence Boyd"


def test_the_list_shows_each_cases_argument_count(intake_client, org):
    case = make_case(org, client=make_client(org, name="Counted Client"))
    for text in ("One.", "Two.", "Three."):
        make_argument(case, text=text)
    html = intake_client.get(CASE_LIST).content.decode()
    assert '<td data-label="Arguments">3</td>' in html


def bulk_cases(org, count: int, *, assigned_to=None) -> None:
    """``count`` cases with clients and two arguments each, inserted in a few queries."""
    start = Client.objects.count()
    clients = Client.objects.bulk_create(
        Client(
            organisation=org,
            name=f"Bulk Client {start + i:04d}",
            register_number=f"{50000 + start + i:05d}-{i % 1000:03d}",
        )
        for i in range(count)
    )
    districts = ["vaed", "ilnd", "txsd", "cacd", "dcd"]
    cases = Case.objects.bulk_create(
        Case(
            organisation=org,
            client=client,
            district=districts[i % len(districts)],
            docket_number=f"1:20-cr-{start + i:05d}",
            docket_key=search_key_of_docket(f"1:20-cr-{start + i:05d}"),  # bulk_create skips save()
            assigned_to=assigned_to,
        )
        for i, client in enumerate(clients)
    )
    Argument.objects.bulk_create(
        Argument(case=case, text=f"Reason {n}.", order=n) for case in cases for n in range(2)
    )


def test_paginates_by_25_and_page_two_holds_the_rest(intake_client, org):
    bulk_cases(org, 30)
    first = intake_client.get(CASE_LIST, {"sort": "client"})
    second = intake_client.get(CASE_LIST, {"sort": "client", "page": 2})
    assert len(listed(first)) == 25
    assert len(listed(second)) == 5
    assert "Page 2 of 2" in second.content.decode()
    assert set(listed(first)).isdisjoint(listed(second))
    assert listed(second)[-1] == "Bulk Client 0029"


def test_page_links_keep_the_filters(intake_client, org):
    bulk_cases(org, 150)  # every fifth is in D.D.C.: 30 cases, two pages
    html = unescape(intake_client.get(CASE_LIST, {"circuit": "DC", "q": "Bulk"}).content.decode())
    next_link = re.search(r'href="\?([^"]*page=2[^"]*)"', html)
    assert next_link
    assert "circuit=DC" in next_link.group(1)
    assert "q=Bulk" in next_link.group(1)


def test_a_page_number_past_the_end_shows_the_last_page(intake_client, org):
    bulk_cases(org, 30)
    response = intake_client.get(CASE_LIST, {"page": 99})
    assert response.status_code == 200
    assert len(listed(response)) == 5


def test_htmx_request_gets_only_the_case_results_partial(intake_client, docket):
    response = intake_client.get(CASE_LIST, {"q": "hale"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="case-results"')
    assert listed(response) == ["Marcus Hale"]


def test_request_without_htmx_gets_the_full_page_with_the_results(intake_client, docket):
    content = intake_client.get(CASE_LIST, {"q": "hale"}).content.decode()
    assert "<html" in content
    assert 'id="case-results"' in content
    assert 'role="search"' in content


# Queries for one page of the list, whatever the number of cases:
# session, user, count, the page of cases, the staff menu, the organisation in the header.
CASE_LIST_MAX_QUERIES = 6
# A search adds one: which arguments of the page's cases hold the words searched for.
CASE_SEARCH_MAX_QUERIES = CASE_LIST_MAX_QUERIES + 1


@pytest.mark.parametrize("number_of_cases", [5, 200])
def test_case_list_query_count_is_fixed_whatever_the_number_of_cases(
    intake_client, org, intake_user, django_assert_max_num_queries, number_of_cases
):
    bulk_cases(org, number_of_cases, assigned_to=intake_user)
    with django_assert_max_num_queries(CASE_LIST_MAX_QUERIES):
        response = intake_client.get(CASE_LIST)
    assert len(listed(response)) == min(number_of_cases, 25)
    with django_assert_max_num_queries(CASE_SEARCH_MAX_QUERIES):
        response = intake_client.get(CASE_LIST, {"q": "Bulk", "circuit": "4th", "assigned": intake_user.pk})
    assert listed(response)


@pytest.mark.parametrize("number_of_cases", [5, 200])
def test_htmx_case_list_query_count_is_fixed_too(
    intake_client, org, django_assert_max_num_queries, number_of_cases
):
    bulk_cases(org, number_of_cases)
    with django_assert_max_num_queries(CASE_LIST_MAX_QUERIES):
        response = intake_client.get(CASE_LIST, {"sort": "client", "page": 2}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_page_links_are_well_formed_query_strings(intake_client, org):
    # A doubled "?" would make the browser read the first filter as a parameter named "?circuit" and drop it.
    bulk_cases(org, 150)
    html = unescape(intake_client.get(CASE_LIST, {"circuit": "DC", "q": "Bulk"}).content.decode())
    links = re.findall(r'href="(\?[^"]*page=2[^"]*)"', html)
    assert links and all(not link.startswith("??") for link in links)
