"""Demo data: one organisation, its three staff, the Ferguson case from the seed opinion and five fictional
cases that between them exercise every disposition of the triage taxonomy.

Ferguson's facts follow United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022); where the opinion gives only a
month (the sentence of February 2005, the reduction of October 2016) the first of the month stands in, and the
register number and facility are made up. Everyone else is fictional.
"""

from datetime import date, timedelta

from django.db import transaction

from analysis import court, retriage, review, triage
from analysis.models import Filing, Revision
from intake.models import Argument, Case, Client, Organisation, User, WardenRequest

DEMO_PASSWORD = "safety-valve-demo"  # noqa: S105 - printed for the demo; load_demo refuses to run without DEBUG
DEMO_ORGANISATION = "Demo Federal Defender"

STAFF = [
    ("intake", "Ida", "Intake", User.Role.INTAKE),
    ("reviewer", "Rita", "Reviewer", User.Role.REVIEWER),
    ("orgadmin", "Omar", "Admin", User.Role.ADMIN),
]

CASES = [
    {
        "client": {
            "name": "Dwayne Ferguson",
            "register_number": "31234-083",
            "facility": "FCI Butner (demo)",
        },
        "case": {
            "district": "vaed",
            "docket_number": "3:04-cr-00013",
            "offenses": "Drug and firearm offenses, including a § 924(c) count (Count Seven) carrying a 30-year "
            "consecutive minimum because the firearm had a silencer.",
            "sentence_months": 765,
            "sentence_date": date(2005, 2, 1),
            "current_sentence_months": 622,
            "sentence_reduced_on": date(2016, 10, 1),
            "prior_2255_count": 2,
            "motion_filed_on": date(2020, 6, 8),
        },
        "warden_request": {
            "submitted_on": date(2020, 5, 15),
            "grounds": "Asthma and high blood pressure put him at high risk of death from COVID-19.",
            "response": WardenRequest.Response.DENIED,
            "response_on": date(2020, 5, 26),
        },
        "arguments": [
            "His asthma and high blood pressure raise his risk of death if he catches COVID-19 in the prison.",
            "The indictment never alleged that the firearm had a silencer, so the 30-year § 924(c) mandatory "
            "minimum on Count Seven was unlawfully imposed.",
            "The jury was not instructed that possessing a silencer was an element it had to find for Count Seven.",
            "At his arraignment the government did not tell him the penalty he faced on Count Seven.",
            "The court miscalculated his sentencing guideline range.",
            "His trial lawyer failed to subpoena a witness who would have helped the defense.",
            "His lawyer misadvised him about what his guideline range would be.",
            "His lawyer did not object to the guideline calculation for Count Seven.",
            "His lawyer told him he faced the same penalty whether he went to trial or pleaded guilty.",
        ],
    },
    {
        "client": {
            "name": "Marcus Hale",
            "register_number": "45821-424",
            "date_of_birth": date(1961, 3, 14),
            "facility": "FCI Oxford",
        },
        "case": {
            "district": "ilnd",
            "docket_number": "1:12-cr-00417",
            "offenses": "Conspiracy to distribute cocaine, 21 U.S.C. §§ 846, 841(a)(1).",
            "sentence_months": 240,
            "sentence_date": date(2013, 9, 20),
            "judgment_final_date": date(2014, 10, 2),
        },
        "warden_request": {
            "submitted_on": date(2026, 8, 3),
            "received_on": date(2026, 8, 6),
            "grounds": "Stage IV colon cancer that has spread to his liver.",
            "response": WardenRequest.Response.NO_RESPONSE,
            "terminal_illness": True,  # confirmed by staff: his oncologist estimates less than a year
        },
        "arguments": [
            "Mr. Hale was diagnosed in June with stage IV colon cancer that has spread to his liver; his "
            "oncologist estimates he has less than a year.",
            "His mother, who has raised his two children (ages 9 and 12) since his arrest, died in March and "
            "there is no one else to care for them.",
            "Beside his illness, he has completed 30 programs, earned his GED and has had no disciplinary "
            "incidents in eleven years.",
        ],
    },
    {
        "client": {
            "name": "Rosa Delgado",
            "register_number": "60317-479",
            "date_of_birth": date(1957, 11, 2),
            "facility": "FMC Carswell",
        },
        "case": {
            "district": "txsd",
            "docket_number": "4:15-cr-00233",
            "offenses": "Health-care fraud, 18 U.S.C. § 1347.",
            "sentence_months": 151,
            "sentence_date": date(2016, 5, 11),
        },
        "warden_request": {
            # Relative to the day the demo is loaded, so the home page shows a filing date coming up.
            "submitted_on": date.today() - timedelta(days=20),
            "grounds": "Age and declining health.",
            "response": WardenRequest.Response.PENDING,
        },
        "arguments": [
            # Her own words, and her request ("Age and declining health") raised age: staff confirmed both.
            {
                "text": "im 69 years old and my body is giving out, I use a walker now and cant get to chow hall "
                "or the shower by myself, I have done more than 10 years of my time",
                "is_verbatim": True,
                "raised_in_request": "yes",
            },
            "BOP has not applied my First Step Act earned time credits, my release date should be months earlier.",
            "I am asking to be sent home to home confinement to finish my sentence with my daughter.",
        ],
    },
    {
        "client": {
            "name": "Terrence Boyd",
            "register_number": "22956-039",
            "date_of_birth": date(1984, 7, 30),
            "facility": "USP McCreary",
        },
        "case": {
            "district": "mied",
            "docket_number": "2:09-cr-20371",
            "offenses": "Two counts of Hobbs Act robbery and two stacked § 924(c) counts.",
            "sentence_months": 481,
            "sentence_date": date(2010, 6, 24),
            "judgment_final_date": date(2011, 8, 15),
            "prior_2255_count": 1,
            "last_2255_date": date(2012, 7, 30),
        },
        "warden_request": None,
        "arguments": [
            "If I was sentenced today after the First Step Act my two 924(c) counts would not be stacked and I "
            "would be looking at 25 less years.",
            "I have took every class they offer, I tutor GED students, and I am not the same person I was at 24.",
            "Under Amendment 821 my status points should come off and my guideline range goes down.",
            "I did not do this robbery. The witness who picked me out has since said she was wrong and I am "
            "actually innocent.",
        ],
    },
    {
        "client": {
            "name": "Linda Okafor",
            "register_number": "71144-019",
            "date_of_birth": date(1979, 1, 23),
            "facility": "FCI Aliceville",
        },
        "case": {
            "district": "gand",
            "docket_number": "1:18-cr-00095",
            "offenses": "Wire fraud conspiracy, 18 U.S.C. § 1349.",
            "sentence_months": 168,
            "sentence_date": date(2019, 2, 7),
        },
        "warden_request": {
            "submitted_on": date(2026, 6, 1),
            "received_on": date(2026, 6, 3),
            "grounds": "Sexual abuse by a correctional officer, who was later convicted.",
            "response": WardenRequest.Response.DENIED,
            "response_on": date(2026, 6, 19),
            "bp10_filed_on": date(2026, 7, 2),
        },
        "arguments": [
            "She was sexually assaulted by a correctional officer at this facility; the officer was convicted "
            "for it last year.",
            "The unit has been on lockdown for weeks at a time, the food is spoiled and the showers have mold.",
            "Her co-defendant, who organised the scheme, got 60 months while she got 168.",
            "The prosecutor hid a cooperation deal with the main government witness and let him lie about it at "
            "trial.",
        ],
    },
    # After filing. Three approved cases carry the story on into court (see _court_history):
    # Whitaker was approved in March 2026 under the rule pack of the time (before Rutherford), and his motion
    # is still pending, so the retriage that load_demo runs shows the "law changed" banner on it; Monroe's
    # motion was denied five days before the demo is loaded (an appeal deadline on the home page); Salas's
    # motion was filed too early and dismissed without prejudice (a renewed-filing date on the home page).
    {
        "client": {
            "name": "Andre Whitaker",
            "register_number": "40988-037",
            "date_of_birth": date(1976, 12, 9),
            "facility": "FCI Cumberland",
        },
        "case": {
            "district": "mdd",
            "docket_number": "8:08-cr-00291",
            "offenses": "Three Hobbs Act robberies and two stacked § 924(c) counts.",
            "sentence_months": 535,
            "sentence_date": date(2009, 4, 17),
            "judgment_final_date": date(2010, 6, 1),
        },
        "warden_request": {
            "submitted_on": date(2026, 1, 5),
            "received_on": date(2026, 1, 8),
            "grounds": "End-stage kidney disease; the First Step Act ended § 924(c) stacking.",
            "response": WardenRequest.Response.NO_RESPONSE,
        },
        "arguments": [
            "If he were sentenced today, after the First Step Act ended § 924(c) stacking, his two 924(c) counts "
            "would carry 10 years instead of 32, a disparity of 22 years.",
            "He has end-stage kidney disease and needs dialysis three times a week, which the facility cannot "
            "provide reliably; he has been taken to the hospital four times this year.",
        ],
        "court": {
            "triage_as_of": date(2026, 3, 10),
            "approved_on": date(2026, 3, 16),
            "filings": [
                {
                    "filed_on": date(2026, 3, 20),
                    "docket_entry": 112,
                    "response_on": date(2026, 4, 17),
                    "response_docket_entry": 118,
                    "threshold_position": "not_raised",
                },
            ],
        },
    },
    {
        "client": {
            "name": "Keisha Monroe",
            "register_number": "52870-018",
            "date_of_birth": date(1955, 2, 21),
            "facility": "FPC Marianna",
        },
        "case": {
            "district": "flnd",
            "docket_number": "3:14-cr-00077",
            "offenses": "Conspiracy to commit bank fraud, 18 U.S.C. § 1349.",
            "sentence_months": 180,
            "sentence_date": date(2015, 3, 3),
        },
        "warden_request": {
            "submitted_on": date.today() - timedelta(days=120),
            "received_on": date.today() - timedelta(days=118),
            "grounds": "Age and serious deterioration in health.",
            "response": WardenRequest.Response.DENIED,
            "response_on": date.today() - timedelta(days=100),
        },
        "arguments": [
            # Her request ("Age and serious deterioration in health") raised age: staff confirmed it.
            {
                "text": "She is 71, has served more than ten years of her sentence, and since her heart surgery "
                "she can no longer walk to the dining hall or dress herself without help.",
                "raised_in_request": "yes",
            },
        ],
        "court": {
            "approved_on": date.today() - timedelta(days=62),
            "filings": [
                {
                    "filed_on": date.today() - timedelta(days=60),
                    "docket_entry": 64,
                    "response_on": date.today() - timedelta(days=30),
                    "response_docket_entry": 70,
                    "threshold_position": "not_raised",
                    "ruling": "denied",
                    "ruling_on": date.today() - timedelta(days=5),
                    "ruling_docket_entry": 75,
                },
            ],
        },
    },
    {
        "client": {
            "name": "Victor Salas",
            "register_number": "66203-380",
            "date_of_birth": date(1983, 8, 12),
            "facility": "FCI Bastrop",
        },
        "case": {
            "district": "txwd",
            "docket_number": "1:17-cr-00142",
            "offenses": "Possession with intent to distribute methamphetamine, 21 U.S.C. § 841(a)(1).",
            "sentence_months": 120,
            "sentence_date": date(2018, 1, 25),
        },
        "warden_request": {
            "submitted_on": date.today() - timedelta(days=28),
            "received_on": date.today() - timedelta(days=26),
            "grounds": "His wife died and their two young sons have no other caregiver.",
            "response": WardenRequest.Response.PENDING,
        },
        "arguments": [
            "His wife died in September; their sons, 6 and 8, are in emergency foster care because there is "
            "no other family member who can care for them.",
        ],
        "court": {
            "approved_on": date.today() - timedelta(days=17),
            "filings": [
                {
                    "filed_on": date.today() - timedelta(days=15),
                    "docket_entry": 51,
                    "response_on": date.today() - timedelta(days=8),
                    "response_docket_entry": 53,
                    "threshold_position": "raised",
                    "ruling": "dismissed_premature",
                    "ruling_on": date.today() - timedelta(days=3),
                    "ruling_docket_entry": 54,
                },
            ],
        },
    },
    {
        "client": {
            "name": "James Whitfield",
            "register_number": "58392-408",
            "date_of_birth": date(1990, 5, 5),
            "facility": "FCI Phoenix",
        },
        "case": {
            "district": "azd",
            "docket_number": "2:20-cr-00612",
            "offenses": "Felon in possession of a firearm, 18 U.S.C. § 922(g)(1).",
            "sentence_months": 84,
            "sentence_date": date(2021, 8, 16),
            "judgment_final_date": date(2021, 8, 30),
        },
        "warden_request": None,
        "arguments": [
            "My guilty plea wasn't knowing or voluntary, nobody explained the elements to me and the judge "
            "rushed through the plea colloquy.",
            "The felon-in-possession statute I was convicted under is unconstitutional under the Second Amendment.",
            "I helped the government with information on another case after I was sentenced and want credit for it.",
        ],
    },
]


