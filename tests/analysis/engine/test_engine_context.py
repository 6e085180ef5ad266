"""Arguments read as one motion (analysis/engine/context.py): rehabilitation listed as its own reason next to
another release ground supports that ground (USSG § 1B1.13(d)); next to nothing else it stays foreclosed."""

from analysis import engine

PROGRAMS = (
    "He has completed 30 programs, earned his GED and has had no disciplinary incidents in eleven years."
)
CANCER = (
    "He has stage IV colon cancer that has spread to his liver; the oncologist gives him less than a year."
)
PLEA = "My lawyer never told me about the plea offer the government made before trial."


def test_rehabilitation_read_alone_is_foreclosed():
    reading = engine.classify(PROGRAMS)
    assert (reading.disposition, reading.ground) == ("foreclosed", "rehabilitation_alone")


def test_beside_a_release_ground_of_the_same_motion_it_is_filed_with_that_ground():
    cancer, programs = engine.read_together([engine.classify(CANCER), engine.classify(PROGRAMS)])

    assert (cancer.disposition, cancer.ground) == ("compassionate_release", "medical")
    assert (programs.disposition, programs.ground) == ("compassionate_release", "rehabilitation")
    assert programs.rule_id == "CR-REHABILITATION-WITH-GROUND"
    assert programs.ussg_subsection == "§ 1B1.13(d)"
    assert "28 U.S.C. § 994(t)" in programs.authorities
    assert any("not filed as foreclosed" in reason for reason in programs.review_reasons)
    assert programs.evidence == engine.classify(PROGRAMS).evidence  # still the words of its own text


def test_a_release_ground_already_on_the_case_counts_too():
    (programs,) = engine.read_together(
        [engine.classify(PROGRAMS)], others=[("compassionate_release", "family")]
    )
    assert (programs.disposition, programs.ground) == ("compassionate_release", "rehabilitation")


def test_beside_only_a_collateral_attack_or_other_rehabilitation_it_stays_foreclosed():
    readings = engine.read_together(
        [engine.classify(PLEA), engine.classify(PROGRAMS)],
        others=[("compassionate_release", "rehabilitation")],
    )
    assert [(r.disposition, r.ground) for r in readings] == [
        ("collateral_attack", "ineffective_assistance"),
        ("foreclosed", "rehabilitation_alone"),
    ]
    assert readings == [engine.classify(PLEA), engine.classify(PROGRAMS)]


def test_the_note_a_reviewer_reads_first_speaks_of_the_reading_shown_not_of_the_text_read_alone():
    # Read alone this is a weak "rehabilitation alone" (its note named that reading: "this reading (foreclosed /
    # rehabilitation alone) is not confident enough…"). Beside the cancer it is shown as rehabilitation beside that
    # ground, so the first sentence must say why, not name a reading the page no longer shows.
    text = "I paid off all my restitution and got my barber license."
    alone = engine.classify(text)
    assert (alone.disposition, alone.ground) == ("foreclosed", "rehabilitation_alone")
    assert alone.needs_review

    _cancer, beside = engine.read_together([engine.classify(CANCER), alone])

    assert (beside.disposition, beside.ground) == ("compassionate_release", "rehabilitation")
    assert "not filed as foreclosed" in beside.reviewer_note
    assert "rehabilitation alone" not in beside.reviewer_note
    assert beside.review_reasons[0] == beside.reviewer_note
    # what the text read alone gave is kept below it
    assert set(alone.review_reasons) < set(beside.review_reasons)
    assert beside.needs_review
