"""The law text of a rule pack: sentences keyed by name, values and authorities filled in by key (#12)."""

import pytest

from analysis import engine
from analysis.engine.lawtext import Cite, LawTextError, build_law_text
from analysis.engine.rulepack import LAW_TEXT_PREFIX, RULES_DIR, RulePackError, normalise_circuit

CIRCUITS = [None, "1st", "2nd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "DC"]


def packs_with_law_text():
    packs = [engine.load_rule_pack_version(version) for _, version, _ in engine.available_packs()]
    return [pack for pack in packs if pack.law is not None]


@pytest.fixture(params=[pack.version for pack in packs_with_law_text()])
def pack(request):
    return engine.load_rule_pack_version(request.param)


def test_the_current_pack_has_law_text():
    assert engine.current_rule_pack().law is not None


def test_law_text_files_are_not_rule_packs():
    assert any(path.name.startswith(LAW_TEXT_PREFIX) for path in RULES_DIR.glob("*.toml"))
    assert not any(path.name.startswith(LAW_TEXT_PREFIX) for _, _, path in engine.available_packs())


def test_every_entry_renders_for_every_circuit_and_cites_only_the_pack_s_authorities(pack):
    assert pack.law.keys()
    for key in pack.law.keys():
        values = {name: f"<{name}>" for name in pack.law.placeholders(key)}
        for circuit in CIRCUITS:
            texts = (
                pack.text_list(key, circuit=circuit, **values)
                if pack.law.is_sentence_list(key)
                else (pack.text(key, circuit=circuit, **values),)
            )
            for text in texts:
                assert text.plain.strip(), key
                assert "{" not in text.plain and "}" not in text.plain, (key, text.plain)
                if circuit is None:  # the default sentence uses every value (a circuit's own may need fewer)
                    for name, value in values.items():
                        assert value in text.plain, (key, name)
                for part in text.parts:
                    if isinstance(part, Cite):
                        assert part.cite == pack.authorities[part.key].cite
                assert all(key in pack.authorities for key in text.authorities)


def test_a_circuit_slot_cites_no_other_circuit_s_case_law(pack):
    for circuit in CIRCUITS:
        for slot in pack.law.circuits.get("default", {}):
            keys = pack.circuit_authorities(slot, circuit)
            assert pack.binding(keys, circuit) == keys, (slot, circuit)


def test_a_sentence_is_parts_with_authorities_by_key():
    pack = engine.current_rule_pack()
    danger = pack.text("motion.danger")
    assert danger.authorities == ("statute_3142g", "ussg_1b1_13")
    assert Cite("ussg_1b1_13", "USSG § 1B1.13") in danger.parts
    assert danger.plain.endswith("as provided in 18 U.S.C. § 3142(g). USSG § 1B1.13(a).")
    assert str(danger) == danger.plain


def test_one_sentence_repeated_inside_another_exists_once():
    pack = engine.current_rule_pack()
    elements = pack.text("ground.medical.covid_elements").plain
    assert "or at imminent risk of being affected" in elements
    assert pack.text("ground.medical.standard").plain.endswith("or (D) " + elements)


def test_an_unknown_key_or_a_list_asked_as_one_sentence_is_a_clear_error():
    pack = engine.current_rule_pack()
    with pytest.raises(LawTextError, match="no law text 'motion.nonexistent'"):
        pack.text("motion.nonexistent")
    with pytest.raises(LawTextError, match="list of sentences"):
        pack.text("motion.relief_options")
    with pytest.raises(LawTextError, match="one sentence"):
        pack.text_list("motion.danger")


def _table(text: dict, **extra):
    cites = {"rutherford": "Rutherford v. United States, No. 24-820", "alam": "Alam (6th Cir.)"}
    return build_law_text({**extra, **text}, "test.toml", cites, normalise_circuit, {"lapse_days": 30})


def test_values_come_from_the_pack_s_constants_or_the_caller_and_a_missing_one_is_named():
    table = _table({"threshold": {"lapse": "after {lapse_days} days, by {date}"}})
    assert table.placeholders("threshold.lapse") == ("date",)
    assert table.render("threshold.lapse", None, {"date": "May 1"}).plain == "after 30 days, by May 1"
    with pytest.raises(LawTextError, match=r"'threshold.lapse' needs a value for \{date\}"):
        table.render("threshold.lapse", None, {})


def test_a_constant_may_not_contradict_the_pack():
    with pytest.raises(LawTextError, match="lapse_days"):
        _table({}, constants={"lapse_days": 31})


def test_an_unknown_authority_or_slot_fails_at_load():
    with pytest.raises(LawTextError, match="unknown authorities"):
        _table({"a": {"b": "see {cite:nowhere}"}})
    with pytest.raises(LawTextError, match="circuit slot"):
        _table({"a": {"b": "see {cite:@premature}"}})
    with pytest.raises(LawTextError, match="unknown authorities"):
        _table({}, circuits={"default": {"premature": ["nowhere"]}})


def test_a_circuit_slot_uses_the_circuit_s_keys_else_the_default():
    table = _table(
        {"rule": "Courts enforce it{pcite:@premature}.", "both": "{cite:rutherford,alam}"},
        circuits={"default": {"premature": []}, "6th": {"premature": ["alam"]}},
    )
    assert table.render("rule", "6th", {}).plain == "Courts enforce it (Alam (6th Cir.))."
    assert table.render("rule", "6th", {}).authorities == ("alam",)
    assert table.render("rule", "4th", {}).plain == "Courts enforce it."
    assert table.render("both", None, {}).plain == "Rutherford v. United States, No. 24-820; Alam (6th Cir.)"


def test_repeats_must_name_one_sentence_and_never_loop():
    with pytest.raises(LawTextError, match="not one sentence"):
        _table({"a": "{text:b}"})
    with pytest.raises(LawTextError, match="repeats itself"):
        _table({"a": "{text:b}", "b": "{text:a}"})


def test_literal_braces_and_a_stray_brace():
    assert _table({"a": "{{x}}"}).render("a", None, {}).plain == "{x}"
    with pytest.raises(LawTextError, match="unmatched brace"):
        _table({"a": "x }"})


def test_a_pack_naming_a_missing_law_text_file_is_refused(tmp_path):
    from analysis.engine.rulepack import _build

    source = (RULES_DIR / "2026.12.06.toml").read_text(encoding="utf-8")
    for name in ("2026.11.27.toml", "model-2026.12.06.json.gz"):
        (tmp_path / name).write_bytes((RULES_DIR / name).read_bytes())
    (tmp_path / "2026.12.06.toml").write_text(
        source.replace("law-text-2026.12.06.toml", "law-text-missing.toml"), encoding="utf-8"
    )
    with pytest.raises(RulePackError, match="does not exist"):
        _build(tmp_path / "2026.12.06.toml")
