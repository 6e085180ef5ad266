"""The letters evaluator: metrics on tiny fixtures, the letter builder, and the command line."""

import json
import random

import pytest

from analysis.engine import letters
from tests.analysis.engine.test_engine_cli import run

MEDICAL = "I have stage 4 lung cancer and the chemo is not working."
IAC = "My lawyer never told me about the plea offer of 10 years."
FAMILY = "My mother is dying and I am the only one who can care for her."


def _letter(text, *claims):
    return {
        "id": "t",
        "text": text,
        "claims": [{"text": t, "disposition": d, "ground": g} for t, d, g in claims],
    }


def test_a_letter_split_right_counts_everywhere():
    report = letters.evaluate_letters(
        [
            _letter(
                f"Dear Judge,\n\n{MEDICAL}\n\nAlso, {IAC}",
                (MEDICAL, "compassionate_release", "medical"),
                (IAC, "collateral_attack", "ineffective_assistance"),
            )
        ]
    )
    assert (report["right_count"], report["recovered"], report["letters_recovered"], report["all_right"]) == (
        1,
        2,
        1,
        1,
    )
    assert report["wrong"] == []


def test_a_claim_covered_by_less_than_half_is_not_recovered_and_matching_is_one_to_one():
    # Both claims are labelled, but the letter gives the splitter a single argument: one claim at most is recovered.
    text = f"{MEDICAL} {FAMILY}"
    one = _letter(
        text,
        (MEDICAL, "compassionate_release", "medical"),
        (FAMILY, "compassionate_release", "family"),
    )
    result = letters.evaluate_letter(one)
    assert result["arguments"] == 1
    assert result["recovered"] == 1  # the one argument covers both claims, but counts once
    assert not result["right_count"] and not result["all_right"]
    # A labelled claim that is three times longer than any argument is not recovered.
    long_claim = _letter(
        f"{MEDICAL} Dear Judge. Thank you. Sincerely.", (text * 3, "compassionate_release", "medical")
    )
    assert letters.evaluate_letter(long_claim)["recovered"] == 0


def test_a_wrong_disposition_spoils_all_right_but_not_recovery():
    report = letters.evaluate_letters([_letter(MEDICAL, (MEDICAL, "collateral_attack", "other"))])
    assert (report["recovered"], report["all_right"]) == (1, 0)


def test_together_reads_rehabilitation_beside_a_release_ground_as_triage_does():
    rehabilitation = "I finished my GED and 30 programs and I have had no write-ups in ten years."
    letter = _letter(
        f"{MEDICAL}\n\nAlso, {rehabilitation}",
        (MEDICAL, "compassionate_release", "medical"),
        (rehabilitation, "compassionate_release", "rehabilitation"),  # labelled as one motion
    )
    alone = letters.evaluate_letter(letter)
    assert (alone["recovered"], alone["dispositions_right"]) == (2, 1)  # read alone: rehabilitation alone
    assert letters.evaluate_letter(letter, together=True)["dispositions_right"] == 2


def test_a_claim_retyped_in_the_labels_is_matched_by_shared_characters():
    retyped = MEDICAL.replace("chemo", "chemotherapy")
    assert (
        letters.evaluate_letter(_letter(MEDICAL, (retyped, "compassionate_release", "medical")))["recovered"]
        == 1
    )


ITEMS = [
    {"id": "m", "text": MEDICAL, "disposition": "compassionate_release", "ground": "medical"},
    {"id": "i", "text": IAC, "disposition": "collateral_attack", "ground": "ineffective_assistance"},
    {"id": "f", "text": FAMILY, "disposition": "compassionate_release", "ground": "family"},
    {
        "id": "r",
        "text": "I finished every program.",
        "disposition": "foreclosed",
        "ground": "rehabilitation_alone",
    },
    {
        "id": "r2",
        "text": "I also finished RDAP.",
        "disposition": "compassionate_release",
        "ground": "rehabilitation",
    },
]


def test_built_letters_are_deterministic_and_claims_sit_where_they_say():
    first = letters.build_letters(ITEMS, per_letter=3, seed=5, letters=12)
    assert first == letters.build_letters(ITEMS, per_letter=3, seed=5, letters=12)
    assert first != letters.build_letters(ITEMS, per_letter=3, seed=6, letters=12)
    assert {letter["style"] for letter in first} == set(letters.STYLES)
    for letter in first:
        assert len(letter["claims"]) == 3
        for claim in letter["claims"]:
            assert letter["text"][claim["start"] : claim["start"] + len(claim["text"])] == claim["text"]
        grounds = [claim["ground"].removesuffix("_alone") for claim in letter["claims"]]
        assert len(set(grounds)) == 3  # rehabilitation alone and beside another ground are one topic


