"""Triage in the web app: Run triage, stale marking, the live preview partial, the letter splitter and the case
page's summary, threshold and issue-exhaustion panels (issue 3, "the web part")."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from analysis import engine, triage
from analysis.engine.classifier import assess
from analysis.models import Assessment
from intake.models import Argument, Case
from tests.factories import THREE_CLAIMS, make_argument, make_case, make_triaged_case, make_warden_request

HTMX = {"HTTP_HX_REQUEST": "true"}

# A pro se letter with three claims, one paragraph each: a release ground, a § 2255 claim and a BOP matter.
THREE_CLAIM_LETTER = """Dear Sir or Madam,

I have terminal pancreatic cancer and the doctors at the prison say I have maybe six months left to live.

My lawyer never told me about the plea offer the government made before trial. I would of took it if I knew.

The BOP still has not applied my First Step Act time credits to my release date even though I done all the programs.

Thank you for your time.
"""


def page_text(response) -> str:
    """The response body as text: tags removed, entities decoded, whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def summary_row(response, label: str) -> str:
    """The cell next to ``label`` in the triage summary table, as text."""
    html = response.content.decode()
    match = re.search(rf'<th scope="row">{re.escape(label)}</th><td>(.*?)</td>', html, re.S)
    assert match, f"no summary row {label!r}"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def argument_badges(response) -> list[str]:
    """The disposition badge of each argument on the case page, in order."""
    html = response.content.decode()
    section = re.search(r'<section class="card" id="arguments".*?</section>', html, re.S)
    assert section, "no arguments section"
    return re.findall(r'<span class="badge badge-([a-z_]+)">', section.group(0))


def triage_url(case: Case) -> str:
    return reverse("analysis:run_triage", args=[case.pk])


def case_url(case: Case) -> str:
    return reverse("intake:case_detail", args=[case.pk])


# --- Run triage --------------------------------------------------------------------------------------------------


def test_run_triage_stores_one_assessment_per_argument_with_the_rule_pack_version_and_time(
    intake_client, intake_user, case
):
    cancer, plea, credits = (make_argument(case, text=text) for text in THREE_CLAIMS)
    before = timezone.now()

    response = intake_client.post(triage_url(case))

    assert response.status_code == 302
    assert response.url == case_url(case)
    assessments = {a.argument_id: a for a in Assessment.objects.filter(argument__case=case)}
    assert set(assessments) == {cancer.pk, plea.pk, credits.pk}
    for assessment in assessments.values():
        assert assessment.rule_pack_version == engine.current_rule_pack().version
        assert before <= assessment.assessed_at <= timezone.now()
        assert assessment.assessed_by == intake_user
        assert assessment.rationale
        assert not assessment.is_stale
    assert (assessments[cancer.pk].disposition, assessments[cancer.pk].ground) == (
        "compassionate_release",
        "medical",
    )
    assert assessments[plea.pk].disposition == "collateral_attack"
    assert assessments[credits.pk].disposition == "other_vehicle"


def test_running_triage_again_replaces_each_assessment_instead_of_adding_one(intake_client, case):
    make_argument(case, text=THREE_CLAIMS[0])
    intake_client.post(triage_url(case))
    first = Assessment.objects.get(argument__case=case)

    intake_client.post(triage_url(case))

    assert Assessment.objects.filter(argument__case=case).count() == 1
    assert Assessment.objects.get(argument__case=case).assessed_at >= first.assessed_at


def test_case_page_shows_each_assessment_with_badge_ground_confidence_evidence_and_authority(
    intake_client, case
):
    make_argument(case, text=THREE_CLAIMS[0])
    intake_client.post(triage_url(case))
    assessment = Assessment.objects.get(argument__case=case)

    response = intake_client.get(case_url(case))

    html = response.content.decode()
    assert argument_badges(response) == ["compassionate_release"]
    text = page_text(response)
    assert "Compassionate release" in text
    assert "medical" in text
    assert f"confidence {assessment.confidence * 100:.0f}%" in text
    assert assessment.evidence, "the engine explains itself with evidence spans"
    assert f"<mark>{assessment.evidence[0]['text']}</mark>" in html
    for authority in assessment.authorities:
        assert authority in text


PLEA_OFFER = "My lawyer never told me about the plea offer the government made before trial."


