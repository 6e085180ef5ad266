"""Seed a fresh, throwaway database for the load test (`make load`): one organisation, its staff, N cases.

Fast by construction, and honest about the shortcuts it takes:

- Rows go in with ``bulk_create``, so model validation and django-simple-history are bypassed (no history
  rows); the values are built to satisfy every database constraint.
- Assessments come from the real engine (``analysis.engine.classify``), but each distinct (text, circuit) pair
  is classified once and reused: the argument texts are drawn from the demo's fictional cases.
- ``--templates`` approved cases go through the real approval path (``analysis.review.approve``), which renders
  and stores their documents with WeasyPrint and python-docx. Every other approved case gets a revision whose
  snapshot is a template's with the client and case facts swapped in, and StoredDocuments holding a copy of
  that template's bytes under the case's own file name. A copied PDF therefore names the template's client:
  fine for measuring downloads, not for reading.

It refuses to run on a database that already holds an organisation, so it cannot salt real data with
fictional cases and staff who share one known password.
"""

import copy
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from analysis import documents, engine, review, snapshot
from analysis.demo import CASES as DEMO_CASES
from analysis.forms import outcome_choices
from analysis.models import Assessment, Decision, ReviewNote, Revision, StoredDocument, text_fingerprint
from intake.districts import DISTRICTS
from intake.models import Argument, Case, Client, Organisation, User, WardenRequest, search_key_of_docket

# Shares of the seeded cases by status: an organisation with years of approved work and a live pipeline.
STATUS_SHARES = (
    (Case.Status.DRAFT, 0.30),
    (Case.Status.CHANGES_REQUESTED, 0.05),
    (Case.Status.IN_REVIEW, 0.15),
    (Case.Status.APPROVED, 0.50),
)
FIRST_NAMES = (
    "Aaron Adela Andre Beatriz Calvin Carmen Darnell Delia Earl Elena Felix Gloria Hector Imani Isaac Jada "
    "Jerome Joan Kareem Latoya Lionel Marisol Nadia Norman Omar Pearl Quentin Renee Rosalind Samuel Tamika "
    "Tobias Ursula Vernon Wanda Xavier Yolanda Zachary Corinne Dominic"
).split()
LAST_NAMES = (
    "Abernathy Alvarado Barksdale Beaumont Caldwell Castellano Dunmore Escobedo Fairweather Galloway "
    "Hargrove Ibarra Jefferies Kowalczyk Lindqvist Mabry Novak Okonkwo Pettigrew Quintero Rasmussen "
    "Salcedo Thibodeaux Underhill Villanueva Whitcomb Yarborough Zamora Ashby Blevins Crowder Delacroix "
    "Eastwood Fontenot Greer Holloway Inman Jaramillo Kimbrough Lattimore Merriweather Nakamura Ortega "
    "Prescott Rutledge Standish Treadwell Vasquez Winslow Youngblood"
).split()
# Words of the demo's arguments that staff search for.
SEARCH_WORDS = ("cancer", "lawyer", "plea", "dialysis")
REVIEW_NOTE_TEXT = "Please record the date the warden received the request."


class Command(BaseCommand):
    help = "Seed a fresh database with an organisation of N fictional cases for the load test (make load)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, default=10_000)
        parser.add_argument("--organisation", default="Load Test Defenders")
        parser.add_argument("--password", required=True, help="the one password of every seeded account")
        parser.add_argument("--intake", type=int, default=35, help="intake staff accounts")
        parser.add_argument("--reviewers", type=int, default=15, help="reviewer accounts")
        parser.add_argument(
            "--templates", type=int, default=3, help="approved cases whose documents are rendered for real"
        )
        parser.add_argument("--seed", type=int, default=5, help="random seed, for a reproducible data set")
        parser.add_argument("--manifest", help="write the accounts and case ids the locustfile uses here")

    def handle(self, *args, **options) -> None:
        if Organisation.objects.exists():
            raise CommandError(
                "seed_load fills a fresh, throwaway database, and this one already holds an organisation."
            )
        if len(options["password"]) < 12:
            raise CommandError("Give a password of at least 12 characters.")
        if options["cases"] < len(STATUS_SHARES) or options["intake"] < 1 or options["reviewers"] < 1:
            raise CommandError("Seed at least 4 cases, 1 intake account and 1 reviewer.")
        started = time.monotonic()
        seeder = Seeder(options, log=self.stdout.write)
        manifest = seeder.run()
        if connection.vendor == "postgresql":
            # Fresh planner statistics, as autovacuum would gather them on a database that grew slowly.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if options["manifest"]:
            Path(options["manifest"]).write_text(json.dumps(manifest), encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(manifest['case_ids']):,} cases for {manifest['organisation']} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )


