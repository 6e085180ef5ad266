"""Honest measurement (issue #10): the figures `python -m analysis evaluate` reports, on tiny fixtures whose
answers are worked out by hand, grouped cross-validation folds, and `train` from the command line."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_engine_model import fixture_items
from test_engine_sentences import fixture_letters

from analysis.__main__ import metrics, wilson
from analysis.engine.model import SentenceModel, read_artifact
from analysis.engine.training import grouped_folds

ROOT = Path(__file__).resolve().parents[3]
CR, CA, FC, OV = "compassionate_release", "collateral_attack", "foreclosed", "other_vehicle"


def result(disposition, ground, confidence=0.5, needs_review=False):
    return SimpleNamespace(
        disposition=disposition,
        ground=ground,
        confidence=confidence,
        needs_review=needs_review,
        rule_id="R",
        decided_by="both",
    )


def item(disposition, ground, alt=()):
    return {"text": "t", "disposition": disposition, "ground": ground, "ground_alt": list(alt)}


def test_metrics_on_a_hand_worked_example():
    items = [
        item(CR, "medical"),
        item(CR, "family"),
        item(CA, "innocence", alt=["trial_error"]),
        item(CA, "misconduct"),
        item(FC, "change_in_law"),
        item(OV, "conditions"),
    ]
    results = [
        result(CR, "medical", 0.95),  # right
        result(CR, "medical", 0.92),  # disposition right, ground wrong, confident, not flagged
        result(CA, "trial_error", 0.97),  # right through ground_alt
        result(CR, "medical", 0.40, needs_review=True),  # a lost § 2255 claim, flagged
        result(FC, "change_in_law", 0.60),  # right
        result(CA, "other", 0.55, needs_review=True),  # wrong, flagged
    ]
    report = metrics(items, results)
    assert report["accuracy"] == pytest.approx(4 / 6)
    assert report["ground_accuracy"] == pytest.approx(3 / 6)
    assert report["collateral_attack_recall"] == pytest.approx(1 / 2)
    per_class = report["per_class"]
    assert per_class[CR]["precision"] == pytest.approx(2 / 3) and per_class[CR]["recall"] == 1.0
    assert per_class[CA]["precision"] == pytest.approx(1 / 2) and per_class[CA]["recall"] == pytest.approx(
        1 / 2
    )
    assert per_class[OV]["precision"] == 0.0 and per_class[OV]["recall"] == 0.0
    f1 = [2 * (2 / 3) / (2 / 3 + 1), 0.5, 1.0, 0.0]
    assert report["macro_f1"] == pytest.approx(sum(f1) / 4)
    calibration = report["calibration"]
    assert (calibration["confident"], calibration["confident_wrong"]) == (3, 1)
    assert (calibration["wrong"], calibration["wrong_flagged"]) == (3, 2)
    assert calibration["wrong_flagged_share"] == pytest.approx(2 / 3)
    # 2 of 3 is no proof of the 80 %: the Wilson interval, worked by hand, runs from 0.21 to 0.94
    assert calibration["wrong_flagged_interval"] == pytest.approx([0.2077, 0.9385], abs=1e-3)
    assert calibration["flagged_share"] == pytest.approx(2 / 6)
    assert [w["got"] for w in report["wrong"]] == [f"{CR}/medical", f"{CR}/medical", f"{CA}/other"]


def test_a_class_nobody_predicted_or_expected_does_not_count_in_macro_f1():
    report = metrics(
        [item(CR, "medical"), item(CA, "innocence")], [result(CR, "medical"), result(CA, "innocence")]
    )
    assert report["macro_f1"] == 1.0 and report["calibration"]["wrong_flagged_share"] == 1.0


def test_grouped_folds_never_put_a_batch_on_both_sides():
    items = [{"batch": f"b{i % 7}"} for i in range(70)] + [{"batch": "big"} for _ in range(30)]
    folds = grouped_folds(items, 5)
    assert len(folds) == 5
    tested = sorted(i for _, test in folds for i in test)
    assert tested == list(range(100))  # every item is tested exactly once
    for train, test in folds:
        assert not {items[i]["batch"] for i in train} & {items[i]["batch"] for i in test}
    assert grouped_folds(items, 5) == folds  # deterministic
    with pytest.raises(ValueError):
        grouped_folds([{"batch": "only"}] * 4, 5)


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_train_and_cross_validate_from_the_command_line(tmp_path):
    pytest.importorskip("sklearn")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fixture.jsonl").write_text("".join(json.dumps(i) + "\n" for i in fixture_items()))
    (corpus / "frozen").mkdir()
    (corpus / "frozen" / "never.jsonl").write_text("this is not read by train\n")
    out = tmp_path / "model.json.gz"
    trained = run("train", "--corpus", str(corpus), "--out", str(out))
    assert trained.returncode == 0, trained.stderr
    assert "trained on 16 items (fixture.jsonl" in trained.stdout and out.stat().st_size > 0
    assert "the sentence model was not retrained" in trained.stdout  # the corpus has no letters

    # with letters whose claims are marked, the splitter's sentence model is trained from them too
    letters = [{key: value for key, value in letter.items() if key != "file"} for letter in fixture_letters()]
    (corpus / "letters_fixture.jsonl").write_text("".join(json.dumps(letter) + "\n" for letter in letters))
    sentences = tmp_path / "sentences.json.gz"
    trained = run("train", "--corpus", str(corpus), "--out", str(out), "--sentences-out", str(sentences))
    assert trained.returncode == 0, trained.stderr
    assert "sentence model on 42 sentences of 6 letters (12 inside claims)" in trained.stdout
    assert SentenceModel(read_artifact(sentences)).meta["training"]["sources"] == ["letters_fixture.jsonl"]

    cv = run("evaluate", "--cv", "--json", str(corpus / "fixture.jsonl"))
    assert cv.returncode == 0, cv.stderr
    report = next(iter(json.loads(cv.stdout).values()))
    assert report["items"] == 16 and report["folds"] == 2
    assert {
        "accuracy",
        "macro_f1",
        "collateral_attack_recall",
        "ground_accuracy",
        "calibration",
    } <= report.keys()


def test_wilson_interval_matches_published_values():
    # worked by hand at 95 %: 0/10 -> upper z²/(n + z²); 5/10 -> 0.5 ± 0.2634
    assert wilson(0, 10) == pytest.approx([0.0, 0.2775], abs=1e-4)
    assert wilson(5, 10) == pytest.approx([0.2366, 0.7634], abs=1e-4)
    # all right still leaves room below: 31 of 31 collateral attacks found is not a proven recall of 1
    low, high = wilson(31, 31)
    assert high == 1.0 and 0.85 < low < 0.92
    assert wilson(0, 0) == [0.0, 0.0]


def test_every_headline_figure_comes_with_an_interval_that_holds_it_and_narrows_with_more_items():
    items = [
        item(CR, "medical"),
        item(CA, "misconduct"),
        item(FC, "change_in_law"),
        item(OV, "conditions"),
    ] * 5
    results = [
        result(CR, "medical"),
        result(CR, "medical"),
        result(FC, "change_in_law"),
        result(OV, "other"),
    ] * 5
    small = metrics(items, results)
    large = metrics(items * 10, results * 10)
    for name in ("accuracy", "macro_f1", "collateral_attack_recall", "ground_accuracy"):
        low, high = small["intervals"][name]
        assert low <= small[name] <= high, name
        assert low < high, name  # every figure here is uncertain on 20 items
        large_low, large_high = large["intervals"][name]
        assert large_high - large_low < high - low, name
    # seeded: the same items and readings print the same interval
    assert metrics(items, results)["intervals"] == small["intervals"]


def test_the_macro_f1_interval_is_a_point_when_every_answer_is_right():
    items = [item(CR, "medical"), item(CA, "innocence")] * 10
    report = metrics(items, [result(CR, "medical"), result(CA, "innocence")] * 10)
    assert report["intervals"]["macro_f1"] == [1.0, 1.0]
    assert report["intervals"]["accuracy"][0] < 1.0  # while the Wilson interval of accuracy is not
