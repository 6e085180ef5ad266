"""What the documents say (issue #12, items 1-7): current law, confirmed exhaustion, verbatim quotes, authorities
that bind in the client's circuit, and what a filing needs. Checked on the rendered HTML text (fast); the PDF
path is covered by test_documents.py and the download test below."""

import copy
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from analysis import documents, docx_export, retriage
from analysis.demo import CASES
from intake.forms import ArgumentForm
from tests.analysis.test_documents import _assessment, _decision, ferguson_snapshot, flat
from tests.factories import BEFORE_RUTHERFORD, CHANGE_IN_LAW_CLAIM, make_approved_case


def text_of(snapshot: dict, slug: str, **context) -> str:
    draft = documents.is_draft(snapshot)
    built = documents.build_context(snapshot, draft=draft, content_hash=None, known_citations=[], **context)
    html = documents.document_html(
        slug, {**built, "document_title": slug}, draft=draft, title=slug, author="test"
    )
    return re.sub(r"\s+", " ", documents.document_text(html))


def docx_text(snapshot: dict) -> str:
    document = Document(io.BytesIO(docx_export.render_motion_docx(snapshot)))
    return re.sub(r"\s+", " ", " ".join(p.text for p in document.paragraphs))


def release_argument(text: str, ground: str = "medical", **fields) -> dict:
    return {
        "text": text,
        "assessment": _assessment(text, "compassionate_release", ground, text.split()[0]),
        "decision": _decision("compassionate_release", ground),
        **fields,
    }


def in_circuit(snapshot: dict, circuit: str, requirement: str = "at_risk") -> dict:
    snapshot = copy.deepcopy(snapshot)
    snapshot["case"]["circuit"] = circuit
    snapshot["issue_exhaustion"] = {
        "circuit": circuit,
        "requirement": requirement,
        "advice": "List every ground in a new request.",
        "authorities": [],
        # The engine's suggestion from the one-line grounds summary: argument 1 "not raised".
        "arguments": [{"index": 0, "raised_in_request": False, "at_risk": True}],
    }
    return snapshot


# --- 1. A ground the current law forecloses is never presented without a notice ------------------------------


def test_a_change_in_law_ground_approved_before_rutherford_carries_a_notice_and_is_filed_under_b6():
    stacking = release_argument(CHANGE_IN_LAW_CLAIM, "other")
    stacking["assessment"]["ussg_subsection"] = "§ 1B1.13(b)(6)"
    snapshot = ferguson_snapshot(extra_arguments=[stacking])
    motion = text_of(snapshot, "motion")
    assert "The law has changed" in motion
    assert (
        "Argument 10 (Other extraordinary and compelling reasons) is foreclosed under the current law"
        in motion
    )
    assert "Rutherford v. United States, No. 24-820" in motion
    # Headed (b)(6), it gets no (b)(5) standard under that heading: the attorney decides, with the current law.
    assert "Other extraordinary and compelling reasons — USSG § 1B1.13(b)(6)" in motion
    assert "Any other circumstance or combination of circumstances qualifies" not in motion
    assert "[ATTORNEY TO DECIDE: A disparity produced by a nonretroactive change in law cannot be" in motion
    # The notice states the law, never the pack's notes on the engine (a court must not read about a model).
    assert "learned model" not in motion and "No rule of law changed" not in motion
    memo = text_of(snapshot, "triage-memo")
    assert "is foreclosed under the current law" in memo
    # The memo files it under the subsection the engine names, not (b)(5) beside "fits (b)(6)".
    assert "USSG subsection USSG § 1B1.13(b)(6)" in memo
    assert "USSG § 1B1.13(b)(5)" not in memo
    # A ground the current law still allows gets no notice.
    assert "The law has changed" not in text_of(ferguson_snapshot(), "motion")


