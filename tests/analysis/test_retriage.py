"""When the rule pack changes: retriage finds what the new law reads differently, and a reviewer decides."""

from datetime import date
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from analysis import court, engine, retriage, triage
from analysis.models import Assessment, Decision, Filing, LawChange, ReviewNote
from intake.models import Case
from tests.factories import (
    BEFORE_RUTHERFORD,
    CHANGE_IN_LAW_CLAIM,
    make_approved_case,
    make_argument,
    make_case,
    make_warden_request,
)

MEDICAL = "He has stage IV lung cancer that has spread to his bones."


def _approved_before_rutherford(org, intake_user, reviewer, render_documents: bool) -> Case:
    return make_approved_case(
        org,
        created_by=intake_user,
        approved_by=reviewer,
        texts=[CHANGE_IN_LAW_CLAIM, MEDICAL],
        triage_as_of=BEFORE_RUTHERFORD,
        render_documents=render_documents,
        approved_on=date(2026, 3, 16),
    )


@pytest.fixture
def old_case(org, intake_user, reviewer) -> Case:
    """Approved in March 2026 under the pre-Rutherford pack (documents not rendered: not looked at)."""
    return _approved_before_rutherford(org, intake_user, reviewer, render_documents=False)


@pytest.fixture
def old_case_with_documents(org, intake_user, reviewer) -> Case:
    """The same, with the documents the approval rendered and stored."""
    return _approved_before_rutherford(org, intake_user, reviewer, render_documents=True)


@pytest.fixture
def old_draft(org, intake_user) -> Case:
    """A draft triaged under the old pack and never reviewed."""
    case = make_case(org, created_by=intake_user)
    make_warden_request(case)
    make_argument(case, text=CHANGE_IN_LAW_CLAIM)
    triage.run_triage_unassessed(case=case, by=intake_user, as_of=BEFORE_RUTHERFORD)
    return case


def run_command(*args) -> str:
    out = StringIO()
    call_command("retriage", *args, stdout=out)
    return out.getvalue()


def change_of(case) -> LawChange:
    return LawChange.objects.get(case=case)


def test_the_old_pack_read_the_change_in_law_claim_as_a_mccoy_reason(old_case):
    assessment = old_case.arguments.get(order=0).assessment
    assert (assessment.disposition, assessment.ground) == ("compassionate_release", "other")
    assert assessment.rule_pack_version == "2025.07.01"
    revision = old_case.revisions.get()
    assert revision.rule_pack_version == "2025.07.01"  # the approval records the law it was decided under


def test_changed_only_lists_the_cases_that_would_change_and_nothing_else(
    org, intake_user, reviewer, old_case
):
    current = make_approved_case(
        org, created_by=intake_user, approved_by=reviewer, texts=[MEDICAL], render_documents=False
    )
    output = run_command("--changed-only")
    assert f"Case {old_case.pk}  No. {old_case.docket_number}" in output
    assert "argument 1: compassionate_release/other (2025.07.01, CR-CHANGE-IN-LAW-MCCOY) -> " in output
    assert "foreclosed/change_in_law (FC-CHANGE-IN-LAW)" in output
    assert f"Case {current.pk} " not in output
    assert "1 case(s) would change (1 argument(s))" in output
    # No client data in the listing: cases are named by id and docket number only.
    assert old_case.client.name not in output and "924(c) counts" not in output
    full = run_command()
    assert f"Case {current.pk} " in full and "no change" in full


def test_retriage_never_overwrites_an_assessment_a_decision_or_an_approved_revision(old_case_with_documents):
    old_case = old_case_with_documents
    argument = old_case.arguments.get(order=0)
    revision = old_case.revisions.get()
    documents = {d.slug: bytes(d.content) for d in revision.documents.all()}
    assert documents, "the approval stored its documents"
    snapshot_before = revision.snapshot
    run_command()
    argument.refresh_from_db()
    assert argument.assessment.disposition == "compassionate_release"
    assert argument.assessment.rule_pack_version == "2025.07.01"
    assert argument.decision.disposition == "compassionate_release"
    change = change_of(old_case)
    assert (change.status, change.old_disposition, change.new_disposition) == (
        "pending",
        "compassionate_release",
        "foreclosed",
    )
    revision.refresh_from_db()
    assert revision.snapshot == snapshot_before and revision.rule_pack_version == "2025.07.01"
    assert {d.slug: bytes(d.content) for d in revision.documents.all()} == documents


def test_running_twice_files_each_change_once(old_case):
    run_command()
    second = run_command("--changed-only")
    assert LawChange.objects.count() == 1
    assert "[already filed: waiting for a reviewer]" in second
    assert "0 new decision(s) filed" in second


