"""Documents rendered from a snapshot: triage memo, draft motion, § 2255 referral, warden request, motion DOCX.

PDFs are checked through their extracted text (pdftotext) and page count, never their bytes. Each document is
rendered once per module (the fixtures below) to keep the suite fast.
"""

import copy
import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from pypdf import PdfReader

from analysis import citations, documents, docx_export

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")

MEDICAL = "His asthma and high blood pressure raise his risk of death if he catches COVID-19 in the prison."
COLLATERAL = [
    (
        "The indictment never alleged that the firearm had a silencer, so the 30-year § 924(c) mandatory minimum "
        "on Count Seven was unlawfully imposed.",
        "indictment_defect",
        "indictment",
    ),
    (
        "The jury was not instructed that possessing a silencer was an element it had to find for Count Seven.",
        "trial_error",
        "not instructed",
    ),
    (
        "At his arraignment the government did not tell him the penalty he faced on Count Seven.",
        "plea_invalid",
        "arraignment",
    ),
    ("The court miscalculated his sentencing guideline range.", "sentencing_error", "miscalculated"),
    (
        "His trial lawyer failed to subpoena a witness who would have helped the defense.",
        "ineffective_assistance",
        "failed to subpoena",
    ),
    (
        "His lawyer misadvised him about what his guideline range would be.",
        "ineffective_assistance",
        "misadvised",
    ),
    (
        "His lawyer did not object to the guideline calculation for Count Seven.",
        "ineffective_assistance",
        "did not object",
    ),
    (
        "His lawyer told him he faced the same penalty whether he went to trial or pleaded guilty.",
        "ineffective_assistance",
        "same penalty",
    ),
]
KNOWN_CITATIONS = [
    "18 U.S.C. § 3582(c)(1)(A)",
    "USSG § 1B1.13",
    "28 U.S.C. § 2255",
    "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)",
    "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)",
    "United States v. Winestock, 340 F.3d 200 (4th Cir. 2003)",
    "Fernandez v. United States, No. 24-556 (U.S. May 28, 2026)",
]
CONTENT_HASH = "3f2a9c0d" * 8
HOSTILE = '<script>alert(1)</script> and </p><h1>X</h1> & "quotes"'
MADEUP = "United States v. Madeup, 999 F.4th 1 (4th Cir. 2025)"


def _assessment(text: str, disposition: str, ground: str, evidence_word: str, **overrides) -> dict:
    start = text.find(evidence_word)
    evidence = (
        [{"start": start, "end": start + len(evidence_word), "text": evidence_word}] if start >= 0 else []
    )
    return {
        "disposition": disposition,
        "ground": ground,
        "confidence": 0.9,
        "needs_review": False,
        "evidence": evidence,
        "rationale": f"The argument is a {ground.replace('_', ' ')} argument.",
        "authorities": ["United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)"]
        if disposition == "collateral_attack"
        else ["USSG § 1B1.13"],
        "rule_id": f"{disposition}.{ground}",
        "ussg_subsection": "§ 1B1.13(b)(1)(D)" if ground == "medical" else None,
        **overrides,
    }


def _decision(disposition: str, ground: str, *, accepted: bool = True, reason: str = "") -> dict:
    return {
        "disposition": disposition,
        "ground": ground,
        "accepted": accepted,
        "reason": reason,
        "decided_by": "Rita Reviewer",
        "decided_at": "2026-11-27T14:50:00+00:00",
    }


