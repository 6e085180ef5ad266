"""The command line (DESIGN.md contract), run as a separate process."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_classify_round_trip():
    lines = [
        {"id": "a", "text": "My lawyer never told me about the plea offer.", "circuit": "4th"},
        {"id": "b", "text": "I have end-stage renal disease."},
    ]
    result = run("classify", stdin="".join(json.dumps(line) + "\n" for line in lines))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["id"] for item in out] == ["a", "b"]
    assert out[0]["ground"] == "ineffective_assistance" and out[1]["ground"] == "medical"
    for item in out:
        assert {
            "disposition",
            "ground",
            "confidence",
            "needs_review",
            "evidence",
            "rationale",
            "authorities",
        } <= set(item)


def test_classify_bad_line_reports_its_number_and_prints_nothing():
    good = json.dumps({"id": "a", "text": "I have cancer."})
    for bad, message in (("", "empty line"), ("{not json", "invalid JSON"), ('{"id": "x"}', 'missing "text"'),
                         ('{"id": "x", "text": 5}', "must be a string")):  # fmt: skip
        result = run("classify", stdin=f"{good}\n{bad}\n{good}\n")
        assert result.returncode != 0
        assert "line 2" in result.stderr and message in result.stderr
        assert result.stdout == ""


def test_threshold_prints_fergusons_result():
    result = run("threshold", "--submitted", "2020-05-15", "--response", "2020-05-26", "--filed", "2020-06-08",
                 "--circuit", "4th")  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["satisfied"] is False and data["earliest_filing_date"] == "2020-06-14"


def test_threshold_rejects_a_bad_date():
    result = run("threshold", "--submitted", "2020-02-30")
    assert result.returncode != 0 and "submitted" in result.stderr


def test_split_prints_a_json_array():
    result = run(
        "split", stdin="Dear Judge,\n\nI have cancer.\n\nAlso, my lawyer never filed my appeal.\n\nThank you."
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["I have cancer.", "Also, my lawyer never filed my appeal."]


def test_evaluate_reports_figures(tmp_path):
    data = tmp_path / "labelled.jsonl"
    data.write_text(
        json.dumps(
            {
                "id": "1",
                "text": "I have lung cancer.",
                "disposition": "compassionate_release",
                "ground": "medical",
            }
        )
        + "\n"
        + json.dumps(
            {
                "id": "2",
                "text": "I am innocent.",
                "disposition": "collateral_attack",
                "ground": "trial_error",
                "ground_alt": ["innocence"],
            }
        )  # fmt: skip
        + "\n",
        encoding="utf-8",
    )
    result = run("evaluate", str(data), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["accuracy"] == 1.0 and report["ground_accuracy"] == 1.0 and report["macro_f1"] == 1.0
    # two right answers prove little: the interval of accuracy reaches far below 1
    assert report["intervals"]["accuracy"][0] < 0.5 and report["intervals"]["accuracy"][1] == 1.0
    text = run("evaluate", str(data)).stdout
    assert "macro-F1" in text and "confusion" in text
    assert "disposition accuracy:      1.000   (95 % interval 0.342–1.000)" in text


def test_evaluate_half_measures_only_that_half_and_refuses_a_half_nobody_has(tmp_path):
    items = [
        {
            "id": "1",
            "text": "I have lung cancer.",
            "disposition": "compassionate_release",
            "ground": "medical",
        },
        {"id": "2", "text": "I have lung cancer.", "disposition": "collateral_attack", "ground": "other"},
    ]
    items[0]["half"], items[1]["half"] = "held_aside", "tune"  # the second is labelled wrong on purpose
    data = tmp_path / "halves.jsonl"
    data.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    held = json.loads(run("evaluate", str(data), "--half", "held_aside", "--json").stdout)
    assert (held["items"], held["accuracy"]) == (1, 1.0)
    tune = json.loads(run("evaluate", str(data), "--half", "tune", "--json").stdout)
    assert (tune["items"], tune["accuracy"]) == (1, 0.0)
    refused = run("evaluate", str(data), "--half", "other", "--json")
    assert refused.returncode == 2 and 'no item has "half": "other"' in refused.stderr and not refused.stdout


def test_evaluate_of_every_set_counts_but_never_prints_the_wrong_answers_of_a_set_that_measures(
    tmp_path, monkeypatch, capsys
):
    # The frozen batch, the held-aside halves and the final batches measure only while nobody reads them: the
    # all-sets report prints their totals, and the wrong answers (with their text) only of sets that may be read.
    import argparse

    from analysis import __main__ as cli

    def item(id_, text, half=None):  # every item is labelled wrong on purpose, so each is a wrong answer
        labelled = {
            "id": id_,
            "text": text,
            "disposition": "collateral_attack",
            "ground": "other",
            "batch": "x",
        }
        return {**labelled, "half": half} if half else labelled

    frozen, heldout = tmp_path / "frozen", tmp_path / "heldout"
    frozen.mkdir(), heldout.mkdir()
    (frozen / "frozen.jsonl").write_text(json.dumps(item("f1", "SEALED frozen: I have lung cancer.")) + "\n")
    batch = [
        item("h1", "SEALED held aside: I have lung cancer.", "held_aside"),
        item("h2", "SEALED final: I have lung cancer.", "final"),
        item("h3", "READABLE tune: I have lung cancer.", "tune"),
    ]
    (heldout / "items.jsonl").write_text("".join(json.dumps(line) + "\n" for line in batch))
    monkeypatch.setattr(cli, "FROZEN_DIR", frozen)
    monkeypatch.setattr(cli, "HELDOUT_DIR", heldout)
    monkeypatch.setattr(cli, "DEV_SET", tmp_path / "no-dev.jsonl")
    monkeypatch.setattr(cli, "training_set", lambda: ([batch[2]], ["items.jsonl (tune half)"]))
    args = argparse.Namespace(as_of=None, rules_only=True, files=[], cv=False, json=False, half=None)
    assert cli.cmd_evaluate(args) == 0
    out = capsys.readouterr().out
    assert "READABLE tune" in out
    assert "SEALED" not in out
    assert out.count("wrong (1): not shown, this set measures and is never read") == 3


def test_evaluate_never_prints_the_wrong_answers_of_a_set_that_measures_in_json_or_when_named(
    tmp_path, monkeypatch, capsys
):
    # `evaluate --json` printed every set's wrong answers, text included, the frozen batch's too; and naming a
    # measuring file (`evaluate analysis/corpus/frozen/frozen.jsonl`) printed them in the report.
    import argparse

    from analysis import __main__ as cli

    frozen = tmp_path / "frozen"
    frozen.mkdir()
    sealed_text = "SEALED frozen: I have lung cancer."  # labelled wrong on purpose: a wrong answer
    wrong = {
        "id": "f1",
        "text": sealed_text,
        "disposition": "collateral_attack",
        "ground": "other",
        "batch": "x",
    }
    (frozen / "frozen.jsonl").write_text(json.dumps(wrong) + "\n")
    monkeypatch.setattr(cli, "FROZEN_DIR", frozen)
    monkeypatch.setattr(cli, "HELDOUT_DIR", tmp_path / "none")
    monkeypatch.setattr(cli, "PROBES_DIR", tmp_path / "none")
    monkeypatch.setattr(cli, "MEASURING_DIRS", (frozen,))
    monkeypatch.setattr(cli, "DEV_SET", tmp_path / "no-dev.jsonl")
    monkeypatch.setattr(cli, "training_set", lambda: ([], []))

    every = argparse.Namespace(as_of=None, rules_only=True, files=[], cv=False, json=True, half=None)
    assert cli.cmd_evaluate(every) == 0
    out = capsys.readouterr().out
    (report,) = json.loads(out).values()
    assert report["sealed"] is True and "wrong" not in report and report["calibration"]["wrong"] == 1
    assert "SEALED" not in out

    named = [str(frozen / "frozen.jsonl")]
    for as_json in (True, False):
        args = argparse.Namespace(as_of=None, rules_only=True, files=named, cv=False, json=as_json, half=None)
        assert cli.cmd_evaluate(args) == 0
        out = capsys.readouterr().out
        assert "SEALED" not in out and ("sealed" in out if as_json else "not shown" in out)

    # a file outside the measuring folders is read: its wrong answers are printed, to be fixed
    monkeypatch.setattr(cli, "MEASURING_DIRS", (tmp_path / "elsewhere",))
    args = argparse.Namespace(as_of=None, rules_only=True, files=named, cv=False, json=True, half=None)
    assert cli.cmd_evaluate(args) == 0
    assert json.loads(capsys.readouterr().out)["wrong"][0]["text"] == sealed_text
