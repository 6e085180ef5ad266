"""Server-side timings of the web paths staff wait on: live triage preview, case list, stored document.

Runs in-process with Django's test client against a throwaway SQLite database (or DATABASE_URL if set), so the
figures are server time without network. Prints p50/p95 against the DESIGN.md targets.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PREVIEW_TEXTS = [
    "My lawyer never told me about the plea offer the government made before trial.",
    "He was diagnosed with stage IV pancreatic cancer in March and the oncologist gives him months.",
    "If I was sentenced today I would not get the stacked 924(c) time, I would get 25 years less.",
    "BOP has not credited the 14 months I spent in state custody on this same conduct.",
    "im 72 and cant walk to chow hall without help, my eyes are going and I fell twice this year",
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def report(name: str, timings_ms: list[float], target: str) -> None:
    print(
        f"{name:<34} n={len(timings_ms):<4} p50={statistics.median(timings_ms):7.2f} ms "
        f"p95={percentile(timings_ms, 95):7.2f} ms  (target {target})"
    )


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from analysis.demo import load_demo
    from intake.models import Case, User
    from tests.factories import make_case

    organisation, _ = load_demo()
    intake = User.objects.get(username="intake")
    client = Client()
    client.force_login(intake)
    case = Case.objects.get(organisation=organisation, docket_number="3:04-cr-00013")

    preview_url = f"/cases/{case.pk}/triage/preview/"
    for text in PREVIEW_TEXTS:  # warm the rule pack and template caches
        client.post(preview_url, {"text": text}, HTTP_HX_REQUEST="true")
    timings = []
    for i in range(300):
        started = time.perf_counter()
        response = client.post(
            preview_url, {"text": PREVIEW_TEXTS[i % len(PREVIEW_TEXTS)]}, HTTP_HX_REQUEST="true"
        )
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    report("live triage preview (htmx)", timings, "p95 < 50 ms")

    count = int(os.environ.get("BENCH_CASES", "2000"))
    existing = Case.objects.filter(organisation=organisation).count()
    for _ in range(max(0, count - existing)):
        make_case(organisation)
    timings = []
    for i in range(60):
        started = time.perf_counter()
        response = client.get("/cases/", {"page": i % 5 + 1, "sort": "client"})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    report(f"case list ({Case.objects.count()} cases)", timings, "p95 < 100 ms")

    from analysis import review, triage
    from intake.models import User as Staff

    case.refresh_from_db()
    if case.status != Case.Status.IN_REVIEW:  # the demo normally leaves Ferguson triaged and in review
        triage.run_triage(case=case, by=intake)
        review.submit_for_review(case=case, by=intake)
        case.refresh_from_db()
    reviewer = Staff.objects.get(username="reviewer")
    review.accept_all(case=case, by=reviewer)
    for argument in case.arguments.filter(decision__isnull=True):
        review.decide_argument(argument=argument, by=reviewer, accept=True)
    revision = review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    url = f"/cases/{case.pk}/revisions/{revision.number}/documents/triage-memo/"
    timings = []
    for _ in range(100):
        started = time.perf_counter()
        response = reviewer_client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    report("stored approved memo re-download", timings, "p50 < 50 ms")


if __name__ == "__main__":
    main()
