"""The rule packs: authorities from LAW.md, taxonomy, dates, and the change Rutherford made."""

import datetime as dt
import re
from pathlib import Path

import pytest

from analysis import engine
from analysis.engine.rulepack import RulePackError, RulePackNotFound, _changelog

LAW = Path("/work/shared/LAW.md")
CHANGE_IN_LAW = "If I was sentenced today my stacked 924(c) counts would carry 5 years each, not 25."


@pytest.fixture(params=[version for _, version, _ in engine.available_packs()])
def pack(request):
    return next(
        engine.load_rule_pack(as_of)
        for as_of, version, _ in engine.available_packs()
        if version == request.param
    )


def test_every_rule_cites_known_authorities_and_stays_in_the_taxonomy(pack):
    assert pack.rules
    for rule in pack.rules:
        assert rule.ground in engine.TAXONOMY[rule.disposition], rule.id
        assert rule.authorities and all(key in pack.authorities for key in rule.authorities), rule.id
        assert rule.explanation
    for policy in pack.circuits.values():
        assert all(key in pack.authorities for key in policy.authorities)


@pytest.mark.skipif(not LAW.exists(), reason="LAW.md is not available here")
def test_every_citation_is_copied_from_law_md(pack):
    # Markdown emphasis is not part of a cite (LAW.md § 6 writes the short forms as "*Ferguson*, 55 F.4th at ___").
    law = re.sub(r"\s+", " ", LAW.read_text(encoding="utf-8")).replace("*", "")
    for authority in pack.authorities.values():
        # LAW.md names some statutes and guidelines by section alone ("§ 3142(g)" beside "18 U.S.C. § 3553(a)"): the section
        # must then be there word for word.
        statute = re.fullmatch(r"(?:\d+ U\.S\.C\.|USSG) (§.+)", authority.cite)
        assert (
            authority.cite in law
            or (statute and statute.group(1) in law)
            or _pinpointed_from_law(authority.cite, law)
        ), authority.cite


def _pinpointed_from_law(cite: str, law: str) -> bool:
    """A full cite whose pinpoint LAW.md gives in a short form: "United States v. Muhammad, 16 F.4th 126, 130 (4th
    Cir. 2021)" when LAW.md has the full cite (another pinpoint) and "Muhammad, 16 F.4th at 130"."""
    parts = re.fullmatch(
        r"(?P<name>.+ v\. (?P<short>[^,]+)), (?P<volume>\d+ \S+) (?P<first>\d+), (?P<pin>\d+) (?P<court>\(.+\))",
        cite,
    )
    if parts is None:
        return False
    full = (
        re.escape(f"{parts['name']}, {parts['volume']} {parts['first']}, ")
        + r"\d+ "
        + re.escape(parts["court"])
    )
    return bool(re.search(full, law)) and f"{parts['short']}, {parts['volume']} at {parts['pin']}" in law


def test_a_pinpoint_is_taken_from_law_md_only_where_law_md_gives_it():
    law = "(United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)) … (Muhammad, 16 F.4th at 130; …)"
    assert _pinpointed_from_law("United States v. Muhammad, 16 F.4th 126, 130 (4th Cir. 2021)", law)
    assert not _pinpointed_from_law("United States v. Muhammad, 16 F.4th 126, 129 (4th Cir. 2021)", law)
    assert not _pinpointed_from_law("United States v. Muhammad, 16 F.4th 126, 130 (5th Cir. 2021)", law)


def test_verify_items_of_law_md_are_marked(pack):
    assert pack.authorities["fernandez_scotus"].verify is True
    assert pack.authorities["ferguson"].verify is False


