"""Issue exhaustion: do the grounds in court appear in the warden request?"""

import pytest

from analysis import engine

REQUEST = "I am asking for compassionate release because I have stage 4 cancer and need treatment at home."
ARGUMENTS = [
    "I have metastatic cancer and the prison cannot treat it.",
    "My mother has dementia and I am the only one who can care for her.",
    "My lawyer never told me about the plea offer.",
]


def test_fourth_circuit_requires_no_issue_exhaustion():
    result = engine.check_issue_exhaustion(ARGUMENTS, REQUEST, "4th")
    assert result.requirement == "none" and not result.any_at_risk
    assert "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022)" in result.authorities


def test_seventh_circuit_flags_a_ground_missing_from_the_request():
    result = engine.check_issue_exhaustion(ARGUMENTS, REQUEST, "7th")
    medical, family, counsel = result.arguments
    assert result.requirement == "required"
    assert (medical.raised_in_request, medical.at_risk) == (True, False)
    assert (family.raised_in_request, family.at_risk) == (False, True)
    assert counsel.raised_in_request is None and counsel.at_risk is False  # not a motion ground at all
    assert "United States v. Williams, 987 F.3d 700 (7th Cir. 2021)" in result.authorities


def test_fifth_circuit_is_at_risk():
    result = engine.check_issue_exhaustion(ARGUMENTS[:2], REQUEST, "fifth")
    assert result.requirement == "at_risk" and result.arguments[1].at_risk


def test_other_circuits_are_unknown_and_advise_listing_every_ground():
    result = engine.check_issue_exhaustion(ARGUMENTS, REQUEST, "9th")
    assert result.requirement == "unknown"
    assert "List every ground" in result.advice
    assert result.arguments[1].at_risk
    assert engine.check_issue_exhaustion(ARGUMENTS, REQUEST, None).requirement == "unknown"


def test_assessments_may_be_passed_instead_of_texts():
    assessments = [engine.classify(text) for text in ARGUMENTS]
    by_text = engine.check_issue_exhaustion(ARGUMENTS, REQUEST, "7th").to_dict()
    by_assessment = engine.check_issue_exhaustion(assessments, REQUEST, "7th").to_dict()
    assert by_text == by_assessment


@pytest.mark.parametrize(
    ("circuit", "requirement"), [("4th", "none"), ("7th", "required"), ("5th", "at_risk"), ("9th", "unknown")]
)
def test_the_note_on_a_ground_the_request_does_not_raise_is_the_law_text_s(monkeypatch, circuit, requirement):
    table = engine.current_rule_pack().law
    monkeypatch.setitem(table.entries, f"exhaustion.unraised.{requirement}", (("LAWMARK",),))
    family = engine.check_issue_exhaustion(ARGUMENTS, REQUEST, circuit).arguments[1]
    assert family.raised_in_request is False
    assert family.note == "LAWMARK"


def test_a_pack_older_than_the_law_text_uses_the_newest_pack_s_words():
    older = engine.load_rule_pack("2026-11-30")
    assert older.law is None
    family = engine.check_issue_exhaustion(ARGUMENTS, REQUEST, "7th", as_of="2026-11-30").arguments[1]
    assert family.at_risk
    assert family.note == engine.current_rule_pack().text("exhaustion.unraised.required").plain