@pytest.mark.django_db
def test_a_final_document_downloads_with_a_first_page_notice_while_a_law_change_is_pending(
    org, intake_user, reviewer, reviewer_client
):
    case = make_approved_case(
        org,
        created_by=intake_user,
        approved_by=reviewer,
        texts=["He has stage IV lung cancer that has spread to his bones.", CHANGE_IN_LAW_CLAIM],
        triage_as_of=BEFORE_RUTHERFORD,
    )
    url = reverse("analysis:document_download", args=[case.pk, 1, "warden-request"])
    before = reviewer_client.get(url).content
    retriage.retriage_open_cases()
    response = reviewer_client.get(url)
    first_page = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Law change waiting for a reviewer: argument 2 was compassionate release / other" in re.sub(
        r"\s+", " ", first_page
    )
    # The stored revision is untouched; only what is handed out carries the notice.
    assert bytes(case.revisions.get().documents.get(slug="warden-request").content) == before


# --- 2. Issue exhaustion: only what staff confirmed ---------------------------------------------------------


def test_documents_use_the_confirmed_answer_never_the_engines_suggestion():
    age = "She is 71 and can no longer walk to the dining hall without help."
    raised = in_circuit(ferguson_snapshot(), "5th")
    raised["arguments"][0]["raised_in_request"] = "yes"
    assert "not in the request to the warden" not in text_of(raised, "motion")
    assert "not in the request to the warden" not in docx_text(raised)
    memo = text_of(raised, "triage-memo")
    # Staff confirmed the ground was raised: the engine's contrary guess is not repeated to the attorney.
    assert "may not have been raised" not in memo
    assert "Raised in the warden request Yes" in memo

    not_raised = copy.deepcopy(raised)
    not_raised["arguments"][0]["raised_in_request"] = "no"
    assert "(argument 1) was not in the request to the warden" in text_of(not_raised, "motion")
    assert "may not have been raised" not in text_of(not_raised, "triage-memo")

    unknown = copy.deepcopy(raised)
    unknown["arguments"][0]["raised_in_request"] = "unknown"
    motion = text_of(unknown, "motion")
    assert "not in the request to the warden" not in motion
    assert "Attorney: confirm issue exhaustion" in motion
    # Only while staff have not confirmed does the memo show the engine's guess, labelled as unconfirmed.
    memo = text_of(unknown, "triage-memo")
    assert (
        "Engine suggestion, not confirmed by staff (from the request's one-line grounds; not relied on) "
        "Argument 1 may not have been raised"
    ) in memo
    del age