def authority_lists(response) -> tuple[str, str]:
    """The argument's authorities as printed: the main list, and the line of other circuits' cases."""
    html = response.content.decode()
    main = re.search(r'<ul class="authorities">(.*?)</ul>', html, re.S)
    elsewhere = re.search(r'<p class="authorities-elsewhere">(.*?)</p>', html, re.S)
    as_text = lambda match: unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""  # noqa: E731
    return as_text(main), as_text(elsewhere)


def test_a_seventh_circuit_case_lists_fourth_circuit_authority_apart_as_not_binding(
    intake_client, org, intake_user
):
    case = make_case(org, created_by=intake_user, district="ilnd")
    make_argument(case, text=PLEA_OFFER)
    intake_client.post(triage_url(case))
    assessment = Assessment.objects.get(argument__case=case)
    assert "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)" in assessment.authorities

    main, elsewhere = authority_lists(intake_client.get(case_url(case)))

    assert "28 U.S.C. § 2255" in main and "Gonzalez v. Crosby" in main
    assert "4th Cir." not in main
    assert "not binding here" in elsewhere
    assert "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)" in elsewhere


def test_a_fourth_circuit_case_lists_its_own_circuits_authority_with_the_rest(intake_client, case):
    make_argument(case, text=PLEA_OFFER)
    intake_client.post(triage_url(case))

    main, elsewhere = authority_lists(intake_client.get(case_url(case)))

    assert "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)" in main
    assert elsewhere == ""


def test_anonymous_visitor_is_sent_to_login_and_nothing_is_triaged(client, case):
    make_argument(case)

    response = client.post(triage_url(case))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Assessment.objects.exists()


def test_outsider_cannot_triage_another_organisations_case(outsider_client, case):
    make_argument(case)

    response = outsider_client.post(triage_url(case))

    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_organisation_admin_is_refused_run_triage(admin_client_org, case):
    make_argument(case)

    response = admin_client_org.post(triage_url(case))

    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_run_triage_is_refused_while_the_case_is_in_review(intake_client, case):
    make_argument(case)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_REVIEW)

    response = intake_client.post(triage_url(case))

    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_run_triage_answers_get_with_405(intake_client, case):
    make_argument(case)

    assert intake_client.get(triage_url(case)).status_code == 405
    assert not Assessment.objects.exists()


def test_reviewer_may_run_triage_too(reviewer_client, case):
    make_argument(case)

    assert reviewer_client.post(triage_url(case)).status_code == 302
    assert Assessment.objects.filter(argument__case=case).count() == 1


# --- Stale marking -----------------------------------------------------------------------------------------------


def test_editing_an_arguments_text_marks_its_assessment_stale_until_triage_runs_again(intake_client, case):
    argument = make_argument(case, text=THREE_CLAIMS[0])
    untouched = make_argument(case, text=THREE_CLAIMS[1])
    intake_client.post(triage_url(case))
    assert "Stale" not in page_text(intake_client.get(case_url(case)))

    response = intake_client.post(
        reverse("intake:argument_edit", args=[case.pk, argument.pk]),
        {"text": "His mother, who cares for his two young sons, had a stroke last month.", "source": "staff"},
    )
    assert response.status_code == 302

    stale_page = page_text(intake_client.get(case_url(case)))
    assert "Stale: the text changed after triage" in stale_page
    assert "Stale after edits: #1 " in stale_page
    assert Assessment.objects.get(argument=argument).is_stale
    assert not Assessment.objects.get(argument=untouched).is_stale
    # The stale assessment still says what the engine read in the old text.
    assert Assessment.objects.get(argument=argument).ground == "medical"

    intake_client.post(triage_url(case))

    fresh_page = page_text(intake_client.get(case_url(case)))
    assert "Stale" not in fresh_page
    refreshed = Assessment.objects.get(argument=argument)
    assert not refreshed.is_stale
    assert (refreshed.disposition, refreshed.ground) == ("compassionate_release", "family")


def test_saving_an_argument_with_the_same_text_does_not_mark_it_stale(intake_client, case):
    argument = make_argument(case, text=THREE_CLAIMS[0])
    intake_client.post(triage_url(case))

    intake_client.post(
        reverse("intake:argument_edit", args=[case.pk, argument.pk]),
        {"text": THREE_CLAIMS[0], "source": "counsel"},
    )

    assert not Assessment.objects.get(argument=argument).is_stale
    assert "Stale" not in page_text(intake_client.get(case_url(case)))


# --- Live preview ------------------------------------------------------------------------------------------------


def preview_url(case: Case) -> str:
    return reverse("analysis:triage_preview", args=[case.pk])