def test_a_dry_run_records_nothing(old_case):
    output = run_command("--dry-run")
    assert "would change" in output and "Dry run: nothing recorded." in output
    assert not LawChange.objects.exists()


def test_a_closed_case_is_not_retriaged_but_a_pending_or_dismissed_one_is(old_case, intake_user):
    filing = court.record_filing(
        case=old_case, filing=Filing(filed_on=date(2026, 3, 20), docket_entry=1), by=intake_user
    )
    assert old_case in retriage.open_cases()
    filing.ruling, filing.ruling_on = "dismissed_premature", date(2026, 3, 25)
    court.update_filing(filing=filing, by=intake_user)
    assert old_case in retriage.open_cases()
    filing.ruling = "denied"
    court.update_filing(filing=filing, by=intake_user)
    assert old_case not in retriage.open_cases()
    run_command()
    assert not LawChange.objects.exists()


def test_an_edited_argument_needs_a_new_triage_not_a_law_change(old_draft):
    argument = old_draft.arguments.get()
    argument.text = CHANGE_IN_LAW_CLAIM + " He also has asthma."
    argument.save()
    report = retriage.retriage_open_cases()
    assert report.cases[0].stale == 1
    assert not LawChange.objects.exists()


# --- The banner and the reviewer's decision ------------------------------------------------------------------


def test_the_case_page_shows_the_banner_with_old_and_new_side_by_side(old_case, reviewer_client):
    run_command()
    page = reviewer_client.get(old_case.get_absolute_url()).content.decode()
    assert "The law changed." in page
    assert "Before: rule pack 2025.07.01" in page and f"Now: rule pack {engine.RULE_PACK_VERSION}" in page
    assert "Rule CR-CHANGE-IN-LAW-MCCOY" in page and "Rule FC-CHANGE-IN-LAW" in page
    assert "United States v. McCoy, 981 F.3d 271 (4th Cir. 2020)" in page
    assert "Rutherford v. United States, No. 24-820" in page
    assert "What changed" in page and "displaces McCoy" in page
    assert "Save decision on argument 1" in page
    # The other tabs carry the banner too, linking to the panel.
    review_page = reviewer_client.get(reverse("analysis:court", args=[old_case.pk])).content.decode()
    assert "The law changed." in review_page and "#law-changes" in review_page