@pytest.mark.parametrize("style", letters.STYLES)
def test_each_style_joins_with_its_connective(style):
    letter = letters.build_letter(ITEMS[:2], style, random.Random(0))
    body = letter["text"]
    expected = {
        "also": ". Also, m",
        "another_thing": ". And another thing, m",
        "line": "working.\nMy",
        "paragraph": "working.\n\nMy",
        "on_top": ". On top of that, m",
        "numbered": "\n2. My",
    }[style]
    assert expected in body


def test_cli_evaluates_a_letters_file_and_built_letters(tmp_path):
    data = tmp_path / "letters.jsonl"
    one = _letter(
        f"{MEDICAL}\n\n{IAC}",
        (MEDICAL, "compassionate_release", "medical"),
        (IAC, "collateral_attack", "ineffective_assistance"),
    )
    data.write_text(json.dumps(one) + "\n")
    report = json.loads(run("evaluate-letters", str(data), "--json").stdout)
    assert (report["letters"], report["recovered"], report["all_right"]) == (1, 2, 1)
    printed = run("evaluate-letters", str(data)).stdout
    # one letter proves little: its share comes with the Wilson interval of 1 of 1
    assert "claims recovered" in printed and "1/1 (1.000; 95 % 0.207–1.000)" in printed
    halves = tmp_path / "halves.jsonl"
    halves.write_text(
        json.dumps({**one, "half": "tune"}) + "\n" + json.dumps({**one, "half": "held_aside"}) + "\n"
    )
    assert json.loads(run("evaluate-letters", str(halves), "--half", "tune", "--json").stdout)["letters"] == 1
    assert run("evaluate-letters", str(halves), "--half", "other").returncode == 2

    items = tmp_path / "items.jsonl"
    items.write_text("".join(json.dumps(item) + "\n" for item in ITEMS))
    built = run("evaluate-letters", "--build-from", str(items), "--per-letter", "2", "--seed", "3", "--json")
    again = run("evaluate-letters", "--build-from", str(items), "--per-letter", "2", "--seed", "3", "--json")
    assert built.stdout == again.stdout
    assert json.loads(built.stdout)["letters"] == 2  # five items, two a letter


def test_cli_rejects_a_bad_letters_file(tmp_path):
    data = tmp_path / "letters.jsonl"
    data.write_text(
        json.dumps({"text": "x", "claims": [{"text": "x", "disposition": "cr", "ground": "y"}]}) + "\n"
    )
    result = run("evaluate-letters", str(data))
    assert result.returncode == 2 and "line 1" in result.stderr and result.stdout == ""


def test_letters_that_measure_are_counted_and_their_proposals_never_printed(tmp_path, monkeypatch, capsys):
    # evaluate-letters --json printed what the splitter proposed for every wrong letter, text included, even for the
    # frozen letters, which `evaluate` seals: one look at a figure showed a measuring letter.
    from analysis import __main__ as cli

    sealed = tmp_path / "frozen"
    sealed.mkdir()
    data = sealed / "letters.jsonl"
    # labelled with a third claim the text does not make, so the letter is split "wrongly"
    wrong = _letter(
        f"{MEDICAL}\n\n{IAC}",
        (MEDICAL, "compassionate_release", "medical"),
        (IAC, "collateral_attack", "ineffective_assistance"),
        (FAMILY, "compassionate_release", "family"),
    )
    data.write_text(json.dumps(wrong) + "\n")
    monkeypatch.setattr(cli, "MEASURING_DIRS", (sealed,))
    assert cli.main(["evaluate-letters", str(data), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["letters"] == 1 and len(report["wrong"]) == 1
    assert "proposed" not in report["wrong"][0] and IAC not in json.dumps(report)
    assert cli.main(["evaluate-letters", str(data)]) == 0
    out = capsys.readouterr().out
    assert "not shown, this set measures" in out and IAC[:40] not in out
    # the same letter in a read "tune" half, or outside a measuring folder, is shown, to be read and fixed
    data.write_text(json.dumps({**wrong, "half": "tune"}) + "\n")
    assert cli.main(["evaluate-letters", str(data), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["wrong"][0]["proposed"]
    data.write_text(json.dumps(wrong) + "\n")
    monkeypatch.setattr(cli, "MEASURING_DIRS", (tmp_path / "elsewhere",))
    assert cli.main(["evaluate-letters", str(data), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["wrong"][0]["proposed"]
