"""The labelled corpus (analysis/corpus/*.jsonl): valid JSON, labels in the DESIGN.md taxonomy, ids unique.

Only items that carry a `disposition` are checked: frozen letters may use another schema. Run this file as a
script (`python tests/analysis/test_corpus.py`) to print the totals per file, label and voice.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[2] / "analysis" / "corpus"

# The taxonomy contract of DESIGN.md, written out here so the corpus is checked independently of the engine.
TAXONOMY = {
    "compassionate_release": {"medical", "age", "family", "custody_abuse", "rehabilitation", "other"},
    "collateral_attack": {
        "ineffective_assistance",
        "trial_error",
        "indictment_defect",
        "sentencing_error",
        "innocence",
        "unconstitutional_statute",
        "misconduct",
        "plea_invalid",
        "other",
    },
    "foreclosed": {"rehabilitation_alone", "change_in_law"},
    "other_vehicle": {
        "guideline_amendment",
        "sentence_computation",
        "conditions",
        "home_confinement",
        "other",
    },
}
VOICES = {"pro_se", "staff_note", "counsel"}
CIRCUITS = (
    {f"{n}{s}" for n, s in [(1, "st"), (2, "nd"), (3, "rd")]} | {f"{n}th" for n in range(4, 12)} | {"DC"}
)
REQUIRED = ("id", "text", "disposition", "ground", "voice", "batch", "method")


def _files() -> list[Path]:
    return sorted(CORPUS_DIR.rglob("*.jsonl"))


def load_items() -> list[tuple[str, int, dict]]:
    """Every labelled item as (file, line number, item); raises on a line that is not a JSON object."""
    items = []
    for path in _files():
        name = str(path.relative_to(CORPUS_DIR))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AssertionError(f"{name}:{number}: not JSON ({exc})") from exc
            if not isinstance(item, dict):
                raise AssertionError(f"{name}:{number}: not a JSON object")
            if "disposition" in item:
                items.append((name, number, item))
    return items


def item_errors(item: dict) -> list[str]:
    """What is wrong with one labelled item (empty when it is valid)."""
    errors = [f"missing {field}" for field in REQUIRED if not item.get(field)]
    grounds = TAXONOMY.get(item.get("disposition"))
    if grounds is None:
        errors.append(f"unknown disposition {item.get('disposition')!r}")
    elif item.get("ground") not in grounds:
        errors.append(f"ground {item.get('ground')!r} is not a {item['disposition']} ground")
    else:
        errors += [
            f"ground_alt {alt!r} not a ground" for alt in item.get("ground_alt", []) if alt not in grounds
        ]
    if item.get("voice") and item["voice"] not in VOICES:
        errors.append(f"unknown voice {item['voice']!r}")
    if "circuit" in item and item["circuit"] not in CIRCUITS:
        errors.append(f"unknown circuit {item['circuit']!r}")
    if not isinstance(item.get("text"), str) or not re.search(r"\w", item.get("text") or ""):
        errors.append("text is empty")
    return errors


def totals(items) -> dict[str, Counter]:
    return {
        "file": Counter(name for name, _, _ in items),
        "label": Counter(f"{i['disposition']}/{i['ground']}" for _, _, i in items),
        "voice": Counter(i.get("voice") for _, _, i in items),
    }


@pytest.fixture(scope="module")
def items():
    found = load_items()
    if not found:
        pytest.skip("no labelled corpus files yet")
    return found


def test_every_item_has_the_required_fields_and_a_taxonomy_label(items):
    problems = [
        f"{name}:{number} ({item.get('id')}): {e}" for name, number, item in items for e in item_errors(item)
    ]
    assert not problems, "\n".join(problems[:50])


def test_ids_are_unique_across_files(items):
    seen: dict[str, str] = {}
    clashes = []
    for name, number, item in items:
        where = f"{name}:{number}"
        if item["id"] in seen:
            clashes.append(f"{item['id']} at {seen[item['id']]} and {where}")
        seen.setdefault(item["id"], where)
    assert not clashes, "\n".join(clashes)


def test_a_batch_is_written_one_way(items):
    """Grouped cross-validation relies on a batch having one method (and so never being split by writer)."""
    methods: dict[str, set] = {}
    for _, _, item in items:
        methods.setdefault(item["batch"], set()).add(item["method"])
    mixed = {batch: sorted(found) for batch, found in methods.items() if len(found) > 1}
    assert not mixed, mixed


def test_item_checker_rejects_bad_labels():
    good = {
        "id": "x-1",
        "text": "my time credits were not applied",
        "disposition": "other_vehicle",
        "ground": "sentence_computation",
        "voice": "pro_se",
        "batch": "b",
        "method": "m",
    }
    assert item_errors(good) == []
    assert item_errors({**good, "ground": "medical"})  # a ground of another disposition
    assert item_errors({**good, "disposition": "release"})
    assert item_errors({**good, "voice": "letter"})
    assert item_errors({**good, "ground_alt": ["family"]})
    assert item_errors({key: value for key, value in good.items() if key != "method"})


def test_totals_are_reported(items, capsys):
    report = totals(items)
    with capsys.disabled():
        print(
            f"\ncorpus: {len(items)} labelled items; "
            + ", ".join(f"{k} {v}" for k, v in report["file"].items())
        )
    assert sum(report["file"].values()) == len(items)


if __name__ == "__main__":
    found = load_items()
    print(f"{len(found)} labelled items")
    for heading, counter in totals(found).items():
        print(f"\nby {heading}:")
        for key, count in sorted(counter.items()):
            print(f"  {count:5d}  {key}")
