"""The law the documents print comes from the rule pack's law text, once (#12, "the law moves into the rule pack").

Each test replaces one law-text entry (or a pack constant) with a marker and checks that every document printing
that law prints the marker: a sentence edited in the law text changes every document, and a copy of it left in
a template or in code would make the test fail. Rendered as HTML text (fast); the PDF path is test_documents.py's.
"""

import ast
import copy
import re
from pathlib import Path

import pytest

from analysis import citations
from analysis.engine import current_rule_pack
from tests.analysis.test_documents import _assessment, _decision, ferguson_snapshot
from tests.analysis.test_documents_content import docx_text, in_circuit, release_argument, text_of

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = ROOT / "templates"


def argument(text: str, disposition: str, ground: str, position: int) -> dict:
    return {
        "position": position,
        "text": text,
        "source": "Staff",
        "assessment": _assessment(text, disposition, ground, text.split()[0]),
        "decision": _decision(disposition, ground),
    }


@pytest.fixture
def snapshot():
    """The Ferguson case (4th Circuit) with one argument of every kind the documents explain."""
    data = ferguson_snapshot(revision=None)
    data["arguments"] += [
        argument("Stacked 924(c) counts would be shorter today.", "foreclosed", "change_in_law", 10),
        argument("Mold in the unit and no heat all winter.", "other_vehicle", "conditions", 11),
        {**release_argument("Programs and a clean record.", "rehabilitation"), "position": 12},
    ]
    data["case"]["motion_filed_on"] = "2020-06-08"
    data["threshold"]["lapse_date"] = "2020-06-14"
    return data


def met(snapshot: dict) -> dict:
    """The threshold met (30 days after the receipt, the motion not filed yet) after a warden's denial inside the 30
    days, and the medical ground confirmed as not raised in the request: the motion states exhaustion in full."""
    data = copy.deepcopy(snapshot)
    data["threshold"]["satisfied"] = True
    data["case"]["motion_filed_on"] = None
    data["arguments"][0]["raised_in_request"] = "no"
    data["issue_exhaustion"]["requirement"] = "none"
    return data


@pytest.fixture
def law(monkeypatch):
    """Replace a law-text entry (by its full key, a circuit's variant included) with a marker; return the marker."""
    table = current_rule_pack().law

    def replace(key: str) -> str:
        marker = "LAWMARK-" + re.sub(r"\W", "-", key)
        monkeypatch.setitem(table.entries, key, ((marker,),))
        return marker

    return replace


# (law-text key, the documents that print it). Each document must show the pack's sentence and nothing else.
PRINTED_IN = [
    ("foreclosed.change_in_law", ["triage-memo", "referral-2255"]),
    ("vehicle.conditions", ["triage-memo", "referral-2255"]),
    ("memo.threshold.4th", ["triage-memo"]),
    ("threshold.rule", ["triage-memo"]),
    ("threshold.lapse_row", ["triage-memo"]),
    ("memo.terminal", []),  # no terminal illness in this case: printed nowhere
    ("memo.covid_note", ["triage-memo"]),
    ("memo.rehabilitation_note", ["triage-memo"]),
    ("memo.premature", ["triage-memo"]),
    ("memo.referral", ["triage-memo"]),
    ("memo.successive", ["triage-memo"]),
    ("ground.medical.covid_elements", ["triage-memo", "motion"]),
    ("ground.medical.standard", ["motion"]),
    ("label.ground.compassionate_release.medical", ["triage-memo", "motion", "warden-request"]),
    ("label.ground.other_vehicle.conditions", ["triage-memo", "referral-2255"]),
    ("label.disposition.foreclosed", ["triage-memo"]),
    ("label.issue_exhaustion.none", ["triage-memo"]),
    ("referral.why", ["referral-2255"]),
    ("referral.vehicle.4th", ["referral-2255"]),
    ("referral.finality", ["referral-2255"]),
    ("referral.successive", ["referral-2255"]),
    ("referral.bowe", ["referral-2255"]),
    ("referral.jones", ["referral-2255"]),
    ("referral.hewitt", ["referral-2255"]),
    ("warden.note_request", ["warden-request"]),
    ("warden.note_receipt", ["warden-request"]),
    ("warden.expedite", ["warden-request"]),
    ("warden.note_medical", ["warden-request"]),
    ("warden.title", ["warden-request"]),
    ("warden.opening", ["warden-request"]),
    ("referral.limit", ["referral-2255"]),
    ("referral.trigger.f1", ["referral-2255"]),
    ("referral.trigger.f4", ["referral-2255"]),
    ("referral.first_motion", []),  # two earlier § 2255 motions: see NOTES
    ("motion.danger", ["motion"]),
    ("motion.unconfirmed_exhaustion", []),
    ("motion.title", ["motion"]),
    ("motion.introduction", ["motion"]),
    ("motion.standard", ["motion"]),
    ("motion.factors_blank", ["motion"]),
    ("motion.exhaustion.statement_blank_premature", ["motion"]),  # filed before the earliest date
    ("motion.exhaustion.lapsed", []),
]
DOCUMENTS = ["triage-memo", "referral-2255", "warden-request", "motion"]