def test_intake_staff_see_the_banner_but_cannot_decide(old_case, intake_client):
    run_command()
    page = intake_client.get(old_case.get_absolute_url()).content.decode()
    assert "The law changed." in page and "Waiting for a reviewer." in page
    assert "Save decision on argument 1" not in page
    change = change_of(old_case)
    response = intake_client.post(
        reverse("analysis:decide_law_change", args=[old_case.pk, change.pk]),
        {f"lc{change.pk}-decision": "accept", f"lc{change.pk}-reason": "Rutherford."},
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == "pending"


def decide(client, case, change, decision, reason):
    return client.post(
        reverse("analysis:decide_law_change", args=[case.pk, change.pk]),
        {
            f"lc{change.pk}-decision": decision,
            f"lc{change.pk}-reason": reason,
            f"lc{change.pk}-version": Case.objects.get(pk=case.pk).version,
        },
    )


def test_accepting_the_new_assessment_with_a_reason_updates_the_live_case_only(
    old_case_with_documents, reviewer, reviewer_client
):
    old_case = old_case_with_documents
    run_command()
    change = change_of(old_case)
    revision = old_case.revisions.get()
    documents = {d.slug: bytes(d.content) for d in revision.documents.all()}
    response = decide(
        reviewer_client, old_case, change, "accept", "Rutherford forecloses the McCoy argument."
    )
    assert response.status_code == 302
    argument = old_case.arguments.get(order=0)
    assessment = Assessment.objects.get(argument=argument)
    assert (assessment.disposition, assessment.ground) == ("foreclosed", "change_in_law")
    assert assessment.rule_pack_version == engine.RULE_PACK_VERSION
    decision = Decision.objects.get(argument=argument)
    assert decision.disposition == "foreclosed" and decision.decided_by == reviewer
    assert "Rutherford forecloses the McCoy argument." in decision.reason
    change.refresh_from_db()
    assert (change.status, change.decided_by) == ("accepted", reviewer)
    assert ReviewNote.objects.filter(case=old_case, kind="law_change").exists()
    # The approved revision is what was signed off: untouched.
    revision.refresh_from_db()
    assert revision.rule_pack_version == "2025.07.01"
    assert {d.slug: bytes(d.content) for d in revision.documents.all()} == documents
    assert revision.snapshot["arguments"][0]["decision"]["disposition"] == "compassionate_release"
    page = reviewer_client.get(old_case.get_absolute_url()).content.decode()
    assert "The law changed." not in page
    assert "New assessment accepted" in page and "Rutherford forecloses the McCoy argument." in page


def test_keeping_the_old_assessment_with_a_reason_changes_nothing_and_is_not_asked_again(
    old_case, reviewer_client
):
    run_command()
    change = change_of(old_case)
    assert (
        decide(
            reviewer_client, old_case, change, "keep", "Motion filed before May; argue it as filed."
        ).status_code
        == 302
    )
    argument = old_case.arguments.get(order=0)
    assert Assessment.objects.get(argument=argument).disposition == "compassionate_release"
    assert Decision.objects.get(argument=argument).disposition == "compassionate_release"
    change.refresh_from_db()
    assert change.status == "kept" and change.reason == "Motion filed before May; argue it as filed."
    output = run_command("--changed-only")
    assert LawChange.objects.count() == 1
    assert "[already filed: old assessment kept]" in output


def test_a_decision_without_a_reason_is_refused_and_changes_nothing(old_case, reviewer_client):
    run_command()
    change = change_of(old_case)
    response = decide(reviewer_client, old_case, change, "accept", "   ")
    assert response.status_code == 302
    page = reviewer_client.get(response.url).content.decode()
    assert "Give the reason for your decision." in page
    change.refresh_from_db()
    assert change.status == "pending"
    assert old_case.arguments.get(order=0).assessment.disposition == "compassionate_release"


@pytest.mark.parametrize("version", [None, "", "abc", "9" * 30, "stale"])
def test_a_decision_without_the_pages_version_is_refused_and_changes_nothing(
    old_case, reviewer_client, version
):
    run_command()
    change = change_of(old_case)
    before = Case.objects.get(pk=old_case.pk).version
    data = {f"lc{change.pk}-decision": "accept", f"lc{change.pk}-reason": "The new pack is right."}
    if version is not None:
        data[f"lc{change.pk}-version"] = before - 1 if version == "stale" else version

    response = reviewer_client.post(
        reverse("analysis:decide_law_change", args=[old_case.pk, change.pk]), data
    )

    page = reviewer_client.get(response.url).content.decode()
    assert ("reload" in page) or ("out of date" in page)
    change.refresh_from_db()
    assert change.status == "pending"
    assert Case.objects.get(pk=old_case.pk).version == before
    assert old_case.arguments.get(order=0).assessment.disposition == "compassionate_release"


def test_a_change_is_decided_once(old_case, reviewer, reviewer_client):
    run_command()
    change = change_of(old_case)
    retriage.decide_law_change(change=change, accept=False, reason="Keep it.", by=reviewer)
    response = decide(reviewer_client, old_case, change, "accept", "Second thoughts.")
    page = reviewer_client.get(response.url).content.decode()
    assert "already decided" in page
    change.refresh_from_db()
    assert change.status == "kept"


def test_an_argument_edited_after_the_change_was_found_must_be_triaged_again(old_draft, reviewer):
    from django.core.exceptions import ValidationError

    retriage.retriage_open_cases()
    change = change_of(old_draft)
    argument = old_draft.arguments.get()
    argument.text += " He also has asthma."
    argument.save()
    with pytest.raises(ValidationError, match="run triage again"):
        retriage.decide_law_change(change=change, accept=True, reason="Rutherford.", by=reviewer)


def test_a_new_triage_of_an_undecided_draft_answers_the_pending_change(old_draft, intake_user):
    retriage.retriage_open_cases()
    triage.run_triage(case=old_draft, by=intake_user)
    change = change_of(old_draft)
    assert change.status == "superseded"
    assert old_draft.arguments.get().assessment.disposition == "foreclosed"


def test_another_organisation_cannot_see_or_decide_the_change(old_case, outsider_client):
    run_command()
    change = change_of(old_case)
    response = decide(outsider_client, old_case, change, "accept", "Not mine.")
    assert response.status_code == 404
    change.refresh_from_db()
    assert change.status == "pending"


# --- The demo carries a case approved under the old pack ----------------------------------------------------


def test_the_demo_shows_a_case_approved_before_rutherford_with_the_banner(db, client, settings):
    from analysis.demo import load_demo
    from intake.models import User

    settings.DEBUG = True
    load_demo()
    whitaker = Case.objects.get(client__name="Andre Whitaker")
    revision = whitaker.revisions.get()
    assert revision.rule_pack_version == "2025.07.01"
    assert revision.approved_at.date() == date(2026, 3, 16)
    assert LawChange.objects.filter(case=whitaker, status="pending").count() == 1
    client.force_login(User.objects.get(username="reviewer"))
    page = client.get(whitaker.get_absolute_url()).content.decode()
    assert "The law changed." in page and "Before: rule pack 2025.07.01" in page
    # The denied demo case is closed: it carries an appeal deadline, not a law change.
    monroe = Case.objects.get(client__name="Keisha Monroe")
    assert not LawChange.objects.filter(case=monroe).exists()
    home = client.get(reverse("intake:home")).content.decode()
    assert "Notice of appeal due" in home and "Renewed motion may be filed" in home


def test_deciding_a_law_change_makes_pages_opened_before_it_stale(org, intake_user, reviewer):
    from analysis import review

    case = make_case(org, created_by=intake_user)
    make_warden_request(case)
    make_argument(case, text=CHANGE_IN_LAW_CLAIM)
    triage.run_triage_unassessed(case=case, by=intake_user, as_of=BEFORE_RUTHERFORD)
    review.submit_for_review(case=case, by=intake_user)
    case.refresh_from_db()
    seen_version = case.version
    retriage.retriage_open_cases()
    retriage.decide_law_change(change=change_of(case), accept=True, reason="Rutherford.", by=reviewer)
    with pytest.raises(review.ReviewConflict):
        review.accept_all(case=case, by=reviewer, expected_version=seen_version)


def test_a_case_cannot_be_approved_while_a_law_change_waits(org, intake_user, reviewer):
    from django.core.exceptions import ValidationError

    from analysis import review
    from tests.factories import accept_every_argument

    case = make_case(org, created_by=intake_user)
    make_warden_request(case)
    make_argument(case, text=CHANGE_IN_LAW_CLAIM)
    triage.run_triage_unassessed(case=case, by=intake_user, as_of=BEFORE_RUTHERFORD)
    review.submit_for_review(case=case, by=intake_user)
    accept_every_argument(case, reviewer)
    retriage.retriage_open_cases()
    with pytest.raises(ValidationError, match="The law changed for 1 argument"):
        review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    assert not case.revisions.exists()
    retriage.decide_law_change(change=change_of(case), accept=False, reason="Argue it as filed.", by=reviewer)
    with mock.patch("analysis.documents_service.store_revision_documents"):
        revision = review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    assert revision.rule_pack_version == "2025.07.01"  # the reviewer kept the old reading, on the record


POINTS_IN_PLAIN_WORDS = (
    "They added two points because I was on probation when this happened. I read that the guidelines changed and "
    "those points dont count anymore for most people."
)


def triaged_under_2026_12_06(org, intake_user, texts: list[str]) -> Case:
    """A draft whose arguments were triaged under pack 2026.12.06 (in force the same day as 2026.12.06.2, so no
    `as_of` date selects it), as triage reads them: together."""
    earlier = engine.load_rule_pack_version("2026.12.06")
    case = make_case(org, created_by=intake_user)
    for text in texts:
        make_argument(case, text=text)
    with mock.patch.object(
        triage,
        "classify_argument",
        lambda text, circuit, as_of=None: engine.classifier.assess(text, earlier, circuit),
    ):
        triage.run_triage_unassessed(case=case, by=intake_user)
    return case


def test_a_new_pack_version_of_the_same_day_is_retriaged(org, intake_user):
    """2026.12.06.2 reads Amendment 821 in plain words; an argument triaged under 2026.12.06 is listed, not silently
    kept (a pack edited in place would leave it with the old reading and the same version)."""
    case = triaged_under_2026_12_06(org, intake_user, [POINTS_IN_PLAIN_WORDS])
    assessment = case.arguments.get().assessment
    assert (assessment.rule_pack_version, assessment.disposition) == ("2026.12.06", "collateral_attack")

    output = run_command("--changed-only")
    assert "argument 1: collateral_attack/sentencing_error (2026.12.06, CA-SENTENCING) -> " in output
    assert "other_vehicle/guideline_amendment (OV-GUIDELINE-AMENDMENT)" in output


def test_retriage_reads_the_case_s_arguments_together_as_triage_does(org, intake_user):
    """Rehabilitation listed beside a medical ground was filed as rehabilitation beside it (read with the case);
    a new pack that reads both the same must not report it as moving to 'rehabilitation alone'."""
    rehabilitation_text = "I completed 30 programs, earned my GED and have had no write-ups in 12 years."
    case = triaged_under_2026_12_06(org, intake_user, [MEDICAL, rehabilitation_text])
    rehabilitation = case.arguments.get(order=1).assessment
    assert (rehabilitation.disposition, rehabilitation.ground) == ("compassionate_release", "rehabilitation")

    report = retriage.find_changes(Case.objects.filter(pk=case.pk))
    assert report.cases[0].checked == 2
    assert report.cases[0].changes == []