def ferguson_snapshot(*, revision: int | None = 1, extra_arguments: list[dict] = ()) -> dict:
    """Return the demo Ferguson case as an approved (or, with revision=None, draft) snapshot."""
    arguments = [
        {
            "position": 1,
            "text": MEDICAL,
            "source": "Staff",
            "assessment": _assessment(MEDICAL, "compassionate_release", "medical", "asthma"),
            "decision": _decision("compassionate_release", "medical"),
        }
    ]
    for position, (text, ground, word) in enumerate(COLLATERAL, start=2):
        engine_ground = "other" if ground == "plea_invalid" else ground
        decision = (
            _decision(
                "collateral_attack", ground, accepted=False, reason="Arraignment notice goes to the plea."
            )
            if engine_ground != ground
            else _decision("collateral_attack", ground)
        )
        arguments.append(
            {
                "position": position,
                "text": text,
                "source": "Staff",
                "assessment": _assessment(text, "collateral_attack", engine_ground, word),
                "decision": decision,
            }
        )
    for position, extra in enumerate(extra_arguments, start=len(arguments) + 1):
        arguments.append({"position": position, "source": "Client letter", **extra})
    approved = revision is not None
    return {
        "revision": revision,
        "approved_at": "2026-11-27T15:04:00+00:00" if approved else None,
        "approved_by": "Rita Reviewer" if approved else None,
        "rule_pack": {"version": "2026.11.27", "as_of": "2026-11-27"},
        "organisation": {"name": "Demo Federal Defender"},
        "client": {
            "name": "Dwayne Ferguson",
            "register_number": "31234-083",
            "date_of_birth": None,
            "facility": "FCI Butner (demo)",
            "projected_release_date": None,
        },
        "case": {
            "district_code": "vaed",
            "district_name": "Eastern District of Virginia",
            "district_abbreviation": "E.D. Va.",
            "circuit": "4th",
            "docket_number": "3:04-cr-00013",
            "offenses": "Drug and firearm offenses, including a § 924(c) count (Count Seven).",
            "sentence_months": 765,
            "sentence_date": "2005-02-01",
            "current_sentence_months": 622,
            "sentence_reduced_on": "2016-10-01",
            "judgment_final_date": None,
            "prior_2255_count": 2,
            "last_2255_date": None,
            "motion_filed_on": "2020-06-08",
        },
        "warden_request": {
            "submitted_on": "2020-05-15",
            "received_on": None,
            "grounds": "Asthma and high blood pressure put him at high risk of death from COVID-19.",
            "response": "denied",
            "response_display": "Denied",
            "response_on": "2020-05-26",
            "bp10_filed_on": None,
            "bp11_filed_on": None,
            "appeals_exhausted_on": None,
        },
        "threshold": {
            "satisfied": False,
            "earliest_filing_date": "2020-06-14",
            "route": "lapse_30_days",
            "notes": [
                {
                    "text": "A warden's denial inside the 30 days does not force the appeal route.",
                    "authority": "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)",
                    "verify": False,
                },
                {
                    "text": "The motion was filed before the 30 days lapsed; the government may waive or forfeit "
                    "the point.",
                    "authority": "Muhammad, 16 F.4th at 130",
                    "verify": False,
                },
            ],
        },
        "issue_exhaustion": {
            "circuit": "4th",
            "requirement": "none",
            "advice": "The 4th Circuit does not require the grounds in court to match the warden request.",
            "authorities": ["United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)"],
            "unraised": [],
        },
        "arguments": arguments,
    }


