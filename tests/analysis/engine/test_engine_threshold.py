"""The § 3582(c)(1)(A) filing threshold (LAW.md § 1)."""

import dataclasses
import datetime as dt

import pytest

from analysis import engine

D = dt.date.fromisoformat


def test_ferguson_was_filed_early_with_receipt_assumed():
    result = engine.check_threshold(
        "2020-05-15", warden_response="2020-05-26", filed="2020-06-08", circuit="4th"
    )
    assert result.satisfied is False
    assert result.earliest_filing_date == D("2020-06-14")
    assert result.route == "lapse_30_days"
    assert result.days_early == 6
    kinds = [note.kind for note in result.notes]
    assert "assumption" in kinds
    texts = " ".join(note.text for note in result.notes)
    assert "does not force the appeal route" in texts and "dismissed without prejudice" in texts
    authorities = {note.authority for note in result.notes}
    assert "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)" in authorities
    assert "Muhammad, 16 F.4th at 130" in authorities
    assert "United States v. Alam, 960 F.3d 831 (6th Cir. 2020)" in authorities
    assert all(note.authority for note in result.notes)


def test_lapse_of_30_days_comes_first():
    result = engine.check_threshold(
        D("2024-01-02"), received=D("2024-01-05"), appeal_exhausted=D("2024-04-01")
    )
    assert (result.route, result.earliest_filing_date, result.satisfied) == (
        "lapse_30_days",
        D("2024-02-04"),
        None,
    )
    assert result.receipt_assumed is False


def test_appeals_exhausted_before_day_30_come_first():
    result = engine.check_threshold(
        "2024-01-02", received="2024-01-03", warden_response="2024-01-04", appeal_exhausted="2024-01-20",
        filed="2024-01-25",
    )  # fmt: skip
    assert (result.route, result.earliest_filing_date, result.satisfied) == (
        "exhausted_appeals",
        D("2024-01-20"),
        True,
    )


def test_unknown_receipt_counts_from_submission_and_says_so():
    result = engine.check_threshold("2024-03-01")
    assert result.earliest_filing_date == D("2024-03-31") and result.receipt_assumed
    assumption = [note for note in result.notes if note.kind == "assumption"]
    assert assumption and "assumption" in assumption[0].text


def test_warden_response_gives_the_bp10_deadline():
    result = engine.check_threshold("2024-03-01", warden_response="2024-03-10")
    assert result.bp10_deadline == D("2024-03-30")
    assert any(note.authority == "28 C.F.R. § 542.15" for note in result.notes)


@pytest.mark.parametrize(
    "as_of, says",
    [
        (None, "No filing date yet: the motion may be filed on or after 2024-02-04."),
        (D("2024-02-03"), "No filing date yet: the motion may be filed on or after 2024-02-04."),
        (D("2024-02-04"), "The earliest filing date, 2024-02-04, has come: a motion may be filed now."),
    ],
    ids=["no-day-given", "the-day-before", "the-day-itself"],
)
def test_with_the_day_it_is_read_a_date_that_has_come_reads_may_be_filed_now(as_of, says):
    result = engine.check_threshold(D("2024-01-02"), received=D("2024-01-05"), as_of=as_of)
    assert says in " ".join(note.text for note in result.notes)
    assert engine.may_file_now(result.satisfied, result.earliest_filing_date, as_of) is ("now" in says)


def test_a_filed_motion_is_never_may_be_filed_now():
    assert not engine.may_file_now(True, D("2024-02-04"), D("2025-01-01"))
    assert not engine.may_file_now(False, D("2024-02-04"), D("2025-01-01"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"submitted": "2024-03-10", "received": "2024-03-01"},
        {"submitted": "2024-03-01", "warden_response": "2024-02-01"},
        {"submitted": "2024-03-01", "received": "2024-03-05", "warden_response": "2024-03-04"},
        {"submitted": "2024-03-01", "warden_response": "2024-03-20", "appeal_exhausted": "2024-03-10"},
        {"submitted": "2024-13-01"},
        {"submitted": None},
    ],
)
def test_invalid_dates_raise_a_clear_value_error(kwargs):
    with pytest.raises(ValueError) as error:
        engine.check_threshold(**kwargs)
    assert str(error.value)


def test_filing_before_the_request_fails_the_threshold():
    result = engine.check_threshold("2024-03-01", filed="2024-02-01")
    assert result.satisfied is False


def test_result_serialises_to_json_ready_dict():
    data = engine.check_threshold("2020-05-15", filed="2020-06-20").to_dict()
    assert data["earliest_filing_date"] == "2020-06-14" and data["satisfied"] is True
    assert all(set(note) == {"text", "authority", "kind"} for note in data["notes"])


def test_the_notes_say_the_pack_s_day_counts_not_a_copy_of_them():
    """A pack whose lapse is 45 days and whose BP-10 is due in 25: the dates and the notes agree."""
    current = engine.current_rule_pack()
    pack = dataclasses.replace(
        current, threshold=dataclasses.replace(current.threshold, lapse_days=45, bp10_days=25)
    )
    result = engine.check_threshold(
        "2020-05-15", "2020-05-15", "2020-05-26", filed="2020-06-08", circuit="4th", pack=pack
    )
    assert result.earliest_filing_date == D("2020-06-29")
    texts = " ".join(note.text for note in result.notes)
    assert "45 days from the warden's receipt of the request lapse on 2020-06-29" in texts
    assert "inside the 45 days" in texts and "within 25 calendar days of it, by 2020-06-20" in texts
    assert (
        "the 30 days are" not in texts
        and "inside the 30 days" not in texts
        and "within 20 calendar" not in texts
    )


def test_the_notes_are_the_law_text_s_words(monkeypatch):
    table = engine.current_rule_pack().law
    monkeypatch.setitem(table.entries, "threshold.note.denial_inside_lapse", (("LAWMARK",),))
    result = engine.check_threshold("2020-05-15", warden_response="2020-05-26", circuit="4th")
    (note,) = [note for note in result.notes if note.text == "LAWMARK"]
    assert note.authority == "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)"
    # A pack older than the law text speaks in the newest pack's words.
    older = engine.check_threshold(
        "2020-05-15", warden_response="2020-05-26", pack=engine.load_rule_pack("2026-11-30")
    )
    assert "LAWMARK" in [note.text for note in older.notes]


@pytest.mark.parametrize(
    ("circuit", "cited"),
    [("11th", "Harris, 989 F.3d 908"), ("6th", "Alam, 960 F.3d 831"), ("9th", "Muhammad, 16 F.4th at 130")],
)
def test_the_claim_processing_note_cites_the_rule_pack_s_authority_for_the_circuit(circuit, cited):
    pack = engine.current_rule_pack()
    key = pack.threshold.waiver_authority_for(circuit)
    assert cited in pack.cite(key)
    notes = engine.check_threshold("2020-05-15", filed="2020-05-20", circuit=circuit).notes
    assert any("claim-processing" in note.text and note.authority == pack.cite(key) for note in notes)


def test_a_pack_whose_threshold_names_an_unknown_authority_is_refused():
    from analysis.engine.rulepack import RulePackError, _threshold_rules

    entry = {"lapse_days": 30, "bp10_days": 20, "waiver_authority": {"default": "nobody"}}
    with pytest.raises(RulePackError, match="names unknown authority 'nobody'"):
        _threshold_rules(entry, {"muhammad_130": object()}, "pack")
    with pytest.raises(RulePackError, match="waiver_authority must map"):
        _threshold_rules({"lapse_days": 30, "bp10_days": 20}, {}, "pack")