def test_as_of_selects_the_pack_in_force():
    assert engine.load_rule_pack("2026-01-01").version == "2025.07.01"
    assert engine.load_rule_pack(dt.date(2026, 11, 27)).version == "2026.11.27"
    assert engine.load_rule_pack(dt.date(2026, 12, 5)).version == "2026.11.27"
    # 2026.12.06 adds the learned model beside the rules (issue #10), and 2026.12.06.2, in force the same day, lexicon
    # words; no rule of law changed. Of two packs in force from the same day the higher version is the newer.
    assert engine.load_rule_pack(dt.date(2026, 12, 6)).version == "2026.12.06.2"
    # 2026.12.07 adds lexicon words for what BOP decides (a transfer, RDAP), in force from the next day, and
    # 2026.12.07.2, the same day, framing words (harsh confinement for a reduction, home confinement as a condition),
    # and 2026.12.07.3, the same day, more (a civil remedy asked for mistreatment, "IAC", "wants CR"); 2026.12.07.4,
    # the same day, retrains the model on the held-out tune halves too (no rule changed); 2026.12.07.5, the same day,
    # reads care asked of the prison as a conditions matter; 2026.12.07.6, the same day, retrains the model on batch M;
    # 2026.12.07.7, the same day, reads abuse by an officer in plain words and sets heart idioms aside;
    # 2026.12.07.9, the same day, reads the sentencing court's concurrency decisions as sentencing errors (.8 was tried
    # and dropped, never committed).
    assert engine.current_rule_pack().version == engine.RULE_PACK_VERSION == "2026.12.07.9"
    assert engine.load_rule_pack(dt.date(2026, 12, 7)).version == "2026.12.07.9"
    assert engine.load_rule_pack_version("2026.12.07.7").version == "2026.12.07.7"
    assert engine.load_rule_pack_version("2026.12.07.6").version == "2026.12.07.6"
    assert engine.load_rule_pack_version("2026.12.07.5").version == "2026.12.07.5"
    assert engine.load_rule_pack_version("2026.12.07.4").version == "2026.12.07.4"
    assert engine.load_rule_pack_version("2026.12.07.3").version == "2026.12.07.3"
    assert engine.load_rule_pack_version("2026.12.07").version == "2026.12.07"
    assert engine.load_rule_pack_version("2026.12.06").version == "2026.12.06"


def test_a_newer_pack_keeps_the_changelog_of_the_packs_it_extends():
    current = engine.current_rule_pack()
    assert [entry.since for entry in current.changelog] == [
        "2025.07.01",
        "2025.07.01",
        "2026.11.27",
        "2026.12.06",
        "2026.12.06.2",
        "2026.12.07",
        "2026.12.07.2",
        "2026.12.07.4",
        "2026.12.07.6",
        "2026.12.07.7",
    ]
    assert current.changes_for("FC-CHANGE-IN-LAW")[0].summary.startswith("A disparity produced by")
    assert engine.load_rule_pack("2026-01-01").changelog == ()
    with pytest.raises(RulePackNotFound, match="no rule pack was in force"):
        engine.load_rule_pack("2020-01-01")
    with pytest.raises(ValueError):
        engine.load_rule_pack("27/11/2026")


def test_law_change_notices_leave_out_engine_only_changelog_entries():
    """The 2026.12.06 entry about the learned model names every rule; a notice explaining why an argument moved
    must show the change of law (Rutherford), not the engine's news beside it."""
    current = engine.current_rule_pack()
    assert [entry.kind for entry in current.changelog] == [
        "law",
        "law",
        "engine",
        "engine",
        "engine",
        "engine",
        "engine",
        "engine",
        "engine",
        "engine",
    ]
    assert [entry.since for entry in current.changes_for("FC-CHANGE-IN-LAW")] == ["2025.07.01"]
    assert current.changes_for("CR-MEDICAL", "OV-CONDITIONS") == ()


def test_a_changelog_entry_of_an_unknown_kind_is_refused():
    with pytest.raises(RulePackError, match="kind must be one of law, engine"):
        _changelog([{"summary": "x", "kind": "engin"}], {}, "pack")


def test_rutherford_changed_a_fourth_circuit_change_in_law_argument():
    before = engine.classify(CHANGE_IN_LAW, circuit="4th", as_of="2026-01-01")
    after = engine.classify(CHANGE_IN_LAW, circuit="4th", as_of="2026-11-27")
    assert (before.disposition, before.ground) == ("compassionate_release", "other")
    assert "United States v. McCoy, 981 F.3d 271 (4th Cir. 2020)" in before.authorities
    assert (after.disposition, after.ground) == ("foreclosed", "change_in_law")
    assert any(cite.startswith("Rutherford v. United States") for cite in after.authorities)


def test_possible_innocence_stays_a_collateral_attack_before_and_after_fernandez():
    before = engine.classify("I am innocent.", as_of="2026-01-01")
    after = engine.classify("I am innocent.")
    assert before.disposition == after.disposition == "collateral_attack"
    assert not any("Fernandez v. United States" in cite for cite in before.authorities)
    assert any("Fernandez v. United States" in cite for cite in after.authorities)


def test_a_pack_may_reword_one_sentence_of_model_text_and_inherit_the_rest():
    current, older = engine.current_rule_pack(), engine.load_rule_pack_version("2026.12.07")
    # 2026.12.07.5 adds the optional "ruled_out" sentence; older packs go without it
    assert current.model.text.keys() - {"ruled_out"} == older.model.text.keys()
    assert "ruled_out" in current.model.text and "ruled_out" not in older.model.text
    assert current.model.text["weak"] != older.model.text["weak"]
    assert {k: v for k, v in current.model.text.items() if k not in ("weak", "ruled_out")} == {
        k: v for k, v in older.model.text.items() if k != "weak"
    }
