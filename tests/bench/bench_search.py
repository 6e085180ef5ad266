"""Case search latency at 10,000 cases on PostgreSQL (issue 13 item 1: target p95 < 100 ms).

Creates a throwaway database (safety_valve_bench_search) on BENCH_PG (default postgres://postgres@127.0.0.1:5432),
migrates it, inserts one organisation of BENCH_SEARCH_CASES cases (10,000) with two to four of the demo's
arguments each, then times the case list searched through htmx, in-process with Django's test client, so the
figures are server time without network: p50/p95 for each kind of query staff type, and the queries each page
ran. Skips with a message when PostgreSQL is not there; drops the database at the end.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = "safety_valve_bench_search"
CASES = int(os.environ.get("BENCH_SEARCH_CASES", "10000"))
RUNS = 40


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


def seed(count: int, rng: random.Random):
    from analysis.demo import CASES as DEMO_CASES
    from analysis.management.commands.seed_load import FIRST_NAMES, LAST_NAMES
    from intake.models import Argument, Case, Client, Organisation, search_key_of_docket
    from tests.factories import make_user

    organisation = Organisation.objects.create(name="Search Bench Defenders")
    user = make_user(organisation, "bench-intake", role="intake")
    clients = Client.objects.bulk_create(
        (
            Client(
                organisation=organisation,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                register_number=f"{10000 + n:05d}-{rng.randrange(1000):03d}",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    dockets = [f"{rng.randint(1, 9)}:{rng.randint(4, 21):02d}-cr-{n + 1:05d}" for n in range(count)]
    cases = Case.objects.bulk_create(
        (
            Case(
                organisation=organisation,
                client=client,
                district="vaed",
                docket_number=docket,
                docket_key=search_key_of_docket(docket),  # bulk_create skips Case.save()
            )
            for client, docket in zip(clients, dockets, strict=True)
        ),
        batch_size=2000,
    )
    texts = [text for spec in DEMO_CASES for text in spec["arguments"]]
    Argument.objects.bulk_create(
        (
            Argument(case=case, text=text, order=order)
            for case in cases
            for order, text in enumerate(rng.sample(texts, rng.randint(2, 4)))
        ),
        batch_size=5000,
    )
    return user, cases


def queries_by_kind(cases, rng: random.Random) -> dict[str, list[str]]:
    from analysis.management.commands.seed_load import SEARCH_WORDS, _misspelt, _shortened_docket

    sample = rng.sample(cases, RUNS)
    return {
        "surname": [case.client.name.split()[-1] for case in sample],
        "misspelt surname": [_misspelt(case.client.name.split()[-1]) for case in sample],
        "first four letters": [case.client.name.split()[-1][:4].lower() for case in sample],
        "docket as on the judgment": [case.docket_number for case in sample],
        "docket shortened (4:19cr217)": [_shortened_docket(case.docket_number) for case in sample],
        "register without the dash": [case.client.register_number.replace("-", "") for case in sample],
        "words of an argument": [SEARCH_WORDS[i % len(SEARCH_WORDS)] for i in range(RUNS)],
    }


def main() -> int:
    try:
        admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.Error as error:
        print(
            f"skipped: search benchmark needs PostgreSQL at {SERVER} (BENCH_PG): {str(error).strip()[:120]}"
        )
        return 0
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    try:
        setup_test_environment()
        call_command("migrate", verbosity=0)
        rng = random.Random(13)
        started = time.perf_counter()
        user, cases = seed(CASES, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"seeded {len(cases):,} cases in {time.perf_counter() - started:.0f} s")
        browser = Client()
        browser.force_login(user)
        everything = []
        for kind, terms in queries_by_kind(cases, rng).items():
            browser.get(
                "/cases/", {"q": terms[0]}, HTTP_HX_REQUEST="true"
            )  # warm the plan and template caches
            timings, query_counts, empty = [], [], 0
            for term in terms:
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = browser.get("/cases/", {"q": term}, HTTP_HX_REQUEST="true")
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
                empty += "No case matches" in response.content.decode()
                query_counts.append(len(captured.captured_queries))
            everything += timings
            print(
                f"search: {kind:<30} n={len(timings):<3} p50={statistics.median(timings):7.2f} ms "
                f"p95={percentile(timings, 95):7.2f} ms  queries={max(query_counts)}  no match={empty}"
            )
        print(
            f"search at {len(cases):,} cases, all kinds        n={len(everything):<3} "
            f"p50={statistics.median(everything):7.2f} ms p95={percentile(everything, 95):7.2f} ms  "
            "(target p95 < 100 ms)"
        )
    finally:
        connection.close()
        admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