def test_the_argument_form_records_whether_the_ground_was_raised():
    form = ArgumentForm(
        data={"text": "Age.", "source": "staff", "raised_in_request": "yes", "is_verbatim": "on"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["raised_in_request"] == "yes" and form.cleaned_data["is_verbatim"] is True
    left_out = ArgumentForm(data={"text": "Age.", "source": "staff"})
    assert left_out.is_valid() and left_out.cleaned_data["raised_in_request"] == "unknown"
    assert not ArgumentForm(data={"text": "Age.", "source": "staff", "raised_in_request": "maybe"}).is_valid()


def test_demo_age_grounds_of_delgado_and_monroe_are_confirmed_as_raised():
    by_name = {spec["client"]["name"]: spec for spec in CASES}
    for name in ("Rosa Delgado", "Keisha Monroe"):
        first = by_name[name]["arguments"][0]
        assert isinstance(first, dict) and first["raised_in_request"] == "yes", name


# --- 3. Only verbatim text is quoted; the warden letter speaks in the first person ---------------------------


def test_staff_text_is_not_quoted_as_the_clients_words():
    snapshot = ferguson_snapshot()
    motion = text_of(snapshot, "motion")
    assert "“Asthma and high blood pressure" not in motion
    assert "The request gave as its grounds: Asthma and high blood pressure" in motion
    assert "Dwayne Ferguson states:" not in motion and "Dwayne Ferguson wrote:" not in motion
    letter = text_of(snapshot, "warden-request")
    body = letter.split("Notes for the attorney")[0]
    assert "His asthma" not in body
    assert "[TO BE WRITTEN IN MY OWN WORDS, IN THE FIRST PERSON: medical circumstances" in body

    verbatim = copy.deepcopy(snapshot)
    verbatim["warden_request"]["grounds_verbatim"] = True
    verbatim["arguments"][0]["is_verbatim"] = True
    motion = text_of(verbatim, "motion")
    assert "The request stated: “Asthma and high blood pressure" in motion
    assert "Dwayne Ferguson wrote: His asthma" in motion
    assert "His asthma and high blood pressure" in text_of(verbatim, "warden-request").split("Notes for")[0]
    assert "Dwayne Ferguson wrote:" in docx_text(verbatim)


def test_the_warden_letter_notes_list_staff_summaries_only_when_there_are_some():
    # Delgado's letter (every argument in her own words) ended a note with "Staff summaries:" and nothing after.
    snapshot = ferguson_snapshot()
    notes = flat(text_of(snapshot, "warden-request").split("Notes for the attorney")[1])
    assert "Staff summaries: (1) His asthma" in notes
    verbatim = copy.deepcopy(snapshot)
    for argument in verbatim["arguments"]:
        argument["is_verbatim"] = True
    notes = flat(text_of(verbatim, "warden-request").split("Notes for the attorney")[1])
    assert "The letter is the client's and speaks in the first person." in notes
    assert "Staff summaries" not in notes


def test_the_warden_letters_circumstances_are_not_numbered_like_its_sections():
    # Whitaker's letter read "1. Extraordinary and compelling circumstances", "1. Other ...", "2. Medical
    # circumstances", then "2. Proposed release plan": two numberings that collide. The circumstances are (1), (2),
    # as the notes' staff summaries number them.
    letter = text_of(ferguson_snapshot(), "warden-request")
    assert "1. Extraordinary and compelling circumstances (1) Medical circumstances" in letter
    assert "Staff summaries: (1) His asthma" in letter


def main_html(snapshot: dict, slug: str) -> str:
    """The HTML of a draft document's <main>, as handed to WeasyPrint (line-break control is in the markup)."""
    built = documents.build_context(snapshot, draft=True, content_hash=None, known_citations=[])
    html = documents.document_html(
        slug, {**built, "document_title": slug}, draft=True, title=slug, author="t"
    )
    return html[html.index("<main") :]


def test_a_docket_number_is_kept_on_one_line():
    # Delgado's warden letter broke "Criminal No. 4:15-" / "cr-00233" across two lines at the hyphen.
    snapshot = ferguson_snapshot()
    for slug in ("warden-request", "triage-memo", "motion"):
        main = main_html(snapshot, slug)
        assert '<span class="nobr">3:04-cr-00013</span>' in main, slug
        assert "3:04-cr-00013" not in main.replace('<span class="nobr">3:04-cr-00013</span>', ""), slug


def test_a_code_citation_never_leaves_its_title_number_at_the_end_of_a_line():
    # Delgado's warden letter's title broke "… under 18" / "U.S.C. § 3582(c)(1)(A)"; the motion's "18 U.S.C." too.
    snapshot = ferguson_snapshot()
    for slug in ("warden-request", "motion", "referral-2255"):
        main = main_html(snapshot, slug)
        assert re.search(r"\d\u00a0U\.S\.C\.", main), slug
        assert not re.search(r"\d U\.S\.C\.|\d C\.F\.R\.", main), slug
    docx = Document(io.BytesIO(docx_export.render_motion_docx(snapshot)))
    body = " ".join(p.text for p in docx.paragraphs)
    assert "18\u00a0U.S.C." in body and "18 U.S.C." not in body


# --- 4. (b)(1)(D) in full; nothing the § 2255 referral disputes -------------------------------------------------


def test_the_motion_states_b1d_in_full_and_volunteers_no_disputed_facts():
    snapshot = ferguson_snapshot()
    snapshot["case"]["offenses"] = "A § 924(c) count carrying 30 years because the firearm had a silencer."
    motion = text_of(snapshot, "motion")
    assert "affected or at imminent risk of being affected by an ongoing outbreak" in motion
    assert "silencer" not in motion
    assert "previously filed" not in motion and "§ 2255." not in motion.split("III. Exhaustion")[0]
    assert "[ATTORNEY TO COMPLETE: the offenses of conviction" in motion
    docx = docx_text(snapshot)
    assert "silencer" not in docx and "previously filed" not in docx
    assert "or at imminent risk of being affected" in text_of(snapshot, "triage-memo")


# --- 5. The § 2255 referral follows the client's circuit ----------------------------------------------------


def test_a_sixth_circuit_referral_cites_no_fourth_circuit_boilerplate():
    snapshot = in_circuit(ferguson_snapshot(revision=None), "6th", "unknown")
    snapshot["case"]["judgment_final_date"] = "2006-03-01"
    referral = text_of(snapshot, "referral-2255", rendered_on=date(2026, 12, 6))
    for fourth in ("Farkas", "Sanchez, 891", "Vial", "Winestock", "4th Cir."):
        assert fourth not in referral, fourth
    assert referral.index("Fernandez v. United States, No. 24-556") < referral.index("Gonzalez v. Crosby")
    assert "Sanchez-Castellano v. United States, 358 F.3d 424, 427 (6th Cir. 2004)" in referral
    assert "Clay v. United States, 537 U.S. 522, 525 (2003)" in referral
    assert "Moshier" not in referral
    # The date of rendering, not the rule pack's date; a draft never says "approved".
    assert "expired as of December 6, 2026" in referral
    assert "November 27, 2026" not in referral
    assert "were approved" not in referral and "are classified, pending review," in referral
    # § 2255(h) as the statute states it: the clear-and-convincing / no-reasonable-factfinder standard and a rule
    # "made retroactive … by the Supreme Court, that was previously unavailable" (it was a "verify" flag).
    assert (
        "clear and convincing evidence that no reasonable factfinder would have found the movant guilty of the offense"
        in referral
    )
    assert (
        "made retroactive to cases on collateral review by the Supreme Court, that was previously unavailable"
        in referral
    )
    assert "(28 U.S.C. § 2255(h)(1)–(2))." in referral
    assert "the standard as § 2255(h)" not in referral


def test_the_memos_threshold_notes_mark_another_circuits_decision_as_persuasive():
    # Ferguson's warden denied inside the 30 days: the note rests on Muhammad (4th Cir.), binding only there.
    eleventh = text_of(in_circuit(ferguson_snapshot(), "11th"), "triage-memo")
    assert (
        "(United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021); a 4th Circuit decision, persuasive at most in the 11th Circuit)"
        in eleventh
    )
    assert (
        "(Muhammad, 16 F.4th at 130; a 4th Circuit decision, persuasive at most in the 11th Circuit)"
        in eleventh
    )
    fourth = text_of(ferguson_snapshot(), "triage-memo")
    assert "(United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021))" in fourth
    assert "persuasive at most" not in fourth


def test_a_fourth_circuit_referral_keeps_its_circuit_authorities():
    referral = text_of(ferguson_snapshot(), "referral-2255")
    assert "Farkas v. Warden, FCI Butner II" in referral and "In re Vial" in referral
    assert "Eight arguments were approved" in referral


# --- 6. The memo: "may file on or after"; terminal illness is urgent ----------------------------------------


def test_the_memo_gives_the_earliest_date_when_no_motion_is_filed_and_marks_terminal_illness():
    snapshot = ferguson_snapshot(
        extra_arguments=[release_argument("Stage IV colon cancer that has spread to his liver.")]
    )
    snapshot["case"]["motion_filed_on"] = None
    snapshot["threshold"]["satisfied"] = None
    memo = text_of(snapshot, "triage-memo")
    assert "Filing threshold: No motion filed: may file on or after June 14, 2020." in memo
    assert "Unknown" not in memo
    assert "Urgent: possible terminal illness" in memo
    assert "process a request within 14 days of receiving it" in memo and "18 U.S.C. § 3582(d)" in memo
    assert "Urgent" not in text_of(ferguson_snapshot(), "triage-memo")


def test_the_memo_says_what_is_weak_when_a_sure_reading_rests_on_a_weak_rules_match():
    # The engine's flag for the rules' weak match, beside the confidence of the rules and the model together.
    snapshot = ferguson_snapshot(revision=None)
    snapshot["arguments"][0]["assessment"].update(
        confidence=0.97,
        needs_review=True,
        review_reasons=["Only a weak match; the reading is tentative."],
        model={"disposition": "compassionate_release", "ground": "medical", "probability": 0.99},
    )
    memo = text_of(snapshot, "triage-memo")
    assert "confidence 97%; flagged for review" in memo
    assert "Only a weak match" not in memo
    assert (
        "Why flagged The rules found only a weak match for this reading, so a reviewer should confirm it; the "
        "confidence shown is the rules' and the learned model's together, not the rules' alone." in memo
    )


def test_the_client_tells_the_warden_the_illness_is_terminal_only_when_staff_confirmed_it():
    # Whitaker's letter, signed by him, said "My illness is terminal" because his staff summary says "end-stage":
    # a fact the client signs comes from what staff recorded (the warden request's terminal-illness tick).
    snapshot = ferguson_snapshot(
        extra_arguments=[release_argument("Stage IV colon cancer that has spread to his liver.")]
    )
    letter = text_of(snapshot, "warden-request")
    assert "My illness is terminal" not in letter
    assert "The staff summary suggests a terminal illness" in letter
    memo = text_of(snapshot, "triage-memo")
    assert "Urgent: possible terminal illness (suggested by the text; not confirmed by staff)" in memo

    snapshot["warden_request"]["terminal_illness"] = True
    letter = text_of(snapshot, "warden-request")
    assert "My illness is terminal: the Bureau must process this request within 14 days" in letter
    assert "The staff summary suggests a terminal illness" not in letter
    assert "Urgent: terminal illness Urgent" not in text_of(snapshot, "triage-memo")
    assert "Urgent: terminal illness For a terminal illness" in text_of(snapshot, "triage-memo")
    # Ticked by staff with no telltale words in the arguments: still urgent, still in the letter.
    plain = ferguson_snapshot()
    plain["warden_request"]["terminal_illness"] = True
    assert "My illness is terminal" in text_of(plain, "warden-request")
    assert "Urgent: terminal illness" in text_of(plain, "triage-memo")


# --- 7. What a filing needs -----------------------------------------------------------------------------------


def test_the_motion_has_danger_exhibits_counsel_and_relief_and_a_proposed_order():
    approved = ferguson_snapshot()
    motion = text_of(approved, "motion")
    assert "is not a danger to the community" in motion and "18 U.S.C. § 3142(g)" in motion
    assert "Exhibit 1: Request to the warden" in motion
    assert "Exhibit 2: Proof of the warden's receipt of the request" in motion
    assert "Exhibit 3: The warden's denial" in motion
    assert "Exhibit 4: Medical records (to be filed under seal)" in motion
    assert "/s/ Rita Reviewer" in motion
    for option in ("time served", "condition of home confinement", "stay the release"):
        assert option in motion, option
    assert "/s/ ________________" in text_of(ferguson_snapshot(revision=None), "motion")
    docx = docx_text(approved)
    assert "Exhibit 4: Medical records (to be filed under seal)" in docx and "/s/ Rita Reviewer" in docx
    assert "18 U.S.C. § 3142(g)" in docx
    assert "proposed-order" in documents.DOCUMENTS
    order = text_of(approved, "proposed-order")
    assert (
        "ORDERED that the motion is GRANTED" in order
        and "the term of imprisonment is reduced to time served" in order
    )


def test_the_referral_counts_one_argument_in_the_singular_and_names_the_motion_it_is_left_out_of():
    one = copy.deepcopy(ferguson_snapshot(revision=None))
    one["arguments"] = one["arguments"][:2]  # the medical ground and one collateral attack
    referral = text_of(one, "referral-2255")
    assert (
        "One argument is classified, pending review, as an attack on the validity of the conviction or sentence. "
        "It does not appear in the draft compassionate-release motion."
    ) in referral
    several = text_of(ferguson_snapshot(revision=1), "referral-2255")
    assert (
        "Eight arguments were approved as attacks on the validity of the conviction or sentence. None of them "
        "appears in the compassionate-release motion."
    ) in several
    assert "draft compassionate-release motion" not in several


def test_the_referral_writes_the_2009_rule_change_date_out_like_its_other_dates():
    referral = text_of(ferguson_snapshot(), "referral-2255")
    assert "for judgments entered before December 1, 2009" in referral
    assert "2009-12-01" not in referral


def test_the_warden_letters_release_plan_is_never_split_across_pages():
    # Hale's letter put "2. Proposed release plan" and its first row at the foot of page 1, the other rows on
    # page 2: the plan (a few rows) stays in one piece, its heading with it.
    snapshot = in_circuit(ferguson_snapshot(revision=None), "7th")
    texts = [
        (
            "medical",
            "Mr. Hale was diagnosed in June with stage IV colon cancer that has spread to his liver; his "
            "oncologist estimates he has less than a year.",
        ),
        (
            "family",
            "His mother, who has raised his two children (ages 9 and 12) since his arrest, died in March and "
            "there is no one else to care for them.",
        ),
        (
            "rehabilitation",
            "Beside his illness, he has completed 30 programs, earned his GED and has had no disciplinary "
            "incidents in eleven years.",
        ),
    ]
    snapshot["arguments"] = [
        {**release_argument(text, ground), "position": n, "source": "Staff"}
        for n, (ground, text) in enumerate(texts, start=1)
    ]
    pdf = documents.render_warden_request(snapshot, known_citations=[], content_hash=None)
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    plan = [n for n, page in enumerate(pages) if "Proposed release plan" in page]
    rows = ["Where I will live", "How I will support myself", "Where I will receive medical treatment"]
    assert all(row in pages[plan[0]] for row in rows), pages[plan[0]]


def test_the_referrals_verify_flags_are_set_apart_from_the_sentence_they_qualify():
    # "… (U.S. May 28, 2026) verify before filing: the opinion's exact wording." read as part of the citation.
    referral = text_of(ferguson_snapshot(), "referral-2255")
    assert "(U.S. May 28, 2026) (verify before filing: the opinion's exact wording)." in referral


def test_the_referral_says_neither_for_two_arguments():
    two = copy.deepcopy(ferguson_snapshot(revision=None))
    two["arguments"] = two["arguments"][:3]
    assert (
        "Two arguments are classified, pending review, as attacks on the validity of the conviction or sentence. "
        "Neither appears in the draft compassionate-release motion." in text_of(two, "referral-2255")
    )


def test_the_memo_says_a_motion_may_be_filed_now_once_the_earliest_date_has_passed():
    # Hale's memo, printed on December 6, 2026, still said "File on or after 2026-09-05".
    snapshot = ferguson_snapshot()
    snapshot["case"]["motion_filed_on"] = None
    snapshot["threshold"]["satisfied"] = None
    after = text_of(snapshot, "triage-memo", rendered_on=date(2026, 12, 6))
    assert (
        "No motion has been filed yet. The earliest filing date, 2020-06-14 (June 14, 2020), has come: "
        "a motion may be filed now." in after
    )
    assert "File on or after" not in after
    before = text_of(snapshot, "triage-memo", rendered_on=date(2020, 6, 1))
    assert "No motion has been filed yet. File on or after 2020-06-14 (June 14, 2020)." in before


# --- Where an other-vehicle argument goes ------------------------------------------------------------------------


def test_the_memo_names_the_process_of_the_rule_that_read_an_other_vehicle_argument():
    # Reported: a transfer request (other_vehicle/other) was sent to "a First Step Act § 404 motion … or Rule
    # 35(b)", which fit neither; those are the processes of two particular rules.
    transfer = "I want to be moved to a prison closer to my family."
    cooperation = "I cooperated and testified for the government after I was sentenced."
    reread = "My record in custody is spotless and I mentor younger men."

    def vehicle(text, rule_id, decision=None, engine=("other_vehicle", "other")):
        return {
            "text": text,
            "assessment": _assessment(text, *engine, text.split()[1], rule_id=rule_id),
            "decision": decision or _decision("other_vehicle", "other"),
        }

    snapshot = ferguson_snapshot(
        extra_arguments=[
            vehicle(transfer, "OV-OTHER"),
            vehicle(cooperation, "OV-RULE-35"),
            # a reviewer moved a release reading to other_vehicle/other: the engine's rule says nothing of it
            vehicle(
                reread,
                "CR-OTHER",
                _decision("other_vehicle", "other", accepted=False, reason="BOP matter."),
                ("compassionate_release", "other"),
            ),
        ]
    )
    memo = text_of(snapshot, "triage-memo")
    section = memo[memo.rindex("Other vehicle Argument") :].split("Table of authorities")[0]
    by_argument = dict(re.findall(r"Argument (\d+) — [^:]+: (.+?)(?= Argument \d+ —|$)", section))
    positions = {a["text"]: str(a["position"]) for a in snapshot["arguments"]}

    assert "§ 404" not in by_argument[positions[transfer]]
    assert "35(b)" not in by_argument[positions[transfer]]
    assert "designation of the place of imprisonment" in by_argument[positions[transfer]]
    assert by_argument[positions[cooperation]].startswith("A government motion under Fed. R. Crim. P. 35(b)")
    assert by_argument[positions[reread]].startswith("Another process decides this")


def test_a_highlight_in_a_quoted_argument_does_not_break_its_line_early():
    # Reported: in the memo, "… and a welding" ended a line half-way across and "certificate. I have …" began the
    # next: WeasyPrint moves a pre-wrap inline box (the highlight) whole to the next line when it does not fit.
    text = (
        "Another thing, I have completed over 40 programs while in here including the drug program, my GED, and a "
        "welding certificate. I have not had a shot (incident report) in 8 years and I work in UNICOR. I am not "
        "the same person I was."
    )
    marked = ["completed over 40 programs", "drug program", "GED", "welding certificate", "work in UNICOR"]
    assessment = _assessment(text, "foreclosed", "rehabilitation_alone", "GED")
    assessment["evidence"] = [
        {"start": text.index(w), "end": text.index(w) + len(w), "text": w} for w in marked
    ]
    snapshot = ferguson_snapshot(
        revision=None, extra_arguments=[{"text": text, "assessment": assessment, "decision": None}]
    )
    pdf = documents.render_triage_memo(snapshot, known_citations=[], content_hash=None)
    lines = [
        line.strip() for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()
    ]
    start = next(i for i, line in enumerate(lines) if line.startswith("Another thing, I have"))
    quoted = lines[
        start : next(i for i in range(start, len(lines)) if lines[i].endswith("person I was.")) + 1
    ]
    # every line but the last of the paragraph runs on to the margin: none ends at a highlight's first word
    assert all(len(line) > 60 for line in quoted[:-1]), quoted