def _status_plan(count: int, rng: random.Random) -> list[str]:
    """Statuses for ``count`` cases in the STATUS_SHARES proportions, each status at least once, shuffled."""
    counts = {status: max(1, round(count * share)) for status, share in STATUS_SHARES}
    counts[Case.Status.DRAFT] += count - sum(counts.values())
    plan = [status for status, n in counts.items() for _ in range(n)]
    rng.shuffle(plan)
    return plan


def _assessment_fields(result) -> dict:
    """The Assessment columns for an engine result, as analysis.triage stores them."""
    data = result.to_dict()
    return {
        "disposition": result.disposition,
        "ground": result.ground,
        "confidence": result.confidence,
        "needs_review": result.needs_review,
        "evidence": data["evidence"],
        "rationale": result.rationale,
        "authorities": list(result.authorities),
        "rule_id": data.get("rule_id", ""),
        "details": data,
        "rule_pack_version": data["rule_pack_version"],
    }


class Seeder:
    def __init__(self, options: dict, log) -> None:
        self.options = options
        self.log = log
        self.rng = random.Random(options["seed"])
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.phase_started = time.monotonic()

    def _phase(self, what: str) -> None:
        now = time.monotonic()
        self.log(f"  {what} ({now - self.phase_started:.1f} s)")
        self.phase_started = now

    @transaction.atomic
    def run(self) -> dict:
        options = self.options
        self.organisation = Organisation.objects.create(
            name=options["organisation"], require_independent_approval=True
        )
        self._create_staff()
        self._create_cases(options["cases"])
        self._create_arguments_and_assessments()
        self._create_review_trail()
        self._approve_templates()
        self._copy_revisions()
        return self._manifest()

    # --- staff ----------------------------------------------------------------------------------------------

    def _create_staff(self) -> None:
        # Argon2 is slow by design: hash the shared password once and give every account the same hash.
        password_hash = make_password(self.options["password"])

        def accounts(prefix: str, role: str, count: int) -> list[User]:
            return [
                User(
                    username=f"load-{prefix}-{n:02d}",
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=f"{prefix.title()} {n:02d}",
                    organisation=self.organisation,
                    role=role,
                    password=password_hash,
                )
                for n in range(1, count + 1)
            ]

        self.intake_users = User.objects.bulk_create(
            accounts("intake", User.Role.INTAKE, self.options["intake"])
        )
        self.reviewers = User.objects.bulk_create(
            accounts("reviewer", User.Role.REVIEWER, self.options["reviewers"])
        )
        self.admins = User.objects.bulk_create(accounts("admin", User.Role.ADMIN, 1))
        self._phase(f"{len(self.intake_users) + len(self.reviewers) + len(self.admins)} staff accounts")

    # --- clients, cases, warden requests --------------------------------------------------------------------

    def _create_cases(self, count: int) -> None:
        rng = self.rng
        statuses = _status_plan(count, rng)
        facilities = sorted({spec["client"]["facility"] for spec in DEMO_CASES})
        offenses = sorted({spec["case"]["offenses"] for spec in DEMO_CASES})
        clients = [
            Client(
                organisation=self.organisation,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                # Unique in the organisation by construction: the first five digits count the clients.
                register_number=f"{10000 + n:05d}-{rng.randrange(1000):03d}",
                date_of_birth=date(rng.randint(1945, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                facility=rng.choice(facilities),
            )
            for n in range(count)
        ]
        clients = Client.objects.bulk_create(clients, batch_size=2000)
        cases = []
        reviewer_cycle = 0
        for n, (client, status) in enumerate(zip(clients, statuses, strict=True)):
            district = rng.choice(DISTRICTS)
            sentence_date = date(rng.randint(2004, 2021), rng.randint(1, 12), rng.randint(1, 28))
            prior_2255 = rng.choice((0, 0, 0, 1, 1, 2))
            author = rng.choice(self.intake_users)
            assignee = author
            if status == Case.Status.IN_REVIEW:
                # Each in-review case belongs to one reviewer, so simulated reviewers never race each other.
                assignee = self.reviewers[reviewer_cycle % len(self.reviewers)]
                reviewer_cycle += 1
            docket = f"{rng.randint(1, 9)}:{(sentence_date.year - 1) % 100:02d}-cr-{n + 1:05d}"
            cases.append(
                Case(
                    organisation=self.organisation,
                    client=client,
                    district=district.code,
                    docket_number=docket,
                    docket_key=search_key_of_docket(docket),  # bulk_create skips Case.save(), which keeps it
                    offenses=rng.choice(offenses),
                    sentence_months=rng.randint(60, 480),
                    sentence_date=sentence_date,
                    judgment_final_date=sentence_date + timedelta(days=rng.randint(14, 400)),
                    prior_2255_count=prior_2255,
                    last_2255_date=sentence_date + timedelta(days=700) if prior_2255 else None,
                    status=status,
                    assigned_to=assignee,
                    created_by=author,
                    submitted_for_review_at=(
                        self.now - timedelta(days=rng.randint(0, 60))
                        if status in (Case.Status.IN_REVIEW, Case.Status.APPROVED)
                        else None
                    ),
                    version={Case.Status.IN_REVIEW: 2, Case.Status.APPROVED: 4}.get(status, 1),
                )
            )
        self.cases = Case.objects.bulk_create(cases, batch_size=2000)
        # auto_now fields ignore what bulk_create is given; spread the dates over three years afterwards.
        for case in self.cases:
            case.created_at = self.now - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440))
            case.updated_at = min(self.now, case.created_at + timedelta(days=rng.randint(0, 90)))
        Case.objects.bulk_update(self.cases, ["created_at", "updated_at"], batch_size=1000)
        self._phase(f"{len(self.cases):,} clients and cases")

        grounds = [spec["warden_request"]["grounds"] for spec in DEMO_CASES if spec["warden_request"]]
        requests = []
        for case in self.cases:
            if rng.random() < 0.1:
                continue  # some cases have no request to the warden yet
            earliest = case.sentence_date + timedelta(days=1)
            submitted = max(earliest, self.today - timedelta(days=rng.randint(10, 900)))
            received = submitted + timedelta(days=rng.randint(1, 7)) if rng.random() < 0.8 else None
            response = rng.choice(list(WardenRequest.Response))
            answered = response in (WardenRequest.Response.DENIED, WardenRequest.Response.GRANTED)
            requests.append(
                WardenRequest(
                    case=case,
                    submitted_on=submitted,
                    received_on=received,
                    grounds=rng.choice(grounds),
                    response=response,
                    response_on=(received or submitted) + timedelta(days=rng.randint(5, 30))
                    if answered
                    else None,
                )
            )
        WardenRequest.objects.bulk_create(requests, batch_size=2000)
        self._phase(f"{len(requests):,} warden requests")

    # --- arguments, assessments, decisions ------------------------------------------------------------------

    def _create_arguments_and_assessments(self) -> None:
        rng = self.rng
        texts = [
            item["text"] if isinstance(item, dict) else item
            for spec in DEMO_CASES
            for item in spec["arguments"]
        ]
        arguments = []
        for case in self.cases:
            for order, text in enumerate(rng.sample(texts, rng.randint(2, 4))):
                arguments.append(
                    Argument(case=case, text=text, order=order, source=rng.choice(list(Argument.Source)))
                )
        self.arguments = Argument.objects.bulk_create(arguments, batch_size=2000)
        self._phase(f"{len(self.arguments):,} arguments")

        cases_by_id = {case.pk: case for case in self.cases}
        # Half the drafts are not triaged yet; everything past draft has a current assessment.
        untriaged = {
            case.pk for case in self.cases if case.status == Case.Status.DRAFT and rng.random() < 0.5
        }
        classified: dict[tuple[str, str], dict] = {}
        assessments = []
        for argument in self.arguments:
            case = cases_by_id[argument.case_id]
            if case.pk in untriaged:
                continue
            key = (argument.text, case.circuit)
            if key not in classified:
                classified[key] = _assessment_fields(engine.classify(argument.text, circuit=case.circuit))
            assessments.append(
                Assessment(
                    argument=argument,
                    text_sha256=text_fingerprint(argument.text),
                    assessed_at=self.now,
                    assessed_by=case.created_by,
                    **copy.deepcopy(classified[key]),
                )
            )
        self.assessments = {
            a.argument_id: a for a in Assessment.objects.bulk_create(assessments, batch_size=1000)
        }
        self._phase(f"{len(assessments):,} assessments ({len(classified)} distinct engine calls)")

    def _create_review_trail(self) -> None:
        approved_ids = {case.pk for case in self.cases if case.status == Case.Status.APPROVED}
        self.approver = {case_id: self.rng.choice(self.reviewers) for case_id in approved_ids}
        decisions = []
        for argument in self.arguments:
            if argument.case_id not in approved_ids:
                continue
            assessment = self.assessments[argument.pk]
            decisions.append(
                Decision(
                    argument=argument,
                    disposition=assessment.disposition,
                    ground=assessment.ground,
                    accepted=True,
                    engine_disposition=assessment.disposition,
                    engine_ground=assessment.ground,
                    decided_by=self.approver[argument.case_id],
                    decided_at=self.now,
                )
            )
        Decision.objects.bulk_create(decisions, batch_size=2000)
        notes = []
        for case in self.cases:
            if case.status in (Case.Status.IN_REVIEW, Case.Status.APPROVED):
                notes.append(ReviewNote(case=case, kind=ReviewNote.Kind.SUBMITTED, author=case.created_by))
            if case.status == Case.Status.CHANGES_REQUESTED:
                notes.append(
                    ReviewNote(
                        case=case,
                        kind=ReviewNote.Kind.CHANGES_REQUESTED,
                        text=REVIEW_NOTE_TEXT,
                        author=self.reviewers[0],
                    )
                )
        ReviewNote.objects.bulk_create(notes, batch_size=2000)
        self._phase(f"{len(decisions):,} decisions, {len(notes):,} review notes")

    # --- approved revisions and their stored documents ------------------------------------------------------

    def _approve_templates(self) -> None:
        """Approve the first few approved cases through the real service: real snapshots, real documents."""
        approved = [case for case in self.cases if case.status == Case.Status.APPROVED]
        self.templates = []
        for case in approved[: max(1, self.options["templates"])]:
            # The service moves a case from review to approved; roll this one back to in review first.
            Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_REVIEW, version=3)
            case.refresh_from_db()
            revision = review.approve(
                case=case, by=self.approver[case.pk], threshold_acknowledged=True, expected_version=3
            )
            self.templates.append(revision)
        self._phase(f"{len(self.templates)} approvals rendered for real")

    def _copy_revisions(self) -> None:
        template_ids = {revision.case_id for revision in self.templates}
        template_documents = {revision.pk: list(revision.documents.all()) for revision in self.templates}
        revisions = []
        for n, case in enumerate(c for c in self.cases if c.status == Case.Status.APPROVED):
            if case.pk in template_ids:
                continue
            template = self.templates[n % len(self.templates)]
            frozen = copy.deepcopy(template.snapshot)
            frozen["client"].update(name=case.client.name, register_number=case.client.register_number)
            frozen["case"].update(
                district_code=case.district,
                district_name=case.district_name,
                district_abbreviation=case.district_abbreviation,
                circuit=case.circuit,
                docket_number=case.docket_number,
            )
            frozen.update(approved_by=str(self.approver[case.pk]), approved_at=case.updated_at.isoformat())
            revisions.append(
                Revision(
                    case=case,
                    number=1,
                    snapshot=frozen,
                    content_hash=snapshot.content_hash(frozen),
                    rule_pack_version=template.rule_pack_version,
                    approved_by=self.approver[case.pk],
                    approved_at=case.updated_at,
                )
            )
            revisions[-1].template = template
        # Revision.save() refuses to rewrite a revision; bulk_create inserts without calling save().
        revisions = Revision.objects.bulk_create(revisions, batch_size=500)
        self._phase(f"{len(revisions):,} copied revisions")
        stored = 0
        batch: list[StoredDocument] = []
        for revision in revisions:
            for document in template_documents[revision.template.pk]:
                extension = document.filename.rsplit(".", 1)[-1]
                batch.append(
                    StoredDocument(
                        revision=revision,
                        slug=document.slug,
                        filename=documents.document_filename(revision.snapshot, document.slug, extension),
                        content_type=document.content_type,
                        content=document.content,
                        sha256=document.sha256,
                    )
                )
            if len(batch) >= 200:  # about 40 MB of document bytes per INSERT
                StoredDocument.objects.bulk_create(batch)
                stored += len(batch)
                batch = []
        StoredDocument.objects.bulk_create(batch)
        stored += len(batch)
        size = sum(len(d.content) for docs in template_documents.values() for d in docs) / len(self.templates)
        self._phase(f"{stored:,} copied stored documents (~{size * len(revisions) / 1e6:,.0f} MB)")

    # --- what the load generator needs ----------------------------------------------------------------------

    def _manifest(self) -> dict:
        rng = self.rng
        sample = rng.sample(self.cases, min(len(self.cases), 200))
        return {
            "organisation": self.organisation.name,
            "intake": [user.username for user in self.intake_users],
            "reviewers": [
                {
                    "username": reviewer.username,
                    "id": reviewer.pk,
                    "cases": [
                        case.pk
                        for case in self.cases
                        if case.status == Case.Status.IN_REVIEW and case.assigned_to_id == reviewer.pk
                    ],
                }
                for reviewer in self.reviewers
            ],
            "admins": [user.username for user in self.admins],
            "case_ids": [case.pk for case in self.cases],
            "approved_case_ids": list(
                Case.objects.filter(organisation=self.organisation, status=Case.Status.APPROVED).values_list(
                    "pk", flat=True
                )
            ),
            "pdf_slugs": list(documents.DOCUMENTS),
            # What staff type into the search box: surnames whole, half-typed and misspelt, register numbers
            # with and without the dash, docket numbers as on the judgment and shortened, words of an argument.
            "search_terms": sorted(
                {case.client.name.split()[-1] for case in sample[:40]}
                | {case.client.name.split()[-1][:4].lower() for case in sample[40:70]}
                | {_misspelt(case.client.name.split()[-1]) for case in sample[70:100]}
                | {case.client.register_number for case in sample[100:125]}
                | {case.client.register_number.replace("-", "") for case in sample[125:140]}
                | {case.client.register_number[:5] for case in sample[140:160]}
                | {case.docket_number for case in sample[160:180]}
                | {_shortened_docket(case.docket_number) for case in sample[180:200]}
                | set(SEARCH_WORDS)
            ),
            "districts": sorted({case.district for case in sample}),
            "circuits": sorted({case.circuit for case in sample}),
            "outcomes": [value for value, _label in outcome_choices()],
        }


def _misspelt(surname: str) -> str:
    """A surname as half-remembered: one doubled letter made single, or the last letter dropped."""
    for i in range(1, len(surname)):
        if surname[i] == surname[i - 1]:
            return (surname[:i] + surname[i + 1 :]).lower()
    return surname[:-1].lower()


def _shortened_docket(docket: str) -> str:
    """ "4:19-cr-00217" as staff jot it down: "4:19cr217"."""
    division_year, _cr, number = docket.split("-", 2)
    return f"{division_year}cr{int(number)}"
