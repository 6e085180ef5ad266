"""Case search (issue 13 item 1): docket and register numbers in any common form, names, words of an argument,
ranking, why each case matched, organisation scoping and a fixed query count, on SQLite and PostgreSQL.

The tests marked ``postgres`` need DATABASE_URL=postgres://…: trigram similarity (a misspelt name) and stemmed
full-text search exist only there, and they prove the GIN indexes serve the queries the search writes.
"""

from html import unescape

import pytest
from django.db import connection

from intake import search
from intake.models import Case, search_key_of_docket
from tests.factories import make_argument, make_case, make_client
from tests.intake.test_case_list import CASE_LIST, CASE_SEARCH_MAX_QUERIES, bulk_cases, listed

DIALYSIS = "He needs dialysis three times a week and the prison cannot provide it."


@pytest.fixture
def cases(org, other_org):
    castillo = make_case(
        org,
        client=make_client(org, name="Maria Castillo", register_number="45821-424"),
        docket_number="3:11-cr-00502",
    )
    ortiz = make_case(
        org,
        client=make_client(org, name="Ann Ortiz", register_number="60317-479"),
        docket_number="4:19-cr-00217",
    )
    make_argument(ortiz, text="His lawyer never told him about the plea offer.")
    make_argument(ortiz, text=DIALYSIS)
    boyd = make_case(
        org,
        client=make_client(org, name="Terrence Boyd", register_number="22956-039"),
        docket_number="2:09-cr-20371",
    )
    # Another organisation's case that looks like all of them: it must never show.
    elsewhere = make_case(
        other_org,
        client=make_client(other_org, name="Maria Castillo", register_number="45821-425"),
        docket_number="4:19-cr-00217",
    )
    make_argument(elsewhere, text=DIALYSIS)
    return {"castillo": castillo, "ortiz": ortiz, "boyd": boyd}


def page(client, query, **params):
    response = client.get(CASE_LIST, {"q": query, **params})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "raw, key",
    [
        ("4:19-cr-00217", "4:19cr217"),
        ("4:19-cr-217", "4:19cr217"),
        ("4:19cr217", "4:19cr217"),
        ("4-19-cr-00217", "4:19cr217"),
        ("4:19-CR-00217-JLH-1", "4:19cr217"),
        ("04 19 cr 217", "4:19cr217"),
        ("19-cr-217", "19cr217"),
        ("19cr00217", "19cr217"),
        ("Castillo", ""),
        ("45821-424", ""),
        ("", ""),
    ],
)
def test_docket_search_key(raw, key):
    assert search_key_of_docket(raw) == key


@pytest.mark.parametrize(
    "query", ["4:19-cr-00217", "4:19-cr-217", "4:19cr217", "4-19-cr-00217", "19-cr-217", "4:19-CR-217"]
)
def test_a_docket_number_in_any_common_form_finds_the_case(intake_client, cases, query):
    response = page(intake_client, query)
    assert listed(response) == ["Ann Ortiz"]
    assert "Matched: docket no." in response.content.decode()


def test_another_division_is_another_docket(intake_client, cases):
    assert listed(page(intake_client, "3:19-cr-217")) == []


@pytest.mark.parametrize("query", ["45821-424", "45821424", "45821 424", "45821"])
def test_a_register_number_with_or_without_the_dash_finds_the_client(intake_client, cases, query):
    response = page(intake_client, query)
    assert listed(response) == ["Maria Castillo"]
    assert "Matched: register no." in response.content.decode()


def test_words_of_an_argument_find_the_case_and_say_which_argument_without_quoting_it(intake_client, cases):
    response = page(intake_client, "dialysis")
    html = unescape(response.content.decode())
    assert listed(response) == ["Ann Ortiz"]
    # Numbered as the case page numbers them (the second argument), with only the words typed.
    assert "Matched: argument 2 (“dialysis”)" in html
    # No client text beyond what the list shows: the argument is not quoted.
    assert "three times a week" not in html


def test_every_word_must_be_in_one_argument(intake_client, cases):
    assert listed(page(intake_client, "dialysis week")) == ["Ann Ortiz"]
    assert listed(page(intake_client, "dialysis bicycle")) == []


def test_a_name_match_says_so(intake_client, cases):
    response = page(intake_client, "castillo")
    assert listed(response) == ["Maria Castillo"]
    assert "Matched: name" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["O'Neal", "oneal", "ONEAL", "O’Neal", "o‘neal", "jamal oneal", "Jamal O’Neal", "jamal o neal"]
)
def test_apostrophes_and_spaces_in_a_name_are_ignored(intake_client, cases, org, query):
    # Phones type a curly apostrophe (U+2019); staff often leave it out. On SQLite and PostgreSQL alike.
    make_case(org, client=make_client(org, name="Jamal O'Neal"))
    response = page(intake_client, query)
    assert listed(response) == ["Jamal O'Neal"]
    # The name itself, not a name "spelt alike" (PostgreSQL's similarity): the same answer on both databases.
    assert "Matched: name</span>" in response.content.decode()


@pytest.mark.parametrize("query", ["D'Angelo", "dangelo", "price-jones", "Price Jones", "St John"])
def test_punctuation_stored_in_a_name_is_ignored_too(intake_client, cases, org, query):
    make_case(org, client=make_client(org, name="D’Angelo St. John Price-Jones"))
    response = page(intake_client, query)
    assert listed(response) == ["D’Angelo St. John Price-Jones"]
    assert "Matched: name</span>" in response.content.decode()


def test_a_query_of_punctuation_alone_finds_no_name(intake_client, cases, org):
    make_case(org, client=make_client(org, name="Jamal O'Neal"))
    assert listed(page(intake_client, "’")) == []