@pytest.mark.parametrize(("key", "printed_in"), PRINTED_IN)
def test_each_document_prints_the_law_text_of_the_pack(snapshot, law, key, printed_in):
    marker = law(key)
    for slug in DOCUMENTS:
        text = text_of(snapshot, slug)
        if slug in printed_in:
            assert marker in text, (key, slug)
        else:
            assert marker not in text, (key, slug)


@pytest.mark.parametrize("key", ["motion.danger", "ground.medical.standard", "motion.relief_intro"])
def test_the_motion_docx_prints_the_same_law_text_as_the_pdf(snapshot, law, key):
    marker = law(key)
    assert marker in text_of(snapshot, "motion")
    assert marker in docx_text(snapshot)


# The motion's exhaustion section once the threshold is met (the `met` case), PDF and DOCX alike.
@pytest.mark.parametrize(
    "key",
    [
        "motion.exhaustion.rule",
        "motion.exhaustion.denied",
        "motion.exhaustion.lapsed",
        "motion.exhaustion.not_required.4th",
    ],
)
def test_the_motion_states_exhaustion_in_the_law_text_s_words(snapshot, law, key):
    marker = law(key)
    assert marker in text_of(met(snapshot), "motion")
    assert marker in docx_text(met(snapshot))


def _unfiled(snapshot: dict, **threshold) -> dict:
    data = copy.deepcopy(snapshot)
    data["case"]["motion_filed_on"] = None
    data["threshold"].update(satisfied=None, **threshold)
    return data


# Sentences printed only in some cases: law-text key -> (the case that prints it, the document).
NOTES = {
    "motion.exhaustion.no_request": (
        lambda data: {**data, "warden_request": None, "threshold": None},
        "motion",
    ),
    "motion.exhaustion.receipt_assumed": (lambda data: _unfiled(data, receipt_assumed=True), "motion"),
    "motion.exhaustion.not_before": (
        lambda data: _unfiled(data, earliest_filing_date="2099-01-01"),
        "motion",
    ),
    "motion.only_rehabilitation": (
        lambda data: {**data, "arguments": [a for a in data["arguments"] if a["position"] != 1]},
        "motion",
    ),
    "referral.first_motion": (
        lambda data: {**data, "case": {**data["case"], "prior_2255_count": 0}},
        "referral-2255",
    ),
    "motion.order_title": (lambda data: data, "proposed-order"),
    "motion.order_findings": (lambda data: data, "proposed-order"),
}


@pytest.mark.parametrize("key", NOTES)
def test_the_sentences_of_particular_cases_print_the_law_text(snapshot, law, key):
    case, slug = NOTES[key]
    data = case(copy.deepcopy(snapshot))
    assert law(key) in text_of(data, slug)


@pytest.mark.parametrize(
    ("circuit", "requirement"), [("7th", "required"), ("5th", "at_risk"), ("9th", "unknown")]
)
def test_the_warden_request_s_list_every_ground_note_is_the_law_text_s(snapshot, law, circuit, requirement):
    marker = law(f"warden.list_every_ground.{requirement}")
    text = text_of(in_circuit(snapshot, circuit, requirement=requirement), "warden-request")
    assert f"List every ground. {marker}" in text
    assert marker not in text_of(snapshot, "warden-request")  # the 4th Circuit requires no issue exhaustion


def test_the_motion_cites_muhammad_and_ferguson_on_exhaustion_in_the_4th_circuit_only(snapshot):
    pack = current_rule_pack()
    fourth = text_of(met(snapshot), "motion")
    sixth = text_of(in_circuit(met(snapshot), "6th", requirement="none"), "motion")
    one = "One ground in this motion was"
    assert pack.text("motion.exhaustion.denied", circuit="4th").plain in fourth
    assert pack.text("motion.exhaustion.not_required", circuit="4th", missing=one).plain in fourth
    assert "United States v. Ferguson, 55 F.4th 262, ___ (4th Cir. 2022); see Sims v. Apfel" in fourth
    assert pack.text("motion.exhaustion.rule").plain in sixth
    assert "does not force the appeal route" not in sixth and "Muhammad" not in sixth
    assert pack.text("motion.exhaustion.not_required", circuit="6th", missing=one).plain in sixth
    assert "Ferguson, 55 F.4th" not in sixth and "Sims" not in sixth