@transaction.atomic
def load_demo() -> tuple[Organisation, list[str]]:
    """Create (or refresh) the demo organisation, its staff and cases; return the org and what was created."""
    organisation, _ = Organisation.objects.get_or_create(
        name=DEMO_ORGANISATION, defaults={"require_independent_approval": True}
    )
    created: list[str] = []
    staff = {}
    for username, first_name, last_name, role in STAFF:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "role": role,
                "organisation": organisation,
                "email": f"{username}@demo.invalid",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        staff[username] = user
        if was_created:
            created.append(f"user {username}")
    for spec in CASES:
        client, _ = Client.objects.get_or_create(
            organisation=organisation,
            register_number=spec["client"]["register_number"],
            defaults=spec["client"],
        )
        if Case.objects.filter(organisation=organisation, client=client).exists():
            continue
        case = Case(
            organisation=organisation, client=client, created_by=staff["intake"], assigned_to=staff["intake"]
        )
        for field, value in spec["case"].items():
            setattr(case, field, value)
        case.full_clean()
        case.save()
        if spec["warden_request"]:
            warden_request = WardenRequest(case=case, **spec["warden_request"])
            warden_request.full_clean()
            warden_request.save()
        for order, argument in enumerate(spec["arguments"]):
            fields = argument if isinstance(argument, dict) else {"text": argument}
            Argument.objects.create(case=case, order=order, source=Argument.Source.STAFF, **fields)
        created.append(f"case {case}")
    _court_history(organisation, staff)
    _triage_and_submit(organisation, staff["intake"])
    _retriage_open_cases(organisation)
    return organisation, created


