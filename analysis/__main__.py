"""Command line for the analysis engine (DESIGN.md contract). Imports `analysis.engine` only — no Django.

    python -m analysis classify  < in.jsonl > out.jsonl
    python -m analysis evaluate FILE.jsonl [--json]
    python -m analysis evaluate-letters LETTERS.jsonl | --build-from ITEMS.jsonl [--per-letter 3] [--seed N]
    python -m analysis split < letter.txt
    python -m analysis threshold --submitted D [--received D] [--response D] [--exhausted D] [--filed D]
                                 [--circuit 4th]

Input is validated in full before anything is printed: a bad line (empty, invalid JSON, missing or
non-string `text`) is reported on stderr with its line number, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from analysis import engine
from analysis.engine.letters import OVERLAP, build_letters, evaluate_letters

EXIT_INPUT = 2


class InputError(Exception):
    pass


def _read_jsonl(lines: list[str], *, labelled: bool) -> list[dict]:
    """Parse and validate JSON lines; raise InputError naming the first bad line."""
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            raise InputError(f"line {number}: empty line (expected one JSON object)")
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"line {number}: invalid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(item, dict):
            raise InputError(f"line {number}: expected a JSON object, got {type(item).__name__}")
        if "text" not in item:
            raise InputError(f'line {number}: missing "text"')
        if not isinstance(item["text"], str):
            raise InputError(f'line {number}: "text" must be a string, got {type(item["text"]).__name__}')
        circuit = item.get("circuit")
        if circuit is not None and not isinstance(circuit, str):
            raise InputError(f'line {number}: "circuit" must be a string or null')
        if labelled:
            for key in ("disposition", "ground"):
                if not isinstance(item.get(key), str):
                    raise InputError(f'line {number}: missing or non-string "{key}" label')
            if (
                item["disposition"] not in engine.TAXONOMY
                or item["ground"] not in engine.TAXONOMY[item["disposition"]]
            ):
                raise InputError(
                    f"line {number}: ({item['disposition']}, {item['ground']}) is not in the taxonomy"
                )
            alt = item.get("ground_alt", [])
            if not isinstance(alt, list) or not all(isinstance(g, str) for g in alt):
                raise InputError(f'line {number}: "ground_alt" must be a list of strings')
        item["_line"] = number
        items.append(item)
    return items


def _read_lines_from(path: str | None) -> list[str]:
    if path is None or path == "-":
        data = sys.stdin.read()
    else:
        try:
            data = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None
    return data.splitlines()


# --------------------------------------------------------------------------------------------------
def cmd_classify(args) -> int:
    items = _read_jsonl(_read_lines_from(args.input), labelled=False)
    pack = engine.load_rule_pack(args.as_of)
    out = []
    for item in items:
        assessment = engine.classifier.assess(item["text"], pack, item.get("circuit") or args.circuit)
        record = {"id": item.get("id")}
        full = assessment.to_dict()
        for key in ("disposition", "ground", "confidence", "needs_review", "evidence", "rationale", "authorities",
                    "rule_id", "rule_pack_version", "ussg_subsection", "verify"):  # fmt: skip
            record[key] = full[key]
        out.append(json.dumps(record, ensure_ascii=False))
    sys.stdout.write("".join(line + "\n" for line in out))
    return 0


def evaluate_items(items: list[dict], pack) -> dict:
    """Return evaluation figures for labelled items (see `evaluate`)."""
    dispositions = list(engine.TAXONOMY)
    confusion = {gold: Counter() for gold in dispositions}
    wrong = []
    ground_correct = 0
    for item in items:
        got = engine.classifier.assess(item["text"], pack, item.get("circuit"))
        gold = item["disposition"]
        confusion[gold][got.disposition] += 1
        grounds = {item["ground"], *item.get("ground_alt", [])}
        ok_ground = got.disposition == gold and got.ground in grounds
        ground_correct += ok_ground
        if not ok_ground:
            wrong.append(
                {
                    "id": item.get("id", item["_line"]),
                    "expected": f"{gold}/{item['ground']}"
                    + (f" (or {', '.join(item['ground_alt'])})" if item.get("ground_alt") else ""),
                    "got": f"{got.disposition}/{got.ground}",
                    "rule_id": got.rule_id,
                    "confidence": got.confidence,
                    "text": item["text"],
                }
            )
    per_class = {}
    f1s = []
    for label in dispositions:
        tp = confusion[label][label]
        predicted = sum(confusion[g][label] for g in dispositions)
        actual = sum(confusion[label].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
        if actual or predicted:
            f1s.append(f1)
    total = len(items)
    correct = sum(confusion[label][label] for label in dispositions)
    return {
        "items": total,
        "rule_pack_version": pack.version,
        "accuracy": correct / total if total else 0.0,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "collateral_attack_recall": per_class["collateral_attack"]["recall"],
        "ground_accuracy": ground_correct / total if total else 0.0,
        "per_class": per_class,
        "confusion": {gold: dict(confusion[gold]) for gold in dispositions},
        "wrong": wrong,
    }


def _print_report(report: dict) -> None:
    print(f"items: {report['items']}   rule pack: {report['rule_pack_version']}")
    print(f"disposition accuracy:      {report['accuracy']:.3f}")
    print(f"disposition macro-F1:      {report['macro_f1']:.3f}")
    print(f"collateral_attack recall:  {report['collateral_attack_recall']:.3f}")
    print(f"ground accuracy:           {report['ground_accuracy']:.3f}   (ground_alt counts as correct)")
    print()
    print(f"{'disposition':<24}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>10}")
    for label, figures in report["per_class"].items():
        print(
            f"{label:<24}{figures['precision']:>10.3f}{figures['recall']:>10.3f}{figures['f1']:>10.3f}"
            f"{figures['support']:>10}"
        )
    labels = list(report["confusion"])
    short = {
        "compassionate_release": "CR",
        "collateral_attack": "CA",
        "foreclosed": "FC",
        "other_vehicle": "OV",
    }
    print()
    print("confusion (rows: expected, columns: got)")
    print(f"{'':<24}" + "".join(f"{short.get(label, label):>6}" for label in labels))
    for gold in labels:
        print(f"{gold:<24}" + "".join(f"{report['confusion'][gold].get(got, 0):>6}" for got in labels))
    print()
    print(f"wrong ({len(report['wrong'])}):")
    for item in report["wrong"]:
        text = " ".join(item["text"].split())
        text = text if len(text) <= 110 else text[:109] + "…"
        print(f"  {item['id']}: expected {item['expected']}, got {item['got']} [{item['rule_id']}]")
        print(f"      {text}")


def cmd_evaluate(args) -> int:
    items = _read_jsonl(_read_lines_from(args.file), labelled=True)
    report = evaluate_items(items, engine.load_rule_pack(args.as_of))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return 0


def _read_letters(lines: list[str]) -> list[dict]:
    """Parse and validate letters: {"id", "text", "claims": [{"text", "disposition", "ground"}]}."""
    letters = []
    for number, line in enumerate(lines, start=1):
        try:
            letter = json.loads(line) if line.strip() else None
        except json.JSONDecodeError as error:
            raise InputError(f"line {number}: invalid JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(letter, dict) or not isinstance(letter.get("text"), str):
            raise InputError(f'line {number}: expected a JSON object with a string "text"')
        claims = letter.get("claims")
        if not isinstance(claims, list) or not claims:
            raise InputError(f'line {number}: "claims" must be a non-empty list')
        for claim in claims:
            if not isinstance(claim, dict) or not isinstance(claim.get("text"), str):
                raise InputError(f'line {number}: each claim needs a string "text"')
            if claim.get("ground") not in engine.TAXONOMY.get(claim.get("disposition"), ()):
                raise InputError(f"line {number}: a claim's disposition/ground is not in the taxonomy")
        letters.append(letter)
    return letters


def cmd_evaluate_letters(args) -> int:
    if args.build_from:
        items = _read_jsonl(_read_lines_from(args.build_from), labelled=True)
        try:
            letters = build_letters(items, per_letter=args.per_letter, seed=args.seed, letters=args.letters)
        except ValueError as error:
            raise InputError(f"{args.build_from}: {error}") from None
        source = f"{len(letters)} letters built from {args.build_from} ({args.per_letter} items each, seed {args.seed})"
    elif args.file:
        letters = _read_letters(_read_lines_from(args.file))
        source = f"{len(letters)} letters from {args.file}"
    else:
        raise InputError("give a letters file or --build-from ITEMS.jsonl")
    report = evaluate_letters(letters)
    if args.json:
        print(json.dumps({"source": source, **report}, ensure_ascii=False, indent=2))
        return 0
    print(source)
    print(
        f"split into the right number of claims: {report['right_count']}/{report['letters']}"
        f" ({report['right_count_rate']:.3f})"
    )
    print(
        f"claims recovered (≥ {OVERLAP:.0%} of a claim's characters, one-to-one): "
        f"{report['recovered']}/{report['claims']} ({report['recovered_rate']:.3f})"
    )
    print(
        f"letters with every claim recovered: {report['letters_recovered']}/{report['letters']}"
        f" ({report['letters_recovered_rate']:.3f})"
    )
    print(
        f"letters with every disposition right: {report['all_right']}/{report['letters']}"
        f" ({report['all_right_rate']:.3f})"
    )
    for style, figures in report["by_style"].items():
        print(
            f"  {style:<14} right count {figures['right_count']}/{figures['letters']},"
            f" recovered {figures['recovered']}/{figures['claims']}"
        )
    for wrong in report["wrong"][: args.show]:
        print(
            f"- {wrong['id']}: {wrong['claims']} claims, {wrong['arguments']} arguments,"
            f" {wrong['recovered']} recovered"
        )
        for text in wrong["proposed"]:
            text = " ".join(text.split())
            print(f"    | {text if len(text) <= 150 else text[:149] + '…'}")
    return 0


def cmd_split(args) -> int:
    text = sys.stdin.read() if args.input in (None, "-") else Path(args.input).read_text(encoding="utf-8")
    print(json.dumps(engine.split_arguments(text), ensure_ascii=False, indent=2))
    return 0


def cmd_threshold(args) -> int:
    try:
        result = engine.check_threshold(
            args.submitted,
            received=args.received,
            warden_response=args.response,
            appeal_exhausted=args.exhausted,
            filed=args.filed,
            circuit=args.circuit,
        )
    except ValueError as error:
        raise InputError(str(error)) from None
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Safety Valve analysis engine")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("classify", help="classify JSON lines from stdin")
    p.add_argument("input", nargs="?", help="JSON lines file (default: stdin)")
    p.add_argument("--circuit", help="circuit for lines that carry none")
    p.add_argument("--as-of", help="use the rule pack in force on this date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("evaluate", help="measure the classifier on labelled JSON lines")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.add_argument("--as-of", help="use the rule pack in force on this date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "evaluate-letters", help="measure the splitter on letters (JSON lines, or built from items)"
    )
    p.add_argument(
        "file", nargs="?", help='letters: {"id", "text", "claims": [{"text", "disposition", "ground"}]}'
    )
    p.add_argument(
        "--build-from", metavar="ITEMS.jsonl", help="build letters from labelled single items instead"
    )
    p.add_argument("--per-letter", type=int, default=3, help="items joined in each built letter")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--letters", type=int, help="how many letters to build (default: items / per-letter)")
    p.add_argument("--show", type=int, default=10, help="letters split wrongly to print")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate_letters)

    p = sub.add_parser("split", help="split a pasted letter (stdin) into single-claim arguments")
    p.add_argument("input", nargs="?")
    p.set_defaults(func=cmd_split)

    p = sub.add_parser("threshold", help="check the § 3582(c)(1)(A) filing threshold")
    p.add_argument("--submitted", required=True, help="date the request was submitted to the warden")
    p.add_argument("--received", help="date the warden received it")
    p.add_argument("--response", help="date of the warden's response")
    p.add_argument("--exhausted", help="date BOP administrative appeals were fully exhausted")
    p.add_argument("--filed", help="date the motion was filed")
    p.add_argument("--circuit")
    p.set_defaults(func=cmd_threshold)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except (engine.RulePackNotFound, engine.RulePackError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except ValueError as error:  # e.g. a bad --as-of date
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