def test_live_preview_returns_the_disposition_of_the_typed_text_as_a_partial_and_saves_nothing(
    intake_client, case
):
    make_argument(case, text=THREE_CLAIMS[1])
    assessments, arguments = Assessment.objects.count(), Argument.objects.count()

    response = intake_client.post(
        preview_url(case),
        {"text": "He has end-stage kidney disease and needs dialysis three times a week."},
        **HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="badge badge-compassionate_release"' in html
    assert "Compassionate release" in page_text(response)
    assert "not saved" in page_text(response)
    assert (Assessment.objects.count(), Argument.objects.count()) == (assessments, arguments)


def test_live_preview_tells_a_collateral_attack_from_a_release_ground(intake_client, case):
    response = intake_client.post(
        preview_url(case),
        {"text": "My lawyer never told me about the plea offer, I would of took it."},
        **HTMX,
    )

    assert 'class="badge badge-collateral_attack"' in response.content.decode()
    assert "Collateral attack" in page_text(response)


def test_live_preview_of_overlong_text_says_why_it_has_no_assessment(intake_client, case):
    response = intake_client.post(preview_url(case), {"text": "I have cancer. " * 400}, **HTMX)

    assert response.status_code == 200
    assert "No preview until the text is within the limit." in page_text(response)
    # The count under the box already says it is too long: the field says so once.
    assert "at most 5,000 characters" not in page_text(response)
    assert "errorlist" not in response.content.decode()
    assert "badge" not in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not Assessment.objects.exists()


def test_live_preview_of_an_empty_box_shows_nothing(intake_client, case):
    response = intake_client.post(preview_url(case), {"text": "   "}, **HTMX)

    assert response.status_code == 200
    assert page_text(response).strip() == ""


def test_live_preview_escapes_the_typed_text(intake_client, case):
    response = intake_client.post(
        preview_url(case), {"text": "<script>alert(1)</script> He has stage IV lung cancer."}, **HTMX
    )

    html = response.content.decode()
    assert "<script>" not in html
    assert "badge-compassionate_release" in html


def test_live_preview_refuses_outsiders_admins_and_get(
    outsider_client, admin_client_org, intake_client, case
):
    data = {"text": "He has stage IV lung cancer."}

    assert outsider_client.post(preview_url(case), data, **HTMX).status_code == 404
    assert admin_client_org.post(preview_url(case), data, **HTMX).status_code == 403
    assert intake_client.get(preview_url(case), data, **HTMX).status_code == 405


def test_the_add_argument_box_asks_for_the_live_preview_as_staff_type(intake_client, case):
    html = intake_client.get(case_url(case)).content.decode()

    preview = re.search(r'<div class="triage-preview"[^>]*>', html, re.S)
    assert preview
    assert f'hx-post="{preview_url(case)}"' in preview.group(0)
    assert "delay:" in preview.group(0)
    # The box sits in a form that swaps the whole arguments list; the preview must name its own target or its
    # answer would replace the list (htmx inherits hx-target).
    assert re.search(r'hx-target="(this|#triage-preview)"', preview.group(0))


# --- Paste a letter ----------------------------------------------------------------------------------------------


def letter_url(case: Case) -> str:
    return reverse("analysis:letter_split", args=[case.pk])


def proposals_of(response) -> list[str]:
    html = response.content.decode()
    return [
        unescape(text)
        for text in re.findall(
            r'<textarea id="proposal-\d+" name="proposal-\d+"[^>]*>(.*?)</textarea>', html, re.S
        )
    ]


def test_the_letter_splitter_proposes_one_argument_per_claim_and_saves_nothing(intake_client, case):
    response = intake_client.post(letter_url(case), {"letter": THREE_CLAIM_LETTER})

    assert response.status_code == 200
    proposals = proposals_of(response)
    assert len(proposals) == 3, proposals
    assert "pancreatic cancer" in proposals[0]
    assert "plea offer" in proposals[1]
    assert "time credits" in proposals[2]
    badges = re.findall(r'<span class="badge badge-([a-z_]+)">', response.content.decode())
    assert [badge for badge in badges if badge != "reason"] == [  # "reason": why a greeting was left out
        "compassionate_release",
        "collateral_attack",
        "other_vehicle",
    ]
    assert not Argument.objects.filter(case=case).exists()


def test_keeping_two_of_three_proposals_creates_exactly_those_two_arguments_from_the_client_letter(
    intake_client, case
):
    proposals = proposals_of(intake_client.post(letter_url(case), {"letter": THREE_CLAIM_LETTER}))
    assert len(proposals) == 3
    edited = proposals[2] + " They told me I have 365 days of credit."

    response = intake_client.post(
        letter_url(case),
        {
            "action": "keep",
            "count": "3",
            "proposal-0": proposals[0],
            "keep-0": "1",
            "proposal-1": proposals[1],
            "proposal-2": edited,
            "keep-2": "1",
        },
    )

    assert response.status_code == 302
    assert response.url == case_url(case)
    kept = list(case.arguments.order_by("order"))
    assert [argument.text for argument in kept] == [proposals[0].strip(), edited.strip()]
    assert {argument.source for argument in kept} == {Argument.Source.CLIENT_LETTER}
    assert not Assessment.objects.exists(), "keeping proposals adds arguments; triage is a separate step"


def test_keeping_nothing_ticked_adds_nothing_and_says_so(intake_client, case):
    response = intake_client.post(
        letter_url(case), {"action": "keep", "count": "1", "proposal-0": "I have cancer."}, follow=True
    )

    assert "Tick at least one proposed argument to keep." in page_text(response)
    assert not Argument.objects.exists()


def test_a_tampered_proposal_count_changes_nothing_and_does_not_crash(intake_client, case):
    response = intake_client.post(
        letter_url(case), {"action": "keep", "count": "three", "proposal-0": "I have cancer.", "keep-0": "1"}
    )

    assert response.status_code in (200, 302, 400)
    assert not Argument.objects.exists()


def test_an_empty_letter_is_refused_with_a_message(intake_client, case):
    response = intake_client.post(letter_url(case), {"letter": "   "})

    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    assert proposals_of(response) == []


def test_a_kept_proposal_longer_than_an_argument_may_be_is_refused_and_nothing_is_kept(intake_client, case):
    response = intake_client.post(
        letter_url(case),
        {
            "action": "keep",
            "count": "2",
            "proposal-0": "He has stage IV lung cancer.",
            "keep-0": "1",
            "proposal-1": "x" * 5001,
            "keep-1": "1",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert not Argument.objects.exists()


def test_a_refused_keep_shows_the_proposals_again_as_posted_with_the_error_at_the_long_one(
    intake_client, case
):
    # Reported: keeping a proposal over the limit sent staff back to an empty paste box; the letter and their
    # edits were gone.
    edited = "He has stage IV lung cancer; the oncologist gives him months."
    too_long = "His records run on and on. " * 200
    response = intake_client.post(
        letter_url(case),
        {
            "action": "keep",
            "count": "3",
            "verbatim": "on",
            "proposal-0": edited,
            "keep-0": "1",
            "proposal-1": too_long,
            "keep-1": "1",
            "proposal-2": "Thank you for your time.",
            "reason-2": "sign_off",
        },
    )

    assert response.status_code == 200
    assert proposals_of(response) == [edited, too_long.strip()]
    html = response.content.decode()
    assert re.search(r'id="keep-0" name="keep-0" value="1" checked', html)
    assert re.search(r'id="keep-2" name="keep-2" value="1">', html), "a set-aside sentence stays unticked"
    assert "Thank you for your time." in html and "sign-off, name or register number" in html
    error = f"Argument 2 is too long: at most 5,000 characters, this one has {len(too_long.strip()):,}."
    assert html.count(error) == 2, "once in the summary at the top, once at the argument"
    assert 'aria-describedby="proposal-1_error"' in html
    assert not Argument.objects.exists()


def test_arguments_kept_from_a_letter_are_the_clients_own_words_unless_staff_untick_it(intake_client, case):
    # Reported: kept letter text was stored as staff text, so the motion printed the client's "I … my mother…"
    # as counsel's own prose, unquoted, and the warden letter left it as a blank for the client to write.
    page = intake_client.post(letter_url(case), {"letter": THREE_CLAIM_LETTER}).content.decode()
    assert re.search(r'<input type="checkbox" name="verbatim"[^>]*checked', page)
    proposals = proposals_of(intake_client.post(letter_url(case), {"letter": THREE_CLAIM_LETTER}))

    keep = {"action": "keep", "count": "1", "proposal-0": proposals[0], "keep-0": "1"}
    assert intake_client.post(letter_url(case), keep | {"verbatim": "on"}).status_code == 302
    assert (
        intake_client.post(
            letter_url(case), keep | {"proposal-0": "His sister writes: he is dying."}
        ).status_code
        == 302
    )

    assert [(a.text, a.is_verbatim) for a in case.arguments.order_by("order")] == [
        (proposals[0], True),
        ("His sister writes: he is dying.", False),
    ]


def test_the_letter_splitter_is_refused_for_outsiders_admins_and_cases_in_review(
    outsider_client, admin_client_org, intake_client, case
):
    data = {"letter": THREE_CLAIM_LETTER}
    assert outsider_client.post(letter_url(case), data).status_code == 404
    assert admin_client_org.post(letter_url(case), data).status_code == 403
    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_REVIEW)
    keep = {"action": "keep", "count": "1", "proposal-0": "I have cancer.", "keep-0": "1"}
    assert intake_client.post(letter_url(case), keep).status_code == 403
    assert not Argument.objects.exists()


# --- Case page: summary, threshold and issue exhaustion ------------------------------------------------------------


def test_case_page_summarises_the_triage_by_disposition(intake_client, case):
    for text in THREE_CLAIMS:
        make_argument(case, text=text)
    intake_client.post(triage_url(case))

    response = intake_client.get(case_url(case))

    assert summary_row(response, "File on") == "#1"
    assert summary_row(response, "Refer for § 2255") == "#2"
    assert summary_row(response, "Foreclosed") == "—"
    assert summary_row(response, "Other vehicle") == "#3"
    assert argument_badges(response) == ["compassionate_release", "collateral_attack", "other_vehicle"]


def test_case_page_lists_arguments_not_yet_triaged(intake_client, case):
    make_argument(case, text=THREE_CLAIMS[0])
    intake_client.post(triage_url(case))
    make_argument(case, text=THREE_CLAIMS[1])

    text = page_text(intake_client.get(case_url(case)))

    assert "Not yet triaged: #2." in text


def test_threshold_panel_gives_the_earliest_filing_date_and_flags_a_premature_motion(
    intake_client, org, intake_user
):
    case = make_case(org, created_by=intake_user, motion_filed_on=date(2020, 6, 8))
    make_warden_request(
        case, submitted_on=date(2020, 5, 15), response="denied", response_on=date(2020, 5, 26)
    )

    text = page_text(intake_client.get(case_url(case)))

    assert "Earliest filing date: 2020-06-14" in text
    assert "Premature" in text


def test_threshold_panel_says_ready_when_the_motion_was_filed_after_the_thirty_days(
    intake_client, org, intake_user
):
    case = make_case(org, created_by=intake_user, motion_filed_on=date(2020, 7, 1))
    make_warden_request(case, submitted_on=date(2020, 5, 15), received_on=date(2020, 5, 18))

    text = page_text(intake_client.get(case_url(case)))

    assert "Earliest filing date: 2020-06-17" in text
    assert "Motion filed on time." in text
    assert "Premature" not in text


def test_threshold_panel_says_a_motion_may_be_filed_now_once_the_earliest_date_has_passed(
    intake_client, org, intake_user
):
    # As the triage memo's recommendations say it: the page said "may be filed on or after 2020-06-17" for years.
    case = make_case(org, created_by=intake_user)
    make_warden_request(case, submitted_on=date(2020, 5, 15), received_on=date(2020, 5, 18))

    text = page_text(intake_client.get(case_url(case)))

    assert "Motion not filed yet." in text
    assert "The earliest filing date, 2020-06-17, has come: a motion may be filed now." in text
    assert "on or after" not in text


def test_threshold_panel_gives_the_date_a_motion_may_be_filed_from_while_it_is_ahead(
    intake_client, org, intake_user
):
    case = make_case(org, created_by=intake_user)
    submitted = timezone.localdate() - timedelta(days=5)
    make_warden_request(case, submitted_on=submitted)
    earliest = submitted + timedelta(days=30)

    text = page_text(intake_client.get(case_url(case)))

    assert f"the motion may be filed on or after {earliest:%Y-%m-%d}." in text
    assert "filed now" not in text


def test_threshold_panel_asks_for_the_warden_request_when_none_is_recorded(intake_client, case):
    text = page_text(intake_client.get(case_url(case)))

    assert "Record the warden request to compute the earliest filing date." in text


def test_the_case_page_and_the_warden_request_form_state_the_threshold_in_the_law_text_s_days(
    intake_client, case, monkeypatch
):
    monkeypatch.setitem(engine.current_rule_pack().law.constants, "lapse_days", 45)

    overview = page_text(intake_client.get(case_url(case)))
    form = page_text(intake_client.get(reverse("intake:warden_request_edit", args=[case.pk])))

    assert "The motion can be filed only 45 days after the warden receives one" in overview
    assert "The request to the warden starts the 45-day clock." in form
    assert "30 days" not in overview and "30-day" not in form


def test_seventh_circuit_case_flags_the_ground_the_warden_request_did_not_raise(
    intake_client, org, intake_user
):
    case = make_case(org, created_by=intake_user, district="ilnd")
    make_warden_request(case, grounds="He has stage IV lung cancer and needs treatment outside the prison.")
    make_argument(case, text="He has stage IV lung cancer that has spread to his bones.")
    make_argument(
        case,
        text="His mother, who is the only person caring for his two young sons, had a stroke and can no longer "
        "look after them.",
    )
    intake_client.post(triage_url(case))

    response = intake_client.get(case_url(case))

    html = response.content.decode()
    assert "Issue exhaustion (7th Cir.)" in page_text(response)
    assert re.findall(r'<span class="flag flag-review">#(\d+)</span>', html) == ["2"]
    assert "Williams" in page_text(response)


@pytest.mark.parametrize("confirmed", [Argument.Raised.YES, Argument.Raised.NO])
def test_the_engine_suggestion_is_gone_once_staff_confirmed_whether_the_ground_was_raised(
    intake_client, reviewer_client, org, intake_user, confirmed
):
    """Staff's answer on the argument is the record (as in the memo): the engine's guess from the request's grounds
    summary is no longer listed beside it, on the Overview or the review page; an unconfirmed argument keeps it."""
    case = make_case(org, created_by=intake_user, district="ilnd")
    make_warden_request(case, grounds="He has stage IV lung cancer and needs treatment outside the prison.")
    family = (
        "His mother, who is the only person caring for his two young sons, had a stroke and can no longer look "
        "after them."
    )
    make_argument(case, text=family, raised_in_request=confirmed)
    make_argument(case, text=family.replace("sons", "daughters"))
    intake_client.post(triage_url(case))

    for page in (
        intake_client.get(case_url(case)),
        reviewer_client.get(reverse("analysis:case_review", args=[case.pk])),
    ):
        html = page.content.decode()
        assert "Issue exhaustion (7th Cir.)" in page_text(page)
        assert re.findall(r'<span class="flag flag-review">#(\d+)</span>', html) == ["2"]


def test_fourth_circuit_case_raises_no_issue_exhaustion_flag(intake_client, org, intake_user):
    case = make_case(org, created_by=intake_user, district="vaed")
    make_warden_request(case, grounds="He has stage IV lung cancer.")
    make_argument(
        case, text="His mother, who cares for his two young sons, had a stroke and cannot care for them."
    )

    html = intake_client.get(case_url(case)).content.decode()

    assert "Issue exhaustion (4th Cir.)" in unescape(html)
    assert not re.findall(r'<span class="flag flag-review">#(\d+)</span>', html)


# --- The demo Ferguson case ----------------------------------------------------------------------------------------


@pytest.fixture
def ferguson(db):
    from analysis.demo import load_demo

    load_demo()
    return Case.objects.select_related("client").get(client__name="Dwayne Ferguson")


def test_demo_ferguson_case_after_triage_shows_one_argument_to_file_and_eight_to_refer(client, ferguson):
    # The demo may already have triaged (and submitted) Ferguson; triage whatever it left unassessed.
    triage.run_triage_unassessed(case=ferguson, by=ferguson.created_by)
    client.force_login(ferguson.created_by)

    response = client.get(case_url(ferguson))

    badges = argument_badges(response)
    assert badges.count("compassionate_release") == 1
    assert badges.count("collateral_attack") == 8
    assert len(badges) == 9
    assert summary_row(response, "File on") == "#1"
    assert summary_row(response, "Refer for § 2255") == ", ".join(f"#{n}" for n in range(2, 10))
    assert Assessment.objects.get(argument__case=ferguson, argument__order=0).ground == "medical"


def test_demo_ferguson_threshold_says_2020_06_14_and_premature(client, ferguson):
    client.force_login(ferguson.created_by)

    text = page_text(client.get(case_url(ferguson)))

    assert "Earliest filing date: 2020-06-14" in text
    assert "Premature: the motion was filed before the earliest filing date." in text
    assert "Muhammad" in text


def test_the_letter_page_lists_sentences_that_are_not_claims_with_their_reason_and_one_can_be_kept(
    intake_client, case
):
    letter = (
        "Dear Sir or Madam,\n\nMy 2255 was denied in 2018.\n\n"
        "I have terminal pancreatic cancer and the doctors say I have six months left.\n\nSincerely,\nTom"
    )
    response = intake_client.post(letter_url(case), {"letter": letter})
    html = response.content.decode()
    assert proposals_of(response) == [
        "I have terminal pancreatic cancer and the doctors say I have six months left."
    ]
    text = page_text(response)
    assert "Sentences not taken as claims" in text
    assert "background: procedural history or the story of the case My 2255 was denied in 2018." in text
    assert "greeting or introduction Dear Sir or Madam," in text
    assert (
        'name="count" value="5"' in html
    )  # one proposal and four dropped sentences (greeting, 2255, two sign-off)
    hidden = dict(re.findall(r'<input type="hidden" name="(proposal-\d+)" value="([^"]*)">', html))
    restore = next(name for name, value in hidden.items() if unescape(value) == "My 2255 was denied in 2018.")
    assert re.search(
        rf'<input type="checkbox" id="keep-{restore[9:]}" name="keep-{restore[9:]}" value="1">', html
    )

    response = intake_client.post(
        letter_url(case),
        {
            "action": "keep",
            "count": "5",
            "proposal-0": proposals_of(response)[0],
            "keep-0": "1",
            restore: "My 2255 was denied in 2018.",
            f"keep-{restore[9:]}": "1",
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert [a.text for a in case.arguments.order_by("order")] == [
        "I have terminal pancreatic cancer and the doctors say I have six months left.",
        "My 2255 was denied in 2018.",
    ]


def test_the_letter_page_lists_a_remark_the_sentence_model_sets_aside_with_its_reason(intake_client, case):
    remark = "I tried to call your office twice but the phones here only work at night."
    cancer = "I have terminal pancreatic cancer and the doctors say I have six months left."
    plea = "My lawyer never told me about the plea offer of 10 years before trial."
    response = intake_client.post(letter_url(case), {"letter": f"{cancer}\n\n{remark}\n\n{plea}"})
    assert proposals_of(response) == [cancer, plea]
    assert f"reads like background or a remark, not a claim (learned from letters) {remark}" in page_text(
        response
    )


def test_live_preview_explains_the_reading_and_says_in_words_when_a_reviewer_must_decide(intake_client, case):
    text = "Please help me, I do not know what to do about any of this."
    expected = engine.classify(text, circuit=case.circuit or None)
    assert expected.needs_review and expected.reviewer_note  # unsure: the page must say so in plain words

    page = page_text(intake_client.post(preview_url(case), {"text": text}, **HTMX))

    assert expected.reviewer_note in page
    assert "Learned model:" in page
    assert expected.model_reading["ground"].replace("_", " ") in page


def test_case_page_shows_the_models_reading_its_phrases_and_the_reviewer_note(
    intake_client, intake_user, case
):
    make_argument(case, text="I have stage four lung cancer and the chemo stopped working last month.")
    make_argument(case, text="Please help me, I do not know what to do about any of this.")
    triage.run_triage(case=case, by=intake_user)

    page = page_text(intake_client.get(case_url(case)))

    sure, unsure = (argument.assessment for argument in case.arguments.order_by("order"))
    assert sure.model_reading and sure.model_phrases
    assert all(phrase["text"] in page for phrase in sure.model_phrases)
    assert page.count("Learned model:") == 2
    assert unsure.needs_review and unsure.reviewer_note in page
    assert not sure.reviewer_note or sure.needs_review


# The engine flags this text for its rules' weak match (their best rule scored below the pack's weak_score), while
# the confidence it reports is the rules' and the learned model's together, 97 %: its own words for the flag,
# "Only a weak match; the reading is tentative.", beside "confidence 97%" read as a contradiction.
WEAK_RULES_SURE_READING = "I have completed 30 programs and earned my GED."
ENGINE_WEAK_MATCH = "Only a weak match; the reading is tentative."
WEAK_MATCH_AS_SHOWN = (
    "The rules found only a weak match for this reading, so a reviewer should confirm it; the confidence shown "
    "is the rules' and the learned model's together, not the rules' alone."
)


def test_live_preview_says_what_is_weak_when_a_sure_reading_rests_on_a_weak_rules_match(intake_client, case):
    result = engine.classify(WEAK_RULES_SURE_READING, circuit=case.circuit or None)
    assert result.review_reasons == (ENGINE_WEAK_MATCH,) and result.confidence >= 0.9 and result.model_reading

    page = page_text(intake_client.post(preview_url(case), {"text": WEAK_RULES_SURE_READING}, **HTMX))

    assert f"confidence {result.confidence:.0%}" in page
    assert "Reviewer must look" in page
    assert ENGINE_WEAK_MATCH not in page
    assert WEAK_MATCH_AS_SHOWN in page


@pytest.mark.parametrize("page", ["intake:case_detail", "analysis:case_review"])
def test_case_and_review_pages_say_what_is_weak_when_a_sure_reading_rests_on_a_weak_rules_match(
    page, intake_client, intake_user, case
):
    make_argument(case, text=WEAK_RULES_SURE_READING)
    (assessment,) = triage.run_triage(case=case, by=intake_user)
    assert assessment.reviewer_note == ENGINE_WEAK_MATCH and assessment.confidence >= 0.9

    text = page_text(intake_client.get(reverse(page, args=[case.pk])))

    assert f"confidence {assessment.confidence:.0%}" in text
    assert ENGINE_WEAK_MATCH not in text
    assert WEAK_MATCH_AS_SHOWN in text


def test_a_weak_match_read_by_the_rules_alone_keeps_the_engines_words(case):
    # Without the learned model the confidence shown is the rules' own (56 %), which "tentative" describes.
    rules_alone = assess(WEAK_RULES_SURE_READING, engine.current_rule_pack(), model=None)
    assert rules_alone.reviewer_note == ENGINE_WEAK_MATCH and rules_alone.model_reading is None

    html = render_to_string("analysis/_assessment.html", {"result": rules_alone, "case": case})

    assert f'<p class="reviewer-note" role="note">{ENGINE_WEAK_MATCH}</p>' in html


# --- The motion is read as a whole: rehabilitation beside another release ground ---------------------------------

PROGRAMS = (
    "He has completed 30 programs, earned his GED and has had no disciplinary incidents in eleven years."
)
CANCER = (
    "He has stage IV colon cancer that has spread to his liver; the oncologist gives him less than a year."
)


def test_rehabilitation_listed_beside_an_illness_is_filed_with_it_in_the_motion(org, intake_user):
    from analysis import documents, snapshot

    case = make_triaged_case(org, created_by=intake_user, texts=[CANCER, PROGRAMS])
    programs = Assessment.objects.get(argument__case=case, argument__text=PROGRAMS)

    assert (programs.disposition, programs.ground) == ("compassionate_release", "rehabilitation")
    assert programs.rule_id == "CR-REHABILITATION-WITH-GROUND"
    built = documents.build_context(
        snapshot.build_snapshot(case), draft=True, content_hash=None, known_citations=[]
    )
    html = documents.document_html(
        "motion", {**built, "document_title": "motion"}, draft=True, title="m", author="t"
    )
    motion = re.sub(r"\s+", " ", documents.document_text(html))
    assert "offers this rehabilitation in support of the other grounds in this motion" in motion


def test_rehabilitation_beside_only_a_2255_claim_stays_foreclosed(org, intake_user):
    case = make_triaged_case(org, created_by=intake_user, texts=[THREE_CLAIMS[1], PROGRAMS])
    programs = Assessment.objects.get(argument__case=case, argument__text=PROGRAMS)
    assert (programs.disposition, programs.ground) == ("foreclosed", "rehabilitation_alone")


def test_a_letters_postscript_on_programs_is_proposed_beside_its_illness():
    letter = f"Dear Judge,\n\n{CANCER}\n\nP.S. {PROGRAMS}\n\nThank you."
    proposals, _dropped = triage.propose_arguments(letter, "7th")
    readings = {text: (result.disposition, result.ground) for text, result in proposals}
    assert readings[CANCER] == ("compassionate_release", "medical")
    assert [reading for text, reading in readings.items() if "programs" in text] == [
        ("compassionate_release", "rehabilitation")
    ]


def test_the_case_pages_threshold_notes_mark_another_circuits_decision(intake_client, org, intake_user):
    def denied_inside_the_30_days(**case_fields) -> str:
        """The case page of a case whose warden denied inside the 30 days: that note rests on Muhammad (4th Cir.)."""
        case = make_case(org, created_by=intake_user, **case_fields)
        make_warden_request(
            case,
            submitted_on=date(2026, 8, 3),
            received_on=date(2026, 8, 6),
            response="denied",
            response_on=date(2026, 8, 20),
        )
        return page_text(intake_client.get(case_url(case)))

    seventh = denied_inside_the_30_days(district="ilnd")
    assert "(4th Cir. 2021) (a 4th Circuit decision: persuasive, not binding here)" in seventh

    fourth = denied_inside_the_30_days()
    assert "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)" in fourth
    assert "persuasive, not binding here" not in fourth