def pdf_text(content: bytes, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("pdf") / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode()


def flat(text: str) -> str:
    """Collapse whitespace and hyphenation-free line breaks so that phrases can be searched across lines."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def approved():
    return ferguson_snapshot(revision=1)


@pytest.fixture(scope="module")
def draft_snapshot():
    hostile = f"He says: {HOSTILE} — and his doctor relies on {MADEUP}."
    return ferguson_snapshot(
        revision=None,
        extra_arguments=[
            {
                "text": hostile,
                "assessment": _assessment(hostile, "compassionate_release", "other", "doctor"),
                "decision": None,
            }
        ],
    )


@pytest.fixture(scope="module")
def rendered(approved, draft_snapshot, tmp_path_factory):
    """Every PDF once: the approved revision's four documents and the draft's memo and motion."""
    out = {}
    for slug, (renderer, _title, _suffix) in documents.DOCUMENTS.items():
        content = renderer(approved, known_citations=KNOWN_CITATIONS, content_hash=CONTENT_HASH)
        out[slug] = {"bytes": content, "text": pdf_text(content, tmp_path_factory)}
    for slug in ("triage-memo", "motion"):
        content = documents.DOCUMENTS[slug][0](
            draft_snapshot, known_citations=KNOWN_CITATIONS, content_hash=None
        )
        out[f"draft-{slug}"] = {"bytes": content, "text": pdf_text(content, tmp_path_factory)}
    return out


# --- the motion --------------------------------------------------------------------------------------------------


def test_motion_carries_the_medical_ground(rendered):
    text = flat(rendered["motion"]["text"])
    assert "UNITED STATES DISTRICT COURT" in text
    assert "EASTERN DISTRICT OF VIRGINIA" in text
    assert "Criminal No. 3:04-cr-00013" in text
    assert "DWAYNE FERGUSON" in text
    assert "Medical circumstances" in text
    assert "USSG § 1B1.13(b)(1)(D)" in text
    assert flat(MEDICAL) in text


def test_motion_never_carries_the_eight_collateral_attacks(rendered):
    text = flat(rendered["motion"]["text"])
    for argument_text, _ground, _word in COLLATERAL:
        assert flat(argument_text) not in text
    for phrase in ("silencer", "subpoena", "arraignment", "miscalculated", "misadvised"):
        assert phrase not in text.lower()


def test_motion_does_not_assert_exhaustion_when_the_threshold_is_not_met(rendered):
    text = flat(rendered["motion"]["text"])
    assert "the threshold is not met" in text.lower()
    assert "June 14, 2020" in text
    assert "exhaustion requirement is therefore satisfied" not in text


def test_motion_leaves_the_attorney_sections_as_marked_blanks(rendered):
    text = flat(rendered["motion"]["text"])
    assert "[ATTORNEY TO COMPLETE: the 18 U.S.C. § 3553(a) factors" in text
    assert "Release plan" in text
    assert "Relief requested" in text
    assert "Certificate of service" in text
    assert "Demo Federal Defender" in text


def test_motion_pages_have_page_n_of_m_footers_counted_from_the_filing_not_the_cover_sheet(rendered):
    pages = PdfReader(io.BytesIO(rendered["motion"]["bytes"])).pages
    assert "For the attorney" in pages[0].extract_text()
    assert "Cover sheet — not filed" in pages[0].extract_text() and "Page " not in pages[0].extract_text()
    filed = len(pages) - 1
    assert filed >= 2
    for number, page in enumerate(pages[1:], start=1):
        assert f"Page {number} of {filed}" in page.extract_text()


# --- the § 2255 referral -----------------------------------------------------------------------------------------


def test_referral_lists_all_eight_collateral_attacks_grouped_by_ground(rendered):
    text = flat(rendered["referral-2255"]["text"])
    for argument_text, _ground, _word in COLLATERAL:
        assert flat(argument_text) in text
    assert "Ineffective assistance of counsel (4)" in text
    assert "Defective indictment (1)" in text
    assert flat(MEDICAL) not in text


def test_referral_warns_of_a_successive_motion_after_two_prior_2255_motions(rendered):
    text = flat(rendered["referral-2255"]["text"])
    assert "Successive motion: authorisation required" in text
    assert "already filed 2 § 2255 motions" in text
    assert "§ 2244(b)(3)" in text
    assert "§ 2255(h)" in text
    assert "Winestock" in text
    assert "Bowe v. United States, No. 24-5438" in text


def test_referral_applies_the_2255f_triggers_to_the_case_dates(rendered):
    text = flat(rendered["referral-2255"]["text"])
    assert "28 U.S.C. § 2255(f)" in text
    for trigger in ("(f)(1)", "(f)(2)", "(f)(3)", "(f)(4)"):
        assert trigger in text
    assert "Judgment-final date unknown — find it" in text


def test_referral_marks_fernandez_verify_before_filing(rendered):
    text = flat(rendered["referral-2255"]["text"])
    assert "Fernandez v. United States, No. 24-556 (U.S. May 28, 2026) (verify before filing" in text
    assert "Fernandez v. United States, No. 24-556 (U.S. May 28, 2026) — verify before filing" in text


def test_referral_computes_the_one_year_limit_when_the_judgment_final_date_is_known(
    approved, tmp_path_factory
):
    snapshot = copy.deepcopy(approved)
    snapshot["case"]["judgment_final_date"] = "2006-03-15"
    snapshot["case"]["prior_2255_count"] = 0
    text = flat(
        pdf_text(
            documents.render_referral_2255(snapshot, known_citations=[], content_hash=None), tmp_path_factory
        )
    )
    assert "Judgment final on March 15, 2006; one year ran to March 15, 2007 — expired" in text
    assert "authorisation required" not in text
    assert "No earlier § 2255 motion is recorded" in text


# --- the triage memo ---------------------------------------------------------------------------------------------


def test_memo_gives_the_earliest_filing_date_and_cites_muhammad(rendered):
    text = flat(rendered["triage-memo"]["text"])
    assert "Earliest filing date: 2020-06-14" in text
    assert "Not satisfied — premature" in text
    assert "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)" in text
    assert "Do not file before 2020-06-14" in text


def test_memo_shows_every_argument_with_its_decision_and_the_override_reason(rendered):
    text = flat(rendered["triage-memo"]["text"])
    for position in range(1, 10):
        assert f"Argument {position} —" in text
    assert "Overridden by the reviewer" in text
    assert "Arraignment notice goes to the plea." in text
    assert "Refer for § 2255" in text


def test_memo_notes_what_the_covid_subsection_requires(rendered):
    text = flat(rendered["triage-memo"]["text"])
    assert "must meet all of USSG § 1B1.13(b)(1)(D)" in text


def test_memo_table_of_authorities_verifies_known_and_flags_unknown_citations(rendered):
    approved_text = flat(rendered["triage-memo"]["text"])
    assert "Table of authorities" in approved_text
    assert "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)" in approved_text
    assert "Madeup" not in approved_text
    draft_text = flat(rendered["draft-triage-memo"]["text"])
    assert f"{MADEUP} — verify before filing" in draft_text
    assert "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022) — verify" not in draft_text


def test_other_vehicle_recommendation_names_the_vehicle(approved, tmp_path_factory):
    snapshot = copy.deepcopy(approved)
    text = "Under Amendment 821 my status points should come off."
    snapshot["arguments"].append(
        {
            "position": 10,
            "text": text,
            "source": "Staff",
            "assessment": _assessment(text, "other_vehicle", "guideline_amendment", "Amendment 821"),
            "decision": _decision("other_vehicle", "guideline_amendment"),
        }
    )
    rendered_text = flat(
        pdf_text(
            documents.render_triage_memo(snapshot, known_citations=[], content_hash=None), tmp_path_factory
        )
    )
    assert (
        "Argument 10 — Retroactive guideline amendment: A § 3582(c)(2) motion under USSG § 1B1.10"
        in rendered_text
    )


# --- drafts, approvals, escaping, fonts, metadata ----------------------------------------------------------------


def test_drafts_say_draft_on_every_page(rendered):
    for slug in ("draft-triage-memo", "draft-motion"):
        content, text = rendered[slug]["bytes"], rendered[slug]["text"]
        pages = len(PdfReader(io.BytesIO(content)).pages)
        assert text.count("DRAFT — not for filing") == pages
        assert all("DRAFT" in page for page in text.split("\f") if page.strip())


def test_approved_documents_do_not_say_draft_but_show_revision_and_hash(rendered):
    for slug in documents.DOCUMENTS:
        text = flat(rendered[slug]["text"])
        assert "DRAFT" not in text
        assert "Revision 1 · approved by Rita Reviewer on 2026-11-27" in text
        assert CONTENT_HASH in text.replace(" ", "")


def test_client_text_is_printed_literally_never_as_markup(rendered):
    text = flat(rendered["draft-triage-memo"]["text"])
    assert "<script>alert(1)</script>" in text
    assert "</p><h1>X</h1>" in text
    assert '& "quotes"' in text
    motion = flat(rendered["draft-motion"]["text"])
    assert "<script>alert(1)</script>" in motion


def test_fonts_are_embedded_liberation_serif(rendered, tmp_path_factory):
    path = tmp_path_factory.mktemp("fonts") / "memo.pdf"
    path.write_bytes(rendered["triage-memo"]["bytes"])
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line for line in output.splitlines()[2:] if line.strip()]
    assert rows
    # "SVLiberationSerif" is the @font-face family: only the files in static/fonts can produce that name.
    assert all("+SVLiberationSerif" in row for row in rows)
    assert all(row.split()[-5] == "yes" for row in rows)  # the "emb" column


def test_pdf_metadata_carries_title_author_and_language(rendered):
    reader = PdfReader(io.BytesIO(rendered["triage-memo"]["bytes"]))
    assert reader.metadata.title == "Triage memo — Dwayne Ferguson, No. 3:04-cr-00013"
    assert reader.metadata.author == "Rita Reviewer, Demo Federal Defender"
    assert reader.trailer["/Root"].get("/Lang") == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA-1 variant)


def test_warden_request_states_the_circumstances_release_plan_and_expedited_handling(rendered):
    text = flat(rendered["warden-request"]["text"])
    assert "Register No. 31234-083" in text
    assert "Warden" in text and "FCI Butner (demo)" in text
    assert flat(MEDICAL) in text
    assert "[ATTORNEY TO COMPLETE: address, and who lives there]" in text
    assert "How I will pay for medical treatment" in text
    assert "28 C.F.R. § 571.62(c)" in text
    assert "List every ground" not in text  # the 4th Circuit has no issue-exhaustion requirement
    for argument_text, _ground, _word in COLLATERAL:
        assert flat(argument_text) not in text


def test_warden_request_advises_listing_every_ground_where_issue_exhaustion_applies(
    approved, tmp_path_factory
):
    snapshot = copy.deepcopy(approved)
    snapshot["case"].update(circuit="7th", district_name="Northern District of Illinois")
    snapshot["issue_exhaustion"].update(circuit="7th", requirement="required", advice="")
    text = flat(
        pdf_text(
            documents.render_warden_request(snapshot, known_citations=[], content_hash=None), tmp_path_factory
        )
    )
    assert "List every ground." in text
    assert "United States v. Williams, 987 F.3d 700 (7th Cir. 2021)" in text


def test_url_fetcher_refuses_anything_outside_static():
    fetcher = documents.StaticOnlyURLFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/font.ttf")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch((documents.STATIC_DIR / "fonts" / "LiberationSerif-Regular.ttf").as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"
    response.close()


# --- file names ----------------------------------------------------------------------------------------------------


def test_document_filenames(approved, draft_snapshot):
    assert (
        documents.document_filename(approved, "triage-memo", "pdf")
        == "ferguson-3-04-cr-00013-r1-triage-memo.pdf"
    )
    assert documents.document_filename(approved, "motion", "docx") == "ferguson-3-04-cr-00013-r1-motion.docx"
    assert (
        documents.document_filename(draft_snapshot, "referral-2255", "pdf")
        == "ferguson-3-04-cr-00013-draft-referral-2255.pdf"
    )
    assert set(documents.DOCUMENTS) == {
        "triage-memo",
        "motion",
        "proposed-order",
        "referral-2255",
        "warden-request",
    }


# --- DOCX --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def motion_docx(approved, draft_snapshot):
    approved_doc = Document(io.BytesIO(docx_export.render_motion_docx(approved, draft=False)))
    draft_doc = Document(io.BytesIO(docx_export.render_motion_docx(draft_snapshot, draft=True)))
    return approved_doc, draft_doc


def docx_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
    return flat("\n".join(parts))


def test_docx_motion_carries_the_medical_ground_and_no_collateral_attack(motion_docx):
    text = docx_text(motion_docx[0])
    assert flat(MEDICAL) in text
    assert "Medical circumstances" in text
    assert "Criminal No. 3:04-cr-00013" in text
    for argument_text, _ground, _word in COLLATERAL:
        assert flat(argument_text) not in text
    assert "silencer" not in text.lower()


def test_docx_is_letter_with_one_inch_margins_and_a_serif_font(motion_docx):
    document = motion_docx[0]
    section = document.sections[0]
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)
    for margin in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin):
        assert margin.inches == 1
    assert document.styles["Normal"].font.name == "Liberation Serif"


def test_docx_prints_client_text_literally_and_marks_drafts(motion_docx):
    approved_text, draft_text = docx_text(motion_docx[0]), docx_text(motion_docx[1])
    assert "<script>alert(1)</script>" in draft_text
    assert "</p><h1>X</h1>" in draft_text
    assert "DRAFT — not for filing" in draft_text
    assert "DRAFT" not in approved_text


# --- the table of authorities on its own --------------------------------------------------------------------------


def test_table_of_authorities_groups_and_verifies_loosely():
    text = (
        "See United States v. Muhammad, 16 F.4th 126, 130 (4th Cir. 2021); Muhammad, 16 F.4th at 131. "
        "18 U.S.C. § 3582(c)(1)(A)(i); USSG § 1B1.13(b)(1); 28 C.F.R. § 571.61(a); 18 U.S.C. §§ 3585(b), 3632(d)(4). "
        f"Also {MADEUP}."
    )
    known = [
        "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)",
        "18 U.S.C. § 3582(c)(1)(A)",
        "USSG § 1B1.13",
    ]
    entries = {entry["citation"]: entry for entry in citations.table_of_authorities([text], known)}
    assert entries["United States v. Muhammad, 16 F.4th 126 (4th Cir. 2021)"] == {
        "citation": "United States v. Muhammad, 16 F.4th 126 (4th Cir. 2021)",
        "kind": "case",
        "verified": True,
    }
    assert entries["18 U.S.C. § 3582"]["verified"] is True
    assert entries["USSG § 1B1.13"] == {"citation": "USSG § 1B1.13", "kind": "other", "verified": True}
    assert entries["28 C.F.R. § 571.61"]["verified"] is False
    assert entries["18 U.S.C. § 3632"]["kind"] == "statute"
    assert entries[MADEUP]["verified"] is False
    assert not any(citation.startswith("16 F.4th at") for citation in entries)


# --- citation typography (#12 item 10) ---------------------------------------------------------------------------


def test_case_names_are_never_italic_no_italic_face_is_embedded(rendered, tmp_path_factory):
    # #12 item 10: case names are never italic, so no italic font reaches any document (the memo's and the
    # referral's head printed "United States v. ..." in <i>).
    assert {"motion", "triage-memo", "referral-2255", "warden-request", "proposed-order"} <= set(rendered)
    for slug in rendered:
        path = tmp_path_factory.mktemp("italic") / f"{slug}.pdf"
        path.write_bytes(rendered[slug]["bytes"])
        output = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
        assert "Regular" in output or "SVLiberationSerif " in output, output
        assert "Italic" not in output, output


def test_a_section_citation_never_breaks_between_its_parentheses(rendered):
    # The motion's title printed "18 U.S.C. § 3582(c)" at a line's end and "(1)(A)(i)" on the next; the
    # referral split "§ 2244(b)" from "(3)". A section number and its subsections stay on one line.
    broken = re.compile(r"§\s\d+[A-Za-z]?(?:\([0-9A-Za-z]+\))+\s*\n\s*\(")
    for slug, document in rendered.items():
        assert not broken.search(document["text"]), (slug, broken.search(document["text"]).group(0))


def test_no_gap_opens_between_a_blank_to_fill_and_the_punctuation_after_it(rendered):
    # The relief list read "[ATTORNEY TO COMPLETE: a specific term] ;" and "[... period] , on the other
    # conditions": the blank's side padding printed as a space before the punctuation.
    for slug, document in rendered.items():
        assert not re.search(r"\] +[;,.:)]", document["text"]), slug


def test_the_signature_never_stands_alone_on_a_page(rendered):
    # Ferguson's motion put "Respectfully submitted," and the signature block alone on page 5: the block is
    # kept with what precedes it (the exhibits list), as a court's rules on signature pages expect.
    for slug in ("motion", "draft-motion"):
        for page in rendered[slug]["text"].split("\f"):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if "Compassionate Release)" not in line and len(line) > 1]
            assert not (body and body[0] == "Respectfully submitted,"), (slug, page)


def test_a_non_breaking_space_follows_the_section_sign_and_case_names_are_roman_in_the_html(approved):
    # pdftotext prints a non-breaking space as a plain one, so the HTML handed to WeasyPrint is checked.
    context = documents.build_context(
        approved, draft=False, content_hash=CONTENT_HASH, known_citations=KNOWN_CITATIONS
    )
    mains = {}
    for slug in ("motion", "proposed-order"):
        html = documents.document_html(slug, context, draft=False, title="T", author="A")
        main = mains[slug] = html[html.index("<main") :]
        assert "§\u00a0" in main
        assert not re.search(r"§§? ", main), slug
        assert "<i>" not in main and "<em>" not in main, slug
    assert "United States v. Muhammad" in mains["motion"]


def test_docx_has_no_italic_run_and_section_signs_keep_their_number(motion_docx):
    document = motion_docx[0]
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [*document.paragraphs, *(paragraph for cell in cells for paragraph in cell.paragraphs)]
    runs = [run for paragraph in paragraphs for run in paragraph.runs]
    assert "United States v. Muhammad" in "".join(run.text for run in runs)
    assert not any(run.italic for run in runs)
    # No style a paragraph uses is italic either (Word's Quote style is, until the export says otherwise).
    assert not any(paragraph.style.font.italic for paragraph in paragraphs)
    text = "\n".join(paragraph.text for paragraph in paragraphs)
    assert "§\u00a0" in text
    assert not re.search(r"§§? ", text)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (1, "1 month"),
        (12, "12 months (1 year)"),
        (13, "13 months (1 year, 1 month)"),
        (25, "25 months (2 years, 1 month)"),
    ],
)
def test_sentence_lengths_are_pluralised_properly(months, expected):
    assert documents.months_display(months) == expected


def test_style_citations_html_touches_text_never_tags():
    html = '<p class="a § b">See United States v. Ferguson, 55 F.4th 262; 28 U.S.C. § 2255.</p>'
    assert citations.style_citations_html(html) == (
        '<p class="a § b">See United States v. Ferguson, 55 F.4th 262; 28\u00a0U.S.C. §\u00a02255.</p>'
    )


REPORTED_SLIP_OP = re.compile(r"(?:Ferguson|Muhammad)[^;()]*(?:\([^()]*\)\s*)?,?\s*\(?slip op\.")
BARE_FERNANDEZ = re.compile(r"(?<!United States v\. )Fernandez(?! v\. United States)")


def test_reported_cases_are_never_cited_to_the_slip_opinion(rendered):
    # LAW.md § 6: a reported case's short form is "Ferguson, 55 F.4th at ___", never "slip op.".
    assert "Ferguson, 55 F.4th at ___" in flat(rendered["referral-2255"]["text"])
    for slug, content in rendered.items():
        assert not REPORTED_SLIP_OP.search(flat(content["text"])), slug


def test_rule_pack_cites_reported_cases_by_reporter_and_fernandez_in_full():
    path = documents.Path(documents.__file__).parent / "rules" / "2026.11.27.toml"
    text = re.sub(r"^#.*$", "", path.read_text(), flags=re.M)  # comments are not printed
    # Short forms only: LAW.md's full cites keep their slip-opinion pinpoints verbatim.
    assert not re.search(r"\b(?:Ferguson|Muhammad), slip op\.", text)
    assert not BARE_FERNANDEZ.search(text)
    # LAW.md § 1: the unpublished 5th Circuit case always carries its docket number and date.
    for line in text.splitlines():
        if "unpublished case" in line:
            assert "No. 20-10879 (5th Cir. June 2, 2021) (unpublished)" in line


def test_introduction_has_no_stray_semicolon_when_rehabilitation_is_among_the_grounds():
    rehab = "He finished his GED and has worked in the prison kitchen for ten years without a write-up."
    snapshot = ferguson_snapshot(
        revision=1,
        extra_arguments=[
            {
                "text": rehab,
                "assessment": _assessment(rehab, "compassionate_release", "rehabilitation", "GED"),
                "decision": _decision("compassionate_release", "rehabilitation"),
            }
        ],
    )
    context = documents.build_context(
        snapshot, draft=False, content_hash=CONTENT_HASH, known_citations=KNOWN_CITATIONS
    )
    assert any(group["ground"] == "rehabilitation" for group in context["release_groups"])
    html = documents.document_html("motion", context, draft=False, title="T", author="A")
    text = flat(documents.document_text(html))
    assert "warrant a reduction: medical" in text.lower()
    assert not re.search(r";\s*\.", text)
    docx = Document(io.BytesIO(docx_export.render_motion_docx(snapshot, draft=False)))
    assert not re.search(r";\s*\.", "\n".join(paragraph.text for paragraph in docx.paragraphs))


def test_table_of_authorities_lists_only_what_the_filing_body_cites(rendered):
    # Muhammad is cited only in the attorney's "threshold is not met" note (the 4th Circuit's authority that the
    # government can waive the threshold), which is not part of the filing: the table does not list it.
    text = flat(rendered["motion"]["text"])
    assert "Attorney warning: the threshold is not met" in text
    assert text.count("Muhammad") == 1


def test_attorney_notes_sit_on_a_cover_sheet_never_inside_the_filing(rendered):
    pages = PdfReader(io.BytesIO(rendered["motion"]["bytes"])).pages
    cover = flat(pages[0].extract_text())
    assert "For the attorney — not part of the filing" in cover
    assert "Attorney warning: the threshold is not met" in cover
    for page in pages[1:]:
        assert "Attorney warning" not in flat(page.extract_text())
        assert "Attorney:" not in flat(page.extract_text())
