"""`make load`: a bounded load test of the production stack on loopback, with a verdict.

1. (Re)create a dedicated PostgreSQL database (default ``safety_valve_load`` on 127.0.0.1:5432), migrate it
   and seed it with ``manage.py seed_load`` (10,000 cases) and a fresh password; VACUUM (ANALYZE) and
   CHECKPOINT so that PostgreSQL has finished with the bulk load; collect static files.
2. Start gunicorn (4 workers, ``config/gunicorn.py``) on a free loopback port with production settings: DEBUG
   off, a throwaway SECRET_KEY, plain HTTP (so no secure cookies, no HTTPS redirect, no HSTS); wait for
   ``/healthz``.
3. Run locust headless (tests/load/locustfile.py: 50 staff, 2 more a second, 110 s by default) and print
   p50/p95/p99 and the error count per endpoint and overall, as locust saw them and as gunicorn's access log
   timed them, with the CPU that gunicorn, PostgreSQL, locust and everything else used meanwhile.
4. Time home and the review queue once more, one person at a time, after the load has stopped.
5. Stop gunicorn whatever happened, drop the database unless --keep-db, exit 1 when any request failed.

Figures are printed, never asserted: p95 < 300 ms is a target, 0 errors is the pass mark.
"""

import argparse
import csv
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
P95_TARGET_MS = 300
ACCESS_LINE_RE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}) \S+ (?P<ms>\d+)ms')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "50")))
    parser.add_argument("--spawn-rate", type=float, default=float(os.environ.get("LOAD_SPAWN_RATE", "2")))
    parser.add_argument("--duration", default=os.environ.get("LOAD_DURATION", "110s"), help="at most 2m")
    parser.add_argument("--cases", type=int, default=int(os.environ.get("LOAD_CASES", "10000")))
    parser.add_argument(
        "--server",
        default=os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL (without database) where the load database is created",
    )
    parser.add_argument("--database", default=os.environ.get("LOAD_DATABASE", "safety_valve_load"))
    parser.add_argument("--out", help="directory for the CSV stats and logs (default: a new temp directory)")
    parser.add_argument("--keep-db", action="store_true", help="leave the database for profiling afterwards")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="skip recreate and seed: needs a database left by --keep-db and that run's --out directory",
    )
    args = parser.parse_args()
    if duration_seconds(args.duration) > 120:
        parser.error("keep the load to two minutes at most (--duration)")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        parser.error("--database must be a plain lower-case identifier")
    if args.users != 50:
        # The locustfile fixes 35 intake staff and 15 reviewers; other totals fill those in that order.
        print(f"note: {args.users} users instead of 50 (35 intake + 15 reviewers at full strength)")
    return args


def duration_seconds(text: str) -> int:
    total = 0
    for amount, unit in re.findall(r"(\d+)\s*([hms]?)", text):
        total += int(amount) * {"h": 3600, "m": 60, "s": 1, "": 1}[unit]
    return total


