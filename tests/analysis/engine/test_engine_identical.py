"""The engine's fast paths give exactly the answers they gave before they were made fast (issue #10, speed).

`fixtures/engine_outputs.json` holds a hash of every field of `Assessment.to_dict()` for each item of the
corpora and the dev set (classified by the whole pipeline and by the rules alone, under every pack), and for
long texts made by joining consecutive corpus items. It was frozen before the speed work; any change in an
answer, a confidence, an evidence span or a review reason changes a hash.

The hashes depend on the rule packs and the model artifact: when those change (a new pack, a retrained model)
the comparison is skipped with a reason, and the fixture is frozen again from the new pack *before* changing
the engine's code: `python tests/analysis/engine/test_engine_identical.py --freeze`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from analysis.engine import classifier, rulepack  # noqa: E402
from analysis.engine.text import normalise  # noqa: E402

FIXTURE = Path(__file__).with_name("fixtures") / "engine_outputs.json"
SOURCES = [
    ROOT / "analysis/corpus/corpus_a.jsonl",
    ROOT / "analysis/corpus/corpus_b.jsonl",
    ROOT / "analysis/corpus/letters_dev.jsonl",
    Path("/work/shared/data/dev.jsonl"),
]
_LONG = 2000


def _items() -> list[tuple[str, str, str | None]]:
    """(key, text, circuit) for every item of the sources found, then long texts joined from them."""
    items = []
    for source in SOURCES:
        if not source.exists():
            continue
        for line in source.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                items.append((f"{source.stem}:{item['id']}", item["text"], item.get("circuit")))
    joined = []
    for i in range(0, len(items) - 8, 3):
        text = " ".join(text for _, text, _ in items[i : i + 8])[:_LONG]
        joined.append((f"joined:{items[i][0]}", text, items[i][2]))
    return items + joined


def _inputs_digest() -> str:
    """The rule packs and model artifacts the answers depend on."""
    digest = hashlib.sha256()
    for path in sorted(rulepack.available_packs(), key=lambda item: item[2]):
        digest.update(path[2].read_bytes())
    for path in sorted((ROOT / "analysis/rules").glob("model-*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def outputs() -> dict[str, str]:
    """One hash per item over its answers: the whole pipeline, then the rules alone under every pack."""
    packs = [rulepack.load_rule_pack_version(version) for _, version, _ in rulepack.available_packs()]
    current = rulepack.current_rule_pack()
    found = {}
    for key, text, circuit in _items():
        answers = [classifier.assess(text, current, circuit)]
        answers.extend(classifier.assess(text, pack, circuit, None) for pack in packs)
        data = json.dumps([answer.to_dict() for answer in answers], sort_keys=True, ensure_ascii=False)
        found[key] = hashlib.sha256(data.encode()).hexdigest()[:16]
    return found


def test_every_answer_is_what_it_was_before_the_speed_work():
    frozen = json.loads(FIXTURE.read_text())
    if frozen["inputs"] != _inputs_digest():
        pytest.skip("the rule packs or the model changed since the fixture was frozen; freeze it again")
    found = outputs()
    expected = {key: value for key, value in frozen["outputs"].items() if key in found}
    assert len(expected) > 1000  # the corpora are in the repository; the dev set may be absent
    changed = sorted(key for key, value in expected.items() if found[key] != value)
    assert not changed, f"{len(changed)} answers changed, first: {changed[:5]}"


def _every_match(normalised: str, pack) -> dict[str, list[tuple[int, int]]]:
    """Each pattern's matches found the slow way: searched through the whole text with no trigger, whole-word or
    tail gate to skip anything, kept where a token starts (for patterns without triggers: not inside a word)."""
    hits: dict[str, list[tuple[int, int]]] = {}
    for lexicon, pattern in pack.pattern_index:
        position = 0
        while (found := pattern.regex.search(normalised, position)) is not None:
            start, end = found.span()
            inside = start and (
                normalised[start - 1] in "abcdefghijklmnopqrstuvwxyz0123456789"
                if pattern.triggers is not None
                else normalised[start].isalnum() and normalised[start - 1].isalnum()
            )
            if inside or end == start:
                position = start + 1
                continue
            hits.setdefault(lexicon, []).append((start, end))
            position = end
    return hits


def test_the_trigger_gates_never_hide_a_match():
    # The gates (a token must begin with a pattern's first word, or be it exactly when the regex follows it with a
    # space or a stop; a later word must occur somewhere) are read off the regexes; a gate read wrongly would skip
    # a match silently. A sample of the corpora, under every pack.
    items = _items()[::10]
    for _, version, _ in rulepack.available_packs():
        pack = rulepack.load_rule_pack_version(version)
        for key, text, _ in items:
            normalised = normalise(text)
            fast = {name: sorted(spans) for name, spans in classifier._find_hits(normalised, pack).items()}
            slow = {name: sorted(spans) for name, spans in _every_match(normalised, pack).items()}
            assert fast == slow, (version, key)


def test_a_lexicon_masked_away_entirely_masks_nothing_whatever_the_word_order():
    # hc_as_condition masks home_confinement_cues, which masks rehabilitation: when the first hides every hit of
    # the second and rehabilitation also matched, the masks once raised KeyError (the words came in this order).
    pack = rulepack.load_rule_pack_version("2026.11.27")
    text = "I completed 30 programs. After supervised release I will be on home confinement as a condition."
    analysis = classifier.analyse(text, pack)
    assert "home_confinement_cues" not in analysis.hits
    assert "rehabilitation" in analysis.hits
    assert classifier.assess(text, pack, None, None).disposition


if __name__ == "__main__" and sys.argv[1:] == ["--freeze"]:
    FIXTURE.write_text(
        json.dumps({"inputs": _inputs_digest(), "outputs": outputs()}, indent=0, sort_keys=True)
    )
    print(f"froze {len(json.loads(FIXTURE.read_text())['outputs'])} answers in {FIXTURE}")