def _triage_and_submit(organisation: Organisation, intake: User) -> None:
    """Triage every demo argument not yet assessed, and put the Ferguson case in the review queue."""
    for case in Case.objects.filter(organisation=organisation):
        triage.run_triage_unassessed(case=case, by=intake)
    ferguson = Case.objects.filter(organisation=organisation, docket_number="3:04-cr-00013").first()
    if ferguson and ferguson.status == Case.Status.DRAFT and not ferguson.revisions.exists():
        review.submit_for_review(case=ferguson, by=intake)


def _court_history(organisation: Organisation, staff: dict[str, User]) -> None:
    """Approve the demo cases that went to court, then record their filings, responses and rulings."""
    for spec in CASES:
        story = spec.get("court")
        case = Case.objects.filter(
            organisation=organisation, client__register_number=spec["client"]["register_number"]
        ).first()
        if not story or case is None or case.revisions.exists():
            continue
        triage.run_triage_unassessed(case=case, by=staff["intake"], as_of=story.get("triage_as_of"))
        review.submit_for_review(case=case, by=staff["intake"])
        for argument in case.arguments.all():
            review.decide_argument(argument=argument, by=staff["reviewer"], accept=True)
        revision = review.approve(case=case, by=staff["reviewer"], threshold_acknowledged=True)
        if story.get("approved_on"):
            # A revision is immutable through the ORM's save(); the demo back-dates it with an update so that
            # each approval sits where its story does, before its motion was filed (Whitaker's in March 2026,
            # under the pack then in force).
            approved_at = revision.approved_at.replace(
                year=story["approved_on"].year, month=story["approved_on"].month, day=story["approved_on"].day
            )
            Revision.objects.filter(pk=revision.pk).update(approved_at=approved_at)
        case.refresh_from_db()
        for facts in story["filings"]:
            filing = court.record_filing(
                case=case,
                filing=Filing(
                    filed_on=facts["filed_on"],
                    docket_entry=facts["docket_entry"],
                ),
                by=staff["intake"],
            )
            for field in (
                "response_on",
                "response_docket_entry",
                "threshold_position",
                "ruling",
                "ruling_on",
                "ruling_docket_entry",
            ):
                if field in facts:
                    setattr(filing, field, facts[field])
            court.update_filing(filing=filing, by=staff["reviewer"])


def _retriage_open_cases(organisation: Organisation) -> None:
    """What an upgrade does after installing a new rule pack: file law changes for reviewers to decide."""
    retriage.retriage_open_cases(cases=Case.objects.filter(organisation=organisation))