def step(message: str) -> None:
    print(f"\n== {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def settle_database(server: str, name: str) -> None:
    """Let PostgreSQL finish with the bulk load before timing anything.

    A gigabyte just written leaves pages without hint bits or a visibility map and a checkpoint pending;
    without this the first half minute of the run measures that background I/O, which a database that grew
    over years would not have.
    """
    with psycopg.connect(f"{server}/{name}", autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
        try:
            connection.execute("CHECKPOINT")
        except psycopg.errors.InsufficientPrivilege:
            print("note: not a superuser, so no CHECKPOINT; the first seconds may include write-back")


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(database_url: str, port: int) -> dict:
    """Production settings for plain HTTP on loopback (see config/settings.py and .env.example)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "CSRF_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),  # throwaway: sessions die with this run
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback: cookies must travel without TLS and nothing may redirect to HTTPS.
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_PRELOAD="false",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="4",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict, *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def wait_for_health(base_url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s")


def stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown stops its workers too
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class CpuMeter:
    """Core-seconds spent during the load by gunicorn, PostgreSQL, locust and everything else on the machine.

    All four share the same cores here, so "everything else" (other people's work) is the noise estimate.
    PostgreSQL is every ``postgres`` process, this run's and any other database's alike.
    """

    def __init__(self, gunicorn_pid: int) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.start = self._sample()

    def _sample(self) -> dict[str, float]:
        import resource

        import psutil

        def cpu(process) -> float:
            try:
                times = process.cpu_times()
                return times.user + times.system
            except psutil.Error:
                return 0.0

        server = psutil.Process(self.gunicorn_pid)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine = psutil.cpu_times()
        return {
            "wall": time.monotonic(),
            "gunicorn": cpu(server) + sum(cpu(child) for child in server.children(recursive=True)),
            "postgres": sum(cpu(p) for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"),
            "locust": children.ru_utime + children.ru_stime,  # the only child run.py waits for meanwhile
            "busy": sum(machine) - machine.idle - machine.iowait,
        }

    def report(self) -> None:
        end = self._sample()
        used = {key: end[key] - self.start[key] for key in end}
        others = max(0.0, used["busy"] - used["gunicorn"] - used["postgres"] - used["locust"])
        capacity = used["wall"] * (os.cpu_count() or 1)
        print(
            f"CPU during the load ({used['wall']:.0f} s x {os.cpu_count()} cores = {capacity:.0f} core-s): "
            f"gunicorn {used['gunicorn']:.0f}, PostgreSQL {used['postgres']:.0f}, locust {used['locust']:.0f}, "
            f"everything else {others:.0f}, idle {max(0.0, capacity - used['busy']):.0f} core-s"
        )


def read_locust_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def route_of(method: str, path: str) -> str:
    """Group an access-log path by route: ids become {id}, the PDF slug stays."""
    route = re.sub(r"/\d+(?=/)", "/{id}", path)
    return f"{method} {route}"


def server_timings(access_log: Path) -> dict[str, list[tuple[int, int]]]:
    timings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = ACCESS_LINE_RE.search(line)
        if match and not match["path"].startswith(("/healthz", "/static/")):
            timings[route_of(match["method"], match["path"])].append((int(match["status"]), int(match["ms"])))
    return timings


def print_report(stats: list[dict], failures: list[dict], timings: dict) -> int:
    step("Locust (client side: includes the load generator's own queueing on this machine)")
    header = f"{'endpoint':<36} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  ms"
    print(header)
    print("-" * len(header))
    total_errors = 0
    for row in stats:
        name = "OVERALL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        if row["Name"] == "Aggregated":
            print("-" * len(header))
            total_errors = int(row["Failure Count"])
        print(
            f"{name:<36} {row['Request Count']:>8} {row['Failure Count']:>6} {row['50%']:>6} "
            f"{row['95%']:>6} {row['99%']:>6} {float(row['Max Response Time']):>6.0f}"
        )
    if failures:
        step("Errors")
        for row in failures:
            print(f"{row['Occurrences']:>5} x {row['Method']} {row['Name']}: {row['Error']}")
    step("gunicorn access log (server side: from request read to response written)")
    header = f"{'route':<60} {'requests':>8} {'non-2xx/3xx':>11} {'p50':>5} {'p95':>5} {'p99':>5}  ms"
    print(header)
    print("-" * len(header))
    everything = []
    for route, rows in sorted(timings.items(), key=lambda item: -len(item[1])):
        durations = [ms for _status, ms in rows]
        everything.extend(durations)
        bad = sum(1 for status, _ms in rows if status >= 400)
        print(
            f"{route:<60} {len(rows):>8} {bad:>11} {statistics.median(durations):>5.0f} "
            f"{percentile(durations, 95):>5.0f} {percentile(durations, 99):>5.0f}"
        )
    if everything:
        print(
            f"{'OVERALL':<60} {len(everything):>8} {'':>11} {statistics.median(everything):>5.0f} "
            f"{percentile(everything, 95):>5.0f} {percentile(everything, 99):>5.0f}"
        )
    overall = next((row for row in stats if row["Name"] == "Aggregated"), None)
    step("Verdict")
    p95 = overall["95%"] if overall else "N/A"
    print(f"errors: {total_errors} (target 0)   p95 overall: {p95} ms (target < {P95_TARGET_MS} ms)")
    return total_errors


def probe_outside_mix(base_url: str, password: str, usernames: list[str]) -> None:
    """Time home and the review queue one signed-in person at a time, with the load stopped."""
    import requests

    step("Home and review queue (one person at a time, no other load)")
    for username in usernames:
        session = requests.Session()
        session.get(f"{base_url}/accounts/login/")
        session.post(
            f"{base_url}/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
                "next": "/cases/",
            },
            allow_redirects=False,
        )
        pages = [("home", "/")] + ([("review queue", "/review/")] if "reviewer" in username else [])
        for name, path in pages:
            timings = []
            for _ in range(2):
                started = time.perf_counter()
                response = session.get(f"{base_url}{path}")
                timings.append((time.perf_counter() - started) * 1000)
            print(
                f"{username:<18} {name:<13} {path:<9} status {response.status_code}  "
                f"{len(response.content) / 1024:,.0f} KiB  " + "  ".join(f"{t:,.0f} ms" for t in timings)
            )


def main() -> int:
    args = parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="safety-valve-load-"))
    out.mkdir(parents=True, exist_ok=True)
    database_url = f"{args.server}/{args.database}"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = server_environment(database_url, port)
    password = secrets.token_urlsafe(18)
    manifest = out / "manifest.json"
    server = None
    errors = 1
    print(f"{os.cpu_count()} CPUs; load average before: {_load_average()}")
    try:
        if args.reuse_db:
            step(f"Reusing database {args.database} (its accounts get a new password)")
            manage(env, "shell", "-c", _reset_passwords_code(password))
        else:
            step(f"Database {args.database}: recreate, migrate, seed {args.cases:,} cases")
            recreate_database(args.server, args.database)
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(
                env,
                "seed_load",
                "--cases",
                str(args.cases),
                "--password",
                password,
                "--manifest",
                str(manifest),
            )
            step("VACUUM (ANALYZE) and CHECKPOINT")
            settle_database(args.server, args.database)
        if not manifest.exists():
            raise RuntimeError(f"no manifest at {manifest}; run once without --reuse-db and --out {out}")
        step("collectstatic (whitenoise serves the hashed files)")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        step(f"gunicorn, 4 workers, {base_url}")
        access_log = out / "gunicorn-access.log"
        with open(access_log, "w") as stdout, open(out / "gunicorn-error.log", "w") as stderr:
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", "python:config.gunicorn", "config.wsgi:application"],
                cwd=ROOT,
                env=env,
                stdout=stdout,
                stderr=stderr,
            )
        wait_for_health(base_url, server)
        step(f"locust: {args.users} staff, spawn {args.spawn_rate}/s, {args.duration}")
        prefix = out / "locust"
        meter = CpuMeter(server.pid)
        locust_env = {**os.environ, "LOAD_MANIFEST": str(manifest), "LOAD_PASSWORD": password}
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.duration,
                "--stop-timeout",
                "10",
                "--host",
                base_url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=locust_env,
            check=False,  # locust exits 1 on any failure; the report below decides
        )
        # Let gunicorn flush the access log before reading it.
        time.sleep(1)
        meter.report()
        print(f"load average after the load: {_load_average()}")
        errors = print_report(read_locust_stats(prefix), read_failures(prefix), server_timings(access_log))
        accounts = json.loads(manifest.read_text())
        probe_outside_mix(base_url, password, [accounts["intake"][0], accounts["reviewers"][0]["username"]])
        if errors:
            step("gunicorn error log (last lines)")
            print("\n".join((out / "gunicorn-error.log").read_text(errors="replace").splitlines()[-30:]))
    finally:
        stop(server)
        if not args.keep_db:
            try:
                drop_database(args.server, args.database)
            except psycopg.Error as error:
                print(f"could not drop {args.database}: {error}", file=sys.stderr)
        print(f"\nStats, manifest and logs: {out}")
    return 1 if errors else 0


def _load_average() -> str:
    """Other work on the machine shows up here; figures taken with a load above the core count are noisy."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1, 5, 15 min)"


def _reset_passwords_code(password: str) -> str:
    return (
        "from django.contrib.auth.hashers import make_password; from intake.models import User; "
        f"User.objects.filter(username__startswith='load-').update(password=make_password({password!r}))"
    )


if __name__ == "__main__":
    sys.exit(main())