def test_an_exact_docket_number_ranks_above_a_name_that_only_contains_the_words(intake_client, cases):
    # "Castillo" matches a name; the docket number names Ortiz's case exactly: that comes first.
    assert listed(page(intake_client, "Castillo 4:19-cr-217")) == ["Ann Ortiz", "Maria Castillo"]


def test_a_search_sorted_by_client_keeps_that_order(intake_client, cases):
    assert listed(page(intake_client, "Castillo 4:19-cr-217", sort="client")) == [
        "Ann Ortiz",
        "Maria Castillo",
    ]
    assert listed(page(intake_client, "Castillo 4:19-cr-217", sort="docket")) == [
        "Maria Castillo",
        "Ann Ortiz",
    ]


def test_search_never_shows_another_organisations_cases(intake_client, outsider_client, cases):
    for query in ("Maria Castillo", "4:19-cr-217", "45821-425", "dialysis"):
        assert "Maria Castillo" not in listed(page(outsider_client, "Nobody"))
        names = listed(page(intake_client, query))
        assert len(names) <= 1, query
    # The outsider's organisation finds its own case, and only it.
    assert listed(page(outsider_client, "4:19-cr-217")) == ["Maria Castillo"]
    assert listed(page(outsider_client, "45821-424")) == []


def test_a_docket_key_is_kept_on_every_save(org):
    case = make_case(org, docket_number="4:19-cr-00217")
    assert Case.objects.get(pk=case.pk).docket_key == "4:19cr217"
    case.docket_number = "1:08-cr-00042"
    case.save(update_fields=["docket_number"])
    assert Case.objects.get(pk=case.pk).docket_key == "1:08cr42"


@pytest.mark.parametrize("query", ["Bulk", "Reason", "1:20-cr-3"])
@pytest.mark.parametrize("number_of_cases", [5, 200])
def test_search_query_count_is_fixed_whatever_the_number_of_matches(
    intake_client, org, django_assert_max_num_queries, number_of_cases, query
):
    bulk_cases(org, number_of_cases)
    with django_assert_max_num_queries(CASE_SEARCH_MAX_QUERIES):
        response = intake_client.get(CASE_LIST, {"q": query})
    assert listed(response)
    with django_assert_max_num_queries(CASE_SEARCH_MAX_QUERIES):
        intake_client.get(CASE_LIST, {"q": query, "page": 2}, HTTP_HX_REQUEST="true")


def test_sqlite_has_no_similarity_so_a_misspelt_name_finds_nothing_there(intake_client, cases):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite fallback")
    assert listed(page(intake_client, "castilo")) == []


# --- PostgreSQL: trigram similarity, stemmed full-text search, and the indexes behind them ---------------------


@pytest.fixture
def on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity and full-text search run on PostgreSQL")


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["castilo", "Castilo", "maria castilo", "Kastillo"])
def test_a_misspelt_name_finds_the_client(on_postgresql, intake_client, cases, query):
    response = page(intake_client, query)
    assert listed(response) == ["Maria Castillo"]
    assert "Matched: name spelt alike" in response.content.decode()


@pytest.mark.postgres
def test_argument_words_are_stemmed(on_postgresql, intake_client, cases):
    make_argument(cases["boyd"], text="Both of his kidneys are failing.")
    assert listed(page(intake_client, "kidney")) == ["Terrence Boyd"]
    assert listed(page(intake_client, "lawyers")) == ["Ann Ortiz"]


@pytest.mark.postgres
def test_an_exact_docket_number_ranks_above_a_name_spelt_alike(on_postgresql, intake_client, cases):
    assert listed(page(intake_client, "castilo 4:19-cr-217")) == ["Ann Ortiz", "Maria Castillo"]


@pytest.mark.postgres
def test_the_exact_name_ranks_above_a_name_spelt_alike(on_postgresql, intake_client, org, cases):
    make_case(org, client=make_client(org, name="Mario Castilla"))
    assert listed(page(intake_client, "castillo")) == ["Maria Castillo", "Mario Castilla"]


@pytest.mark.postgres
def test_the_migration_installed_and_priced_pg_trgm(on_postgresql):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        # Priced so the planner reads the trigram index rather than scan every client (migration 0009).
        cursor.execute("SELECT procost FROM pg_proc WHERE proname = 'word_similarity_commutator_op'")
        assert cursor.fetchone()[0] == 1000


@pytest.mark.postgres
@pytest.mark.parametrize(
    "queryset, index",
    [
        (lambda: search.matching_arguments("dialysis"), "argument_search_vector"),
        (
            lambda: search.Client.objects.annotate(v=search.client_vector()).filter(
                v=search.SearchQuery("castillo", config=search.SEARCH_CONFIG_NAME, search_type="websearch")
            ),
            "client_search_vector",
        ),
        (lambda: search.Client.objects.filter(name__trigram_word_similar="castilo"), "client_name_trgm"),
        (lambda: search.Client.objects.filter(name__icontains="astil"), "client_name_upper_trgm"),
        (lambda: search.Client.objects.filter(name_key__icontains="oneal"), "client_name_key_upper_trgm"),
        (lambda: search.Client.objects.filter(register_number__contains="45821"), "client_register_trgm"),
    ],
)
def test_the_gin_indexes_serve_the_queries_search_writes(on_postgresql, cases, queryset, index):
    # With sequential scans priced out, PostgreSQL uses the index exactly when its expression is the query's:
    # this fails if search.py and migration 0009 drift apart.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert index in queryset().explain()
