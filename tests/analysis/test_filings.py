"""The filings built once as blocks (#12 items 8 and 11): one text for the PDF and the DOCX, Word's styles, the
attorney's notes on a cover sheet, a table of authorities from the body's citations with page numbers."""

import ast
import copy
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Inches
from pypdf import PdfReader

from analysis import blocks, documents, docx_export, filings
from tests.analysis.test_documents import (
    CONTENT_HASH,
    KNOWN_CITATIONS,
    _assessment,
    _decision,
    ferguson_snapshot,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
ROOT = Path(__file__).resolve().parents[2]
SENTENCE_END = re.compile(r"(?<=[.:;])\s+(?=[A-Z(\[])")


def satisfied_snapshot() -> dict:
    """Ferguson's case with the threshold met and the grounds not raised: the motion cites Muhammad and Ferguson."""
    snapshot = copy.deepcopy(ferguson_snapshot(revision=1))
    snapshot["threshold"]["satisfied"] = True
    snapshot["case"]["motion_filed_on"] = None
    for argument in snapshot["arguments"]:
        argument["raised_in_request"] = "no"
    snapshot["issue_exhaustion"]["requirement"] = "none"
    return snapshot


SNAPSHOTS = {"not-met": lambda: ferguson_snapshot(revision=1), "met": satisfied_snapshot}


def motion_layout(snapshot: dict, tmp_path: Path) -> tuple[bytes, str]:
    """The final motion's PDF and its text as laid out on the page (``pdftotext -layout``)."""
    content = documents.render_motion(snapshot, known_citations=KNOWN_CITATIONS, content_hash=CONTENT_HASH)
    path = tmp_path / "motion.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return content, text.decode()


def html_text(snapshot: dict, slug: str = "motion") -> str:
    context = documents.build_context(
        snapshot, draft=False, content_hash=CONTENT_HASH, known_citations=KNOWN_CITATIONS
    )
    html = documents.document_html(slug, context, draft=False, title="T", author="A")
    return documents.document_text(html)


def docx_paragraphs(content: bytes) -> list:
    document = Document(io.BytesIO(content))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    return [*document.paragraphs, *(paragraph for cell in cells for paragraph in cell.paragraphs)]


def long_sentences(text: str) -> set[str]:
    """The sentences of twelve words or more, paragraph by paragraph (line by line)."""
    found = set()
    for line in text.replace("\u00a0", " ").splitlines():
        line = re.sub(
            r"(\s+\?,?)+$", "", re.sub(r"\s+", " ", line)
        ).strip()  # a DOCX page field before update
        found |= {sentence.strip() for sentence in SENTENCE_END.split(line) if len(sentence.split()) >= 12}
    return found


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_the_pdf_and_the_docx_motion_have_the_same_long_sentences(name):
    snapshot = SNAPSHOTS[name]()
    pdf = long_sentences(html_text(snapshot))
    docx = long_sentences(
        "\n".join(p.text for p in docx_paragraphs(docx_export.render_motion_docx(snapshot, draft=False)))
    )
    assert len(pdf) >= 20
    assert pdf == docx, (pdf - docx, docx - pdf)


def _literals(path: Path) -> str:
    """The text a file could print: a Python file's string constants (f-strings' literal pieces), or the file."""
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return source
    pieces = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    return "\n".join(pieces)


def test_no_sentence_of_the_motion_is_written_in_two_files():
    sources = [
        *(ROOT / "analysis").rglob("*.py"),
        *(ROOT / "templates" / "documents").glob("*.html"),
        *(ROOT / "analysis" / "rules").glob("law-text-*.toml"),
    ]
    texts = {path: re.sub(r"\s+", " ", _literals(path)) for path in sources}
    sentences = long_sentences(html_text(satisfied_snapshot())) | long_sentences(
        html_text(ferguson_snapshot(revision=1))
    )
    assert len(sentences) >= 25
    twice = {}
    for sentence in sentences:
        # Probes of 30 characters along the sentence: a file that holds most of them writes the sentence (whatever
        # values were filled in); a phrase two sentences share ("30 days from the warden's receipt") is one probe.
        probes = [sentence[start : start + 30] for start in range(0, len(sentence) - 30, 15)]
        holders = [
            path.relative_to(ROOT)
            for path, text in texts.items()
            if sum(probe in text for probe in probes) * 2 > len(probes)
        ]
        if len(holders) > 1:
            twice[sentence] = holders
    assert not twice, twice


def test_the_table_of_authorities_lists_what_the_body_cites_with_page_numbers(tmp_path):
    snapshot = satisfied_snapshot()
    content, text = motion_layout(snapshot, tmp_path)
    toa = text[text.index("Table of authorities") : text.index("I. Introduction")]
    entries = [line for line in toa.splitlines() if "...." in line]
    assert any("United States v. Muhammad, 16 F.4th 126 (4th Cir. 2021)" in line for line in entries), toa
    assert any("United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)" in line for line in entries), toa
    assert any("Sims v. Apfel" in line for line in entries), toa
    for line in entries:
        pages = re.search(r"\.{4,}\s*((?:\d+, )*\d+|passim)\s*$", line)
        assert pages, line
        if pages.group(1) != "passim":
            numbers = [int(n) for n in pages.group(1).split(", ")]
            assert numbers == sorted(set(numbers)), line  # each page once, in order
    # Muhammad is cited on the filing's second page (its pages are numbered from 1 after the cover sheet, if any).
    reader = PdfReader(io.BytesIO(content))
    muhammad_line = next(line for line in entries if "Muhammad" in line)
    page = int(re.search(r"(\d+)\s*$", muhammad_line).group(1))
    offset = 1 if "For the attorney" in (reader.pages[0].extract_text() or "") else 0
    assert "Muhammad" in reader.pages[page - 1 + offset].extract_text().split("I. Introduction")[-1]


def test_an_authority_cited_only_in_a_note_is_not_in_the_table():
    law = filings.authorities()
    document = blocks.Document(
        "T",
        (
            blocks.Note(
                "Attorney", (blocks.runs(law, "See United States v. Houck, 2 F.4th 1082 (8th Cir. 2021)."),)
            ),
            blocks.TableOfAuthorities(),
            blocks.Paragraph(blocks.runs(law, "Under 18 U.S.C. § 3553(a) and USSG § 1B1.13(b)(1), relief.")),
        ),
    )
    entries = blocks.table_entries(document, law)
    assert [entry.citation for entry in entries] == ["18 U.S.C. § 3553(a)", "USSG § 1B1.13"]
    html = blocks.to_html(document, law)
    assert html.index("For the attorney") < html.index('class="filing')
    assert "Houck" not in html[html.index('class="filing') :]


def test_prose_citations_become_runs_with_their_authority_keys():
    law = filings.authorities()
    parts = law.runs(
        "A denial does not force the appeal route. United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021); "
        "18 U.S.C. § 3582(c)(1)(A)(i); Ferguson, 55 F.4th at ___."
    )
    cites = [(run.key, run.text) for run in parts if isinstance(run, blocks.Cite)]
    assert cites == [
        ("muhammad", "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)"),
        ("statute_3582_i", "18 U.S.C. § 3582(c)(1)(A)(i)"),
        ("ferguson_appeal", "Ferguson, 55 F.4th at ___"),
    ]
    assert blocks.plain(parts).startswith("A denial does not force")


@pytest.fixture(scope="module")
def motion_docx():
    return docx_export.render_motion_docx(ferguson_snapshot(revision=1), draft=False)


def test_the_docx_uses_words_styles_and_double_spaces_the_body(motion_docx):
    document = Document(io.BytesIO(motion_docx))
    styles = [paragraph.style.name for paragraph in document.paragraphs]
    for style in ("Title", "Heading 1", "Heading 2", "List Number", "Body Text"):
        assert style in styles, style
    body = document.styles["Body Text"].paragraph_format
    assert body.line_spacing == 2.0 and body.first_line_indent == Inches(0.5)
    for style in ("Title", "Heading 1", "Heading 2", "Quote", "Normal"):
        assert document.styles[style].paragraph_format.line_spacing in (None, 1.0), style
        assert document.styles[style].font.name == "Liberation Serif", style
    assert not any(paragraph.paragraph_format.line_spacing == 1.75 for paragraph in document.paragraphs)


def test_the_docx_puts_the_notes_on_a_cover_sheet_section_and_numbers_the_filing_from_one(motion_docx):
    document = Document(io.BytesIO(motion_docx))
    assert len(document.sections) == 2
    body = document.element.body
    # The cover sheet (its notes in a bordered box) comes before the first section break, the caption after it.
    xml = body.xml
    section_break = xml.index("<w:sectPr")
    assert xml.index("For the attorney — not part of the filing") < section_break
    assert xml.index("Attorney warning: the threshold is not met") < section_break
    assert xml.index("UNITED STATES DISTRICT COURT") > section_break
    assert xml.count("Attorney warning") == 1
    filing = document.sections[1]
    assert filing._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert "SECTIONPAGES" in filing.footer._element.xml
    assert blocks.COVER_SHEET_FOOTER in document.sections[0].footer.paragraphs[0].text


def test_the_docx_table_of_authorities_refers_to_bookmarks_at_the_citations(motion_docx):
    document = Document(io.BytesIO(motion_docx))
    xml = document.element.body.xml
    bookmarks = set(re.findall(r'w:bookmarkStart [^>]*w:name="(_cite_\d+)"', xml))
    references = set(re.findall(r"PAGEREF (_cite_\d+) \\h", xml))
    assert references and references <= bookmarks
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_the_signature_has_counsel_the_s_line_and_a_bar_number_blank():
    text = re.sub(r"\s+", " ", html_text(ferguson_snapshot(revision=1)))
    assert "/s/ Rita Reviewer" in text
    assert "Bar No. [ATTORNEY TO COMPLETE: bar number]" in text


def test_the_approving_attorneys_bar_number_is_printed_under_the_signature(org, intake_user, reviewer):
    from analysis import review, triage
    from tests.factories import THREE_CLAIMS, accept_every_argument, make_argument, make_case

    reviewer.bar_number = "VSB No. 12345"
    reviewer.save()
    case = make_case(org, created_by=intake_user)
    make_argument(case, text=THREE_CLAIMS[0])
    triage.run_triage_unassessed(case=case, by=intake_user)
    review.submit_for_review(case=case, by=intake_user)
    accept_every_argument(case, reviewer)
    revision = review.approve(case=case, by=reviewer, threshold_acknowledged=True)
    text = re.sub(r"\s+", " ", html_text(revision.snapshot))
    assert f"/s/ {reviewer}" in text and "Bar No. VSB No. 12345" in text
    docx = " ".join(p.text for p in docx_paragraphs(docx_export.render_motion_docx(revision.snapshot)))
    assert "Bar No. VSB No. 12345" in docx


def test_the_block_renderer_prints_client_text_literally_never_as_markup():
    hostile = '<script>alert(1)</script> & "quoted"'
    document = filings.build_exhibits_list(
        hostile,
        "1:20-cr-1",
        [{"number": 1, "title": hostile, "kind": "Other", "sealed": True, "dated": None}],
    )
    html = blocks.to_html(document, filings.authorities())
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt; &amp;") == 2
    assert "to be filed under seal" in html and "undated" in html


def test_an_authority_cited_on_many_pages_is_listed_passim():
    law = filings.authorities()
    paragraphs = tuple(blocks.Paragraph(blocks.runs(law, f"Page {n}: USSG § 1B1.13.")) for n in range(6))
    document = blocks.Document("T", (blocks.TableOfAuthorities(), *paragraphs))
    pages = {f"cite-{n + 1}": n + 1 for n in range(6)}
    assert "passim" in blocks.to_html(document, law, pages=pages)
    pages = {f"cite-{n + 1}": 1 + n // 3 for n in range(6)}  # two pages, three citations on each
    html = blocks.to_html(document, law, pages=pages)
    assert "passim" not in html and html.count('class="toa-page"') == 2


def _certificate_of_service(text: str) -> str:
    return re.sub(r"\s+", " ", text.split("Certificate of service", 1)[1])


def test_the_certificate_of_service_is_signed_with_counsels_s_line():
    approved = ferguson_snapshot(revision=1)
    certificate = _certificate_of_service(html_text(approved))
    assert "/s/ Rita Reviewer Rita Reviewer Counsel for Defendant Dwayne Ferguson" in certificate
    docx = " ".join(p.text for p in docx_paragraphs(docx_export.render_motion_docx(approved)))
    assert "/s/ Rita Reviewer" in _certificate_of_service(docx)
    # No approving attorney yet (a draft): the /s/ line is a blank to sign, as in the motion's signature.
    draft = ferguson_snapshot(revision=1)
    draft["approved_by"] = None
    context = documents.build_context(draft, draft=True, content_hash=None, known_citations=KNOWN_CITATIONS)
    html = documents.document_html("motion", context, draft=True, title="T", author="A")
    assert f"/s/ {filings.LINE}" in _certificate_of_service(documents.document_text(html))


@pytest.mark.parametrize(
    ("offenses", "wording"),
    [
        ("Health-care fraud, 18 U.S.C. § 1347.", "for the following offense: Health-care fraud"),
        (
            "Conspiracy to distribute cocaine, 21 U.S.C. §§ 846, 841(a)(1).",
            "for the following offense: Conspiracy",
        ),
        ("Three Hobbs Act robberies and two stacked § 924(c) counts.", "for the following offenses: Three"),
        ("Drug and firearm offenses, including a § 924(c) count.", "for the following offenses: Drug"),
        ("Count 1: wire fraud\nCount 2: money laundering", "for the following offenses: Count 1"),
        ("Aiding and abetting bank robbery, 18 U.S.C. §§ 2, 2113(a).", "for the following offense: Aiding"),
    ],
)
def test_the_procedural_history_says_offense_for_one_offense_and_offenses_for_several(offenses, wording):
    snapshot = copy.deepcopy(ferguson_snapshot(revision=1))
    snapshot["case"]["offenses"] = offenses
    # Only the medical ground (no § 2255 referral): the offenses are printed, not left to the attorney.
    snapshot["arguments"] = snapshot["arguments"][:1]
    text = re.sub(r"\s+", " ", html_text(snapshot))
    assert wording in text


def _unfiled(earliest: str, *, received: str | None = "2020-05-15") -> dict:
    """Ferguson's case before any motion: the threshold neither met nor missed, the earliest date ``earliest``."""
    snapshot = copy.deepcopy(ferguson_snapshot(revision=1))
    snapshot["case"]["motion_filed_on"] = None
    snapshot["threshold"].update(
        satisfied=None, earliest_filing_date=earliest, receipt_assumed=received is None
    )
    snapshot["warden_request"].update(received_on=received, response="no_response", response_on=None)
    return snapshot


def _motion_on(snapshot: dict, rendered_on) -> str:
    context = documents.build_context(
        snapshot,
        draft=False,
        content_hash=CONTENT_HASH,
        known_citations=KNOWN_CITATIONS,
        rendered_on=rendered_on,
    )
    html = documents.document_html("motion", context, draft=False, title="T", author="A")
    return re.sub(r"\s+", " ", documents.document_text(html))


def test_a_motion_rendered_after_the_earliest_filing_date_states_exhaustion_not_do_not_file_before():
    from datetime import date

    # Rendered before the date: the attorney is told not to file before it, and the statement is left blank.
    before = _motion_on(_unfiled("2020-06-14"), date(2020, 6, 1))
    assert "Do not file before June 14, 2020" in before
    assert "[ATTORNEY TO COMPLETE: exhaustion statement]" in before
    # Rendered after it (an approval months later): the 30 days have lapsed; the motion says so.
    after = _motion_on(_unfiled("2020-06-14"), date(2026, 12, 6))
    assert "Do not file before" not in after and "[ATTORNEY TO COMPLETE: exhaustion statement]" not in after
    assert (
        "The 30 days from the warden's receipt of the request lapsed, so a motion could be filed from June 14, "
        "2020. The exhaustion requirement is therefore satisfied."
    ) in after
    # A warden who never answered did not deny within the 30 days: Muhammad's point about a denial is not made.
    assert "A warden's denial within the 30 days" not in after
    # No receipt date recorded: the 30 days were counted from the submission; the attorney confirms the receipt.
    assumed = _motion_on(_unfiled("2020-06-14", received=None), date(2026, 12, 6))
    assert "The exhaustion requirement is therefore satisfied" not in assumed
    assert "[ATTORNEY TO COMPLETE: exhaustion statement]" in assumed
    assert "Do not file before" not in assumed
    assert "Attorney: confirm the warden's receipt of the request" in assumed


def test_the_date_the_appeals_were_exhausted_is_written_out_like_every_date_of_the_motion():
    from datetime import date

    snapshot = _unfiled("2020-06-01")
    snapshot["threshold"]["route"] = "exhausted_appeals"
    snapshot["warden_request"]["appeals_exhausted_on"] = "2020-06-01"
    motion = _motion_on(snapshot, date(2026, 12, 6))
    assert "Dwayne Ferguson fully exhausted the administrative appeals on June 1, 2020." in motion
    assert "2020-06-01" not in motion


def test_client_text_inside_a_sentence_starts_on_the_same_line_when_its_first_word_fits(tmp_path):
    # Whitaker's motion ended a line at "for the following offenses:" and printed the offenses on the next: the
    # client-text span kept spaces with pre-wrap, and WeasyPrint then moved the whole span to a new line.
    snapshot = copy.deepcopy(ferguson_snapshot(revision=1))
    snapshot["arguments"] = snapshot["arguments"][:1]
    snapshot["case"]["offenses"] = "Three Hobbs Act robberies and two stacked § 924(c) counts."
    _content, text = motion_layout(snapshot, tmp_path)
    line = next(line for line in text.splitlines() if "for the following offenses:" in line)
    assert "for the following offenses: Three" in line, line


def test_a_verify_flag_wraps_with_its_sentence_and_never_leaves_a_short_line(tmp_path):
    # Salas's motion printed "… involving another immediate family" and then "member. (verify before filing: the
    # wording of the sub-parts of USSG § 1B1.13(b)(3))" on the next line: the flag could not wrap, so it dragged
    # the sentence's last word down with it.
    snapshot = copy.deepcopy(ferguson_snapshot(revision=1))
    text = "His wife died in September; their sons, 6 and 8, are in emergency foster care."
    snapshot["arguments"] = [
        {
            "position": 1,
            "text": text,
            "source": "Staff",
            "assessment": _assessment(text, "compassionate_release", "family", "wife"),
            "decision": _decision("compassionate_release", "family"),
        }
    ]
    _content, text = motion_layout(snapshot, tmp_path)
    lines = [line.strip() for line in text.splitlines()]
    flagged = next(n for n, line in enumerate(lines) if "(verify before filing" in line)
    assert not lines[flagged].startswith("member."), lines[flagged - 1 : flagged + 1]


@pytest.mark.parametrize(
    ("circuit", "cited", "not_cited"),
    [
        ("4th", ["United States v. Muhammad, 16 F.4th 126, 130 (4th Cir. 2021)"], ["6th Cir.", "8th Cir."]),
        ("5th", [], ["4th Cir.", "6th Cir.", "8th Cir.", "11th Cir."]),
        ("6th", ["United States v. Alam, 960 F.3d 831 (6th Cir. 2020)"], ["4th Cir.", "8th Cir."]),
        (
            "11th",
            ["United States v. Harris, 989 F.3d 908 (11th Cir. 2021)"],
            ["4th Cir.", "6th Cir.", "8th Cir."],
        ),
    ],
)
def test_the_premature_filing_warning_cites_only_the_clients_circuits_case_law(circuit, cited, not_cited):
    # Salas's (5th Cir.) cover sheet cited Muhammad (4th Cir.), Alam (6th Cir.) and Houck (8th Cir.) for the
    # claim-processing rule: authorities follow the client's circuit.
    snapshot = copy.deepcopy(ferguson_snapshot(revision=1))
    snapshot["case"]["circuit"] = circuit
    snapshot["issue_exhaustion"]["circuit"] = circuit
    text = html_text(snapshot)
    warning = re.sub(r"\s+", " ", text.split("the threshold is not met — do not assert exhaustion", 1)[1])
    warning = warning.split("File on or after", 1)[0]
    assert (
        "The requirement is a mandatory claim-processing rule: the government can waive or forfeit it"
        in warning
    )
    assert "dismiss a premature motion without prejudice." in warning
    for cite in cited:
        assert cite in warning, warning
    for other in not_cited:
        assert other not in warning, warning


def test_the_issue_exhaustion_note_reads_right_for_a_single_ground():
    # Salas's cover sheet: "Family circumstances (argument 1). Whether these grounds were raised …".
    snapshot = copy.deepcopy(ferguson_snapshot(revision=1))
    snapshot["case"]["circuit"] = snapshot["issue_exhaustion"]["circuit"] = "5th"
    snapshot["issue_exhaustion"]["requirement"] = "at_risk"
    snapshot["arguments"] = snapshot["arguments"][:1]
    snapshot["arguments"][0]["raised_in_request"] = "unknown"
    text = re.sub(r"\s+", " ", html_text(snapshot))
    assert (
        "Not confirmed by staff as raised in the request to the warden: Medical circumstances (argument 1). "
        "Check the request and record the answer on each argument before filing."
    ) in text
    assert "these grounds" not in text


def test_the_motion_counts_the_grounds_missing_from_the_request():
    # Ferguson's one ground missing from the request was "Some grounds in this motion were not in the request".
    one = re.sub(r"\s+", " ", html_text(satisfied_snapshot()))
    assert "One ground in this motion was not in the request to the warden. That does not matter" in one
    two = copy.deepcopy(satisfied_snapshot())
    two["arguments"].append({**two["arguments"][0], "position": 20})
    text = re.sub(r"\s+", " ", html_text(two))
    assert "Some grounds in this motion were not in the request to the warden. That does not matter" in text