def test_the_filings_write_no_citation_in_python():
    """The filings cite authorities through the law text, by key: no citation is a string of analysis/filings.py."""
    source = (ROOT / "analysis" / "filings.py").read_text(encoding="utf-8")
    strings = "\n".join(
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )
    assert citations.extract_authorities([strings]) == []
    assert not re.findall(
        r"U\.S\.C\.|C\.F\.R\.|USSG|\bF\.(?:2d|3d|4th)\b|\bU\.S\. \d|Cir\. \d{4}|Fed\. R\.", strings
    )
    # Nor a day count of the threshold: the pack's lapse_days (see the test below).
    assert not re.search(r"\b30\b|[Tt]hirty", strings)


def test_day_counts_come_from_the_pack_s_constants(snapshot, monkeypatch):
    table = current_rule_pack().law
    snapshot["threshold"]["notes"] = []  # the engine's notes, frozen in the snapshot when it was taken
    monkeypatch.setitem(table.constants, "lapse_days", 45)
    monkeypatch.setitem(table.constants, "bp10_days", 25)
    no_request = copy.deepcopy(snapshot)
    no_request["warden_request"] = None
    for data, slug in [(snapshot, "triage-memo"), (no_request, "triage-memo"), (snapshot, "warden-request")]:
        text = text_of(data, slug)
        assert "45 days" in text or "45-day" in text, slug
        assert "30 days" not in text and "30-day" not in text, slug
    assert "within 25 calendar days" in text_of(snapshot, "warden-request")
    # The motion and its attorney's notes: filed too early, met, not yet open, no request recorded.
    not_yet = _unfiled(snapshot, earliest_filing_date="2099-01-01")
    for data in (snapshot, met(snapshot), not_yet, no_request):
        text = text_of(data, "motion")
        assert "45 days" in text, text
        assert "30 days" not in text and "Thirty days" not in text


def test_the_circuit_chooses_the_sentences_and_authorities_not_the_template(snapshot):
    pack = current_rule_pack()
    snapshot["threshold"]["notes"] = []  # the engine's notes, frozen in the snapshot when it was taken
    fourth = text_of(snapshot, "triage-memo")
    sixth = text_of(in_circuit(snapshot, "6th"), "triage-memo")
    assert pack.text("memo.threshold", circuit="4th").plain in fourth
    assert pack.text("memo.threshold", circuit="6th").plain in sixth
    assert "United States v. Muhammad" in fourth and "Muhammad" not in sixth
    # Validity claims belong under § 2255: the Supreme Court's Fernandez everywhere, Ferguson only in the 4th.
    assert pack.text("memo.referral", circuit="6th").plain in sixth
    assert "Ferguson" not in sixth.split("Refer for § 2255")[1].split("Foreclosed")[0]

    referral_6th = text_of(in_circuit(snapshot, "6th"), "referral-2255")
    assert "Sanchez-Castellano v. United States, 358 F.3d 424, 427 (6th Cir. 2004)" in referral_6th
    assert "Farkas" not in referral_6th and "Moshier" not in referral_6th
    assert "the 6th Circuit's own authority on § 2255 as the vehicle" in referral_6th
    referral_8th = text_of(in_circuit(snapshot, "8th"), "referral-2255")
    assert "United States v. Fine, 982 F.3d 1117 (8th Cir. 2020)" in referral_8th
    assert "Winestock" not in referral_8th
    referral_4th = text_of(snapshot, "referral-2255")
    assert "United States v. Winestock, 340 F.3d 200, 203, 207 (4th Cir. 2003)" in referral_4th
    assert "Sanchez-Castellano" not in referral_4th


def test_the_table_of_authorities_knows_every_authority_of_the_law_text(snapshot):
    # Every authority the law text cites is in the pack, so none of them is flagged "verify" unless LAW.md says so.
    memo = text_of(in_circuit(snapshot, "6th"), "referral-2255")
    toa = memo.split("Table of authorities")[1]
    assert "Clay v. United States, 537 U.S. 522" in toa
    flagged = re.findall(r"([^—]{0,80}) — verify before filing", toa)
    assert all("Fernandez v. United States, No. 24-556" in item for item in flagged), flagged


def templates_to_check():
    for folder in ("documents", "analysis", "intake"):
        for path in sorted((TEMPLATES_DIR / folder).glob("*.html")):
            yield f"{folder}/{path.name}", path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "source"), list(templates_to_check()))
def test_no_template_branches_on_the_circuit_or_writes_a_day_count(name, source):
    assert "fourth_circuit" not in source, name
    assert not re.search(r"\b30[ -]days?\b", source), name
