"""Command line for the analysis engine (DESIGN.md contract). Imports `analysis.engine` only — no Django.

    python -m analysis classify  < in.jsonl > out.jsonl
    python -m analysis evaluate [FILE.jsonl ...] [--json] [--cv] [--rules-only]
    python -m analysis train [--corpus DIR] [--out PATH] [--sentences-out PATH]
    python -m analysis evaluate-letters LETTERS.jsonl [--half tune|held_aside] [--together] [--patterns-only]
                               | --build-from ITEMS.jsonl [--per-letter 3] [--seed N] | --cv
    python -m analysis split < letter.txt
    python -m analysis threshold --submitted D [--received D] [--response D] [--exhausted D] [--filed D]
                                 [--circuit 4th]

Input is validated in full before anything is printed: a bad line (empty, invalid JSON, missing or
non-string `text`) is reported on stderr with its line number, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import math
import random
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


HEADLINE = ("accuracy", "macro_f1", "collateral_attack_recall", "ground_accuracy")
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20261208  # fixed: the same items and readings always print the same interval


def metrics(items: list[dict], results: list) -> dict:
    """Evaluation figures for labelled `items` and the engine's `results` (one Assessment each, in order).

    Disposition accuracy, macro-F1 and per-class precision/recall; § 2255 (collateral_attack) recall; ground
    accuracy (a ground in `ground_alt` counts); calibration: how many results at confidence ≥ 0.9 are wrong,
    and what share of the wrong answers (wrong disposition or ground) carry `needs_review`; and a 95 % interval
    for each of the four headline figures (`intervals`), since one item of a set of two hundred moves a figure
    by half a point.
    """
    dispositions = list(engine.TAXONOMY)
    outcomes = []  # (expected disposition, got disposition, ground right) per item, for the figures
    wrong = []
    confident = confident_wrong = flagged = 0
    for item, got in zip(items, results, strict=True):
        gold = item["disposition"]
        grounds = {item["ground"], *item.get("ground_alt", [])}
        ok_ground = got.disposition == gold and got.ground in grounds
        outcomes.append((gold, got.disposition, ok_ground))
        flagged += got.needs_review
        if got.confidence >= 0.9:
            confident += 1
            confident_wrong += not ok_ground
        if not ok_ground:
            wrong.append(
                {
                    "id": item.get("id", item.get("_line")),
                    "expected": f"{gold}/{item['ground']}"
                    + (f" (or {', '.join(item['ground_alt'])})" if item.get("ground_alt") else ""),
                    "got": f"{got.disposition}/{got.ground}",
                    "rule_id": got.rule_id,
                    "decided_by": got.decided_by,
                    "confidence": got.confidence,
                    "needs_review": got.needs_review,
                    "text": item["text"],
                }
            )
    figures = _figures(outcomes, dispositions)
    total = len(items)
    wrong_flagged = sum(item["needs_review"] for item in wrong)
    return {
        "items": total,
        **{name: figures[name] for name in HEADLINE},
        "intervals": intervals(outcomes, dispositions),
        "calibration": {
            "confident": confident,
            "confident_wrong": confident_wrong,
            "confident_error_rate": confident_wrong / confident if confident else 0.0,
            "wrong": len(wrong),
            "wrong_flagged": wrong_flagged,
            "wrong_flagged_share": wrong_flagged / len(wrong) if wrong else 1.0,
            # the issue asks ≥ 80 %: with a dozen wrong answers, how sure is the share?
            "wrong_flagged_interval": wilson(wrong_flagged, len(wrong)) if wrong else [1.0, 1.0],
            "flagged_share": flagged / total if total else 0.0,
        },
        "per_class": figures["per_class"],
        "confusion": figures["confusion"],
        "wrong": wrong,
    }


def _figures(outcomes: list[tuple[str, str, bool]], dispositions: list[str]) -> dict:
    """The headline figures, per-class precision/recall and the confusion of (expected, got, ground right)
    outcomes."""
    confusion = {gold: Counter() for gold in dispositions}
    for gold, got, _ok_ground in outcomes:
        confusion[gold][got] += 1
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
    total = len(outcomes)
    correct = sum(confusion[label][label] for label in dispositions)
    return {
        "accuracy": correct / total if total else 0.0,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
        "collateral_attack_recall": per_class["collateral_attack"]["recall"],
        "ground_accuracy": sum(ok for _gold, _got, ok in outcomes) / total if total else 0.0,
        "per_class": per_class,
        "confusion": {gold: dict(confusion[gold]) for gold in dispositions},
    }


def intervals(outcomes: list[tuple[str, str, bool]], dispositions: list[str]) -> dict[str, list[float]]:
    """A 95 % interval for each headline figure: how far it could move on another set of the same size and kind
    (it knows nothing of how the set was written). The three proportions get Wilson score intervals, which stay
    honest at 0 or 100 % (every collateral attack of 31 found still leaves the true recall possibly as low as
    0.89); macro-F1, which has no such formula, a percentile bootstrap: the items drawn again with replacement
    `BOOTSTRAP_RESAMPLES` times, seeded, so the same items and readings always print the same interval."""
    collateral = [got == gold for gold, got, _ok in outcomes if gold == "collateral_attack"]
    result = {
        "accuracy": wilson(sum(gold == got for gold, got, _ok in outcomes), len(outcomes)),
        "collateral_attack_recall": wilson(sum(collateral), len(collateral)),
        "ground_accuracy": wilson(sum(ok for _gold, _got, ok in outcomes), len(outcomes)),
    }
    rng = random.Random(BOOTSTRAP_SEED)
    draws = sorted(
        _figures(rng.choices(outcomes, k=len(outcomes)), dispositions)["macro_f1"]
        for _ in range(BOOTSTRAP_RESAMPLES if outcomes else 0)
    )
    low, high = int(0.025 * len(draws)), int(0.975 * len(draws)) - 1
    result["macro_f1"] = [draws[low], draws[high]] if draws else [0.0, 0.0]
    return {name: result[name] for name in HEADLINE}


def wilson(successes: int, total: int, z: float = 1.959964) -> list[float]:
    """The Wilson score interval of a proportion (95 % by default); [0, 0] for no trials."""
    if not total:
        return [0.0, 0.0]
    share = successes / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return [max(0.0, centre - half), min(1.0, centre + half)]


def evaluate_items(items: list[dict], pack, model=engine.classifier.PACK_MODEL) -> dict:
    """Classify labelled items (with the pack's model unless `model` is given; None: rules only)."""
    results = [engine.classifier.assess(item["text"], pack, item.get("circuit"), model) for item in items]
    return {"rule_pack_version": pack.version, **metrics(items, results)}


def cross_validate(items: list[dict], pack, folds: int = 5, **options) -> dict:
    """Grouped cross-validation: items are grouped by `batch`, and no batch is in both train and test.

    Each fold retrains the model in memory on the other batches and classifies the held-out batches with the
    rules and that model together.
    """
    from analysis.engine.training import fit_model, grouped_folds

    results: list = [None] * len(items)
    for train_index, test_index in grouped_folds(items, folds):
        model = fit_model([items[i] for i in train_index], **options)
        for i in test_index:
            item = items[i]
            results[i] = engine.classifier.assess(item["text"], pack, item.get("circuit"), model)
    report = metrics(items, results)
    report["folds"] = min(folds, len({item["batch"] for item in items}))
    return {"rule_pack_version": pack.version, **report}


def _print_report(report: dict, title: str | None = None, *, sealed: bool = False) -> None:
    """Print a report; for a `sealed` set (one that measures and must never be read: the frozen batch, the
    held-aside halves, the final batches) the wrong answers are counted, never shown."""
    if title:
        print(f"== {title}")
    print(f"items: {report['items']}   rule pack: {report['rule_pack_version']}")

    def figure(name: str) -> str:
        low, high = report["intervals"][name]
        return f"{report[name]:.3f}   (95 % interval {low:.3f}–{high:.3f})"

    print(f"disposition accuracy:      {figure('accuracy')}")
    print(f"disposition macro-F1:      {figure('macro_f1')}")
    print(f"collateral_attack recall:  {figure('collateral_attack_recall')}")
    print(f"ground accuracy:           {figure('ground_accuracy')}   (ground_alt counts as correct)")
    print("                           (Wilson intervals; macro-F1's by drawing the items again, 1,000 times)")
    calibration = report["calibration"]
    print(
        f"confidence >= 0.9:         {calibration['confident']} results, {calibration['confident_wrong']} wrong"
        f" ({calibration['confident_error_rate']:.3f})"
    )
    flagged_low, flagged_high = calibration["wrong_flagged_interval"]
    print(
        f"wrong answers flagged:     {calibration['wrong_flagged']}/{calibration['wrong']}"
        f" ({calibration['wrong_flagged_share']:.3f}; 95 % {flagged_low:.3f}–{flagged_high:.3f}) carry needs_review;"
        f" {calibration['flagged_share']:.3f} of all results are flagged"
    )
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
    if sealed:
        print(f"wrong ({len(report['wrong'])}): not shown, this set measures and is never read")
        print()
        return
    print(f"wrong ({len(report['wrong'])}):")
    for item in report["wrong"]:
        text = " ".join(item["text"].split())
        text = text if len(text) <= 110 else text[:109] + "…"
        flag = " review" if item["needs_review"] else ""
        print(
            f"  {item['id']}: expected {item['expected']}, got {item['got']} [{item['rule_id']}, "
            f"{item['decided_by']}, {item['confidence']:.2f}{flag}]"
        )
        print(f"      {text}")
    print()


ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "analysis" / "corpus"
FROZEN_DIR = CORPUS_DIR / "frozen"
# The held-out batches (2026-12-07; batch O, letters17 and letters18 2026-12-08), retold from real opinions (its README):
# "held_aside" halves never read, "tune" halves read, "final" batches written before the changes they measure and
# never read. Since pack 2026.12.07.4 the model trains on the tune halves (`training_set`); the held-aside halves
# and the finals, never.
HELDOUT_DIR = CORPUS_DIR / "heldout-2026-12-07"
# Small sets written to probe one family the rules were then changed for: read, never trained on (a family of minimal
# pairs would skew the model), so their figures are upper bounds.
PROBES_DIR = CORPUS_DIR / "probes"
# The sets that measure live here (all but the "tune" halves): `evaluate` and `evaluate-letters` count their wrong
# answers and never print them (nor what the splitter proposed for a wrong letter), in the report or in --json, when a
# file of theirs is named as when every set is measured.
MEASURING_DIRS = (FROZEN_DIR, HELDOUT_DIR, CORPUS_DIR / "sentences-heldout")
# The shared dev set sits beside the checkout (../shared/data/), or beside the folder of worktrees.
DEV_SET = next(
    (
        p / "shared" / "data" / "dev.jsonl"
        for p in ROOT.parents
        if (p / "shared" / "data" / "dev.jsonl").exists()
    ),
    ROOT.parent / "shared" / "data" / "dev.jsonl",
)


def _read_labelled(paths: list[Path]) -> list[dict]:
    items = []
    for path in paths:
        try:
            items.extend(_read_jsonl(_read_lines_from(str(path)), labelled=True))
        except InputError as error:
            raise InputError(f"{path.name}: {error}") from None
    return items


def _files_whose_lines_carry(directory: Path, key: str) -> list[Path]:
    """`directory`/*.jsonl whose first line is a JSON object with `key`."""
    found = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
        try:
            carries = key in json.loads(first)
        except (json.JSONDecodeError, TypeError):
            carries = False
        if carries:
            found.append(path)
    return found


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    """The labelled item files of a corpus folder: its *.jsonl whose items carry a `disposition` (letters files use
    another schema). What the model trains on is `training_set`'s choice; frozen/ only measures."""
    return _files_whose_lines_carry(directory, "disposition")


def letter_files(directory: Path) -> list[Path]:
    """The letters files of a folder (`*.jsonl` whose lines carry `claims`)."""
    return _files_whose_lines_carry(directory, "claims")


# A letter's claim labelled rehabilitation beside another ground is beside a ground that another claim of the letter
# states (letters are labelled as one motion); its own text is rehabilitation alone, which the engine reads as
# foreclosed and triage lifts beside the case's other grounds (`engine/context.py`). The label belongs to the letter,
# not to the text, so such claims are not training items.
_LABELLED_BY_THE_LETTER = {("compassionate_release", "rehabilitation")}


def training_set(directory: Path = CORPUS_DIR) -> tuple[list[dict], list[str]]:
    """What the model learns from, and the names of its sources: every item of `directory`/*.jsonl (corpus A–D,
    written for the purpose), then the "tune" halves of the held-out item batches in its heldout-* folders, then
    the claims of the "tune" halves of the letters files there and in `directory` (each claim an item, except
    rehabilitation labelled beside another claim's ground: `_LABELLED_BY_THE_LETTER`).

    The tune halves are retold from real federal opinions and motions by writers who never saw the engine, the kind
    of text the team measures on; their errors were read to tune the rules and the splitter, so training on them
    spends nothing that still measures. The "held_aside" and "final" halves, the frozen batch and the dev set are
    never trained on.
    """
    paths = corpus_files(directory)
    items = _read_labelled(paths)
    sources = [path.name for path in paths]
    folders = sorted(directory.glob("heldout-*"))
    for folder in folders:
        for path in corpus_files(folder):
            tune = [item for item in _read_labelled([path]) if item.get("half") == "tune"]
            if tune:
                items.extend(tune)
                sources.append(f"{folder.name}/{path.name} (tune half)")
    for folder in [directory, *folders]:
        for path in letter_files(folder):
            letters = _read_letters(_read_lines_from(str(path)))
            claims = [
                {
                    **claim,
                    "id": f"{letter.get('id') or path.stem}#{number}",
                    "batch": f"{letter.get('batch') or path.stem} (claims)",
                    "source": letter.get("source"),
                }
                for letter in letters
                if letter.get("half") == "tune"
                for number, claim in enumerate(letter["claims"], start=1)
                if (claim["disposition"], claim["ground"]) not in _LABELLED_BY_THE_LETTER
            ]
            if claims:
                items.extend(claims)
                name = path.name if folder == directory else f"{folder.name}/{path.name}"
                sources.append(f"{name} (claims of the tune half)")
    return items, sources


def training_letters(directory: Path = CORPUS_DIR) -> tuple[list[dict], list[str]]:
    """What the splitter's sentence model learns from, and its sources: every letter of `directory`'s letters files
    (written for tuning; letters_dev2's two halves have both been read) and of its `sentences/` folder (letters
    invented for this model), then the "tune" halves of the letters files in its heldout-* folders. The held-aside
    and final halves and the frozen letters are never trained on."""
    letters: list[dict] = []
    sources: list[str] = []
    for folder in (directory, directory / "sentences"):
        for path in letter_files(folder) if folder.is_dir() else []:
            name = path.name if folder == directory else f"{folder.name}/{path.name}"
            letters.extend({**letter, "file": name} for letter in _read_letters(_read_lines_from(str(path))))
            sources.append(name)
    for folder in sorted(directory.glob("heldout-*")):
        for path in letter_files(folder):
            tune = [
                letter
                for letter in _read_letters(_read_lines_from(str(path)))
                if letter.get("half") == "tune"
            ]
            if tune:
                letters.extend({**letter, "file": path.name} for letter in tune)
                sources.append(f"{folder.name}/{path.name} (tune half)")
    return letters, sources


def untrained_opinions(items: list[dict], training: list[dict]) -> list[dict]:
    """The `items` retold from an opinion (`source`) that no training item comes from.

    Batches A to G were halved by item, not by opinion, so a held-aside item may retell an opinion whose other
    arguments the model trained on (its tune half): the clean measure leaves those out. An item without a source
    is kept.
    """
    trained = {item.get("source") for item in training} - {None, ""}
    return [item for item in items if not item.get("source") or item["source"] not in trained]


def _batch_letters(items: list[dict]) -> str:
    """The held-out batches `items` come from, as "A, B and K" (batch A is named by the date alone)."""
    letters = sorted(
        {
            item["batch"].removeprefix(HELDOUT_DIR.name).strip("-").split("-")[0].upper() or "A"
            for item in items
        }
    )
    return ", ".join(letters[:-1]) + " and " + letters[-1] if len(letters) > 1 else "".join(letters)


def cmd_evaluate(args) -> int:
    pack = engine.load_rule_pack(args.as_of)
    model = None if args.rules_only else engine.classifier.PACK_MODEL
    reports = {}
    # the titles of the sets that measure: their wrong answers are counted, never printed
    sealed: set[str] = set()
    if args.files and not args.cv:
        items = _read_labelled([Path(f) for f in args.files]) if len(args.files) > 1 else None
        if items is None:
            items = _read_jsonl(_read_lines_from(args.files[0]), labelled=True)
        title = ", ".join(args.files)
        if args.half:
            items = [item for item in items if item.get("half") == args.half]
            if not items:
                raise InputError(f'{title}: no item has "half": "{args.half}"')
            title += f" (half {args.half})"
        reports[title] = evaluate_items(items, pack, model)
        if _measures(args.files, items):
            sealed.add(title)
    elif args.files:
        items = _read_labelled([Path(f) for f in args.files])
        title = f"grouped cross-validation by batch: {', '.join(args.files)}"
        reports[title] = cross_validate(items, pack)
        if args.rules_only:
            reports["the same items, rules only"] = evaluate_items(items, pack, None)
        if _measures(args.files, items):
            sealed.update(reports)
    else:
        if DEV_SET.exists():
            dev = _read_labelled([DEV_SET])
            reports["dev set (upper bound: the lexicons were written with it in view)"] = evaluate_items(
                dev, pack, model
            )
        corpus, _sources = training_set()
        if corpus:
            title = (
                "training set (corpus A–D and the held-out tune halves), grouped cross-validation by batch (the "
                "model retrained per fold)"
            )
            if args.rules_only:
                reports["training set, rules only"] = evaluate_items(corpus, pack, None)
            else:
                reports[title] = cross_validate(corpus, pack)
        probes = _read_labelled(corpus_files(PROBES_DIR)) if PROBES_DIR.is_dir() else []
        if probes:
            title = (
                "written probes of single families (read; the rules were changed for them; an upper bound)"
            )
            reports[title] = evaluate_items(probes, pack, model)
        frozen = _read_labelled(corpus_files(FROZEN_DIR))
        if frozen:
            title = "frozen held-out batch (headline; never trained or tuned on)"
            reports[title] = evaluate_items(frozen, pack, model)
            sealed.add(title)
        heldout = _read_labelled(corpus_files(HELDOUT_DIR))
        for half, what in (
            ("held_aside", ", held-aside halves (retold from real opinions; never read)"),
            ("tune", ", tune halves (read, and trained on; an upper bound)"),
            ("final", " (each written before the changes it measures; never read)"),
        ):
            chosen = [item for item in heldout if item.get("half") == half]
            title = f"held-out batches {_batch_letters(chosen)}{what}"
            if chosen:
                reports[title] = evaluate_items(chosen, pack, model)
                if half != "tune":
                    sealed.add(title)
            if half == "held_aside" and chosen:
                clean = untrained_opinions(chosen, corpus)
                if clean and len(clean) < len(chosen):
                    clean_title = f"{title}, only opinions no training item comes from"
                    reports[clean_title] = evaluate_items(clean, pack, model)
                    sealed.add(clean_title)
    if args.json:
        reports = {
            title: {**{k: v for k, v in report.items() if k != "wrong"}, "sealed": True}
            if title in sealed
            else report
            for title, report in reports.items()
        }
        single = len(reports) == 1 and args.files and not args.cv
        print(json.dumps(next(iter(reports.values())) if single else reports, ensure_ascii=False, indent=2))
    else:
        for title, report in reports.items():
            _print_report(
                report, title if len(reports) > 1 or not args.files else None, sealed=title in sealed
            )
    return 0


def cmd_train(args) -> int:
    from analysis.engine.model import artifact_bytes
    from analysis.engine.splitter import SENTENCE_MODEL
    from analysis.engine.training import fit_artifact, fit_sentence_artifact, sentence_examples

    pack = engine.current_rule_pack()
    if pack.model is None:
        raise InputError(f"rule pack {pack.version} names no model ([model] table)")
    items, sources = training_set(Path(args.corpus)) if args.corpus else training_set()
    if not items:
        raise InputError("no training items: analysis/corpus/*.jsonl is empty")
    artifact = fit_artifact(items, rule_pack_version=pack.version, sources=sources)
    data = artifact_bytes(artifact)
    out = Path(args.out) if args.out else pack.model.artifact
    out.write_bytes(data)
    print(
        f"trained on {len(items)} items ({', '.join(sources)}; sha256 "
        f"{artifact['training']['sha256'][:12]}), {len(artifact['features'])} features, "
        f"{len(artifact['pairs'])} grounds -> {out} ({len(data):,} bytes)"
    )
    # The splitter's sentence model, from the training letters (`training_letters`)
    letters, letter_sources = training_letters(Path(args.corpus)) if args.corpus else training_letters()
    examples = sentence_examples(letters)
    if not examples:
        print("no letters with their claims marked verbatim: the sentence model was not retrained")
        return 0
    sentences = fit_sentence_artifact(examples, sources=letter_sources)
    data = artifact_bytes(sentences)
    out = Path(args.sentences_out) if args.sentences_out else SENTENCE_MODEL
    out.write_bytes(data)
    print(
        f"trained the sentence model on {len(examples)} sentences of {len(letters)} letters "
        f"({sentences['training']['in_claims']} inside claims), {len(sentences['features'])} features, "
        f"context weights {dict(zip(sentences['context']['features'], sentences['context']['weights'], strict=True))} "
        f"-> {out} ({len(data):,} bytes)"
    )
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


def cross_validate_letters(together: bool, learned: bool = True) -> dict:
    """Leave one training letters file out at a time (`training_letters`): the sentence model is retrained in memory
    without it and splits its letters. `learned=False`: the same letters split by the patterns alone."""
    from analysis.engine.letters import evaluate_letter, summarise
    from analysis.engine.model import SentenceModel
    from analysis.engine.training import fit_sentence_artifact, sentence_examples

    letters, _sources = training_letters()
    # every sentence read once (the engine's reading of each is a feature); each fold keeps the other files'
    examples = sentence_examples(letters) if learned else []
    results = []
    for name in dict.fromkeys(letter["file"] for letter in letters):
        model = None
        if learned:
            others = [example for example in examples if example.group != name]
            model = SentenceModel(fit_sentence_artifact(others))
        results.extend(
            evaluate_letter(letter, together, sentences=model, learned=learned)
            for letter in letters
            if letter["file"] == name
        )
    return summarise(results)


def cmd_evaluate_letters(args) -> int:
    learned = not args.patterns_only
    if args.cv:
        report = cross_validate_letters(args.together, learned)
        source = (
            f"{report['letters']} training letters, one letters file left out at a time (the sentence model "
            f"retrained without it){'' if learned else ', patterns alone'}"
        )
        return _print_letters(args, source, report)
    if args.build_from:
        items = _read_jsonl(_read_lines_from(args.build_from), labelled=True)
        sealed = _measures([args.build_from], items)
        try:
            letters = build_letters(items, per_letter=args.per_letter, seed=args.seed, letters=args.letters)
        except ValueError as error:
            raise InputError(f"{args.build_from}: {error}") from None
        source = f"{len(letters)} letters built from {args.build_from} ({args.per_letter} items each, seed {args.seed})"
    elif args.file:
        letters = _read_letters(_read_lines_from(args.file))
        if args.half:  # letters_dev2.jsonl: "tune" or "held_aside", fixed before tuning
            letters = [letter for letter in letters if letter.get("half") == args.half]
            if not letters:
                raise InputError(f'{args.file}: no letter has "half": "{args.half}"')
        source = f"{len(letters)} letters from {args.file}" + (f" (half {args.half})" if args.half else "")
        sealed = _measures([args.file], letters)
    else:
        raise InputError("give a letters file or --build-from ITEMS.jsonl")
    report = evaluate_letters(letters, together=args.together, learned=learned)
    if sealed:
        report["wrong"] = [
            {key: value for key, value in wrong.items() if key != "proposed"} for wrong in report["wrong"]
        ]
    return _print_letters(args, source, report, sealed=sealed)


def _measures(paths: list[str], entries: list[dict]) -> bool:
    """Whether items or letters read from `paths` belong to a set that measures: a file under `MEASURING_DIRS`, and
    anything of theirs but a read ("tune") half."""
    inside = any(
        Path(path).resolve().is_relative_to(folder.resolve())
        for path in paths
        if path not in (None, "-")
        for folder in MEASURING_DIRS
    )
    return inside and any(entry.get("half") != "tune" for entry in entries)


def _print_letters(args, source: str, report: dict, *, sealed: bool = False) -> int:
    if args.json:
        print(json.dumps({"source": source, **report}, ensure_ascii=False, indent=2))
        return 0

    def share(count: str, total: str) -> str:
        low, high = wilson(report[count], report[total])
        return f"{report[count]}/{report[total]} ({report[count] / max(report[total], 1):.3f}; 95 % {low:.3f}–{high:.3f})"

    print(source)
    print(f"split into the right number of claims: {share('right_count', 'letters')}")
    print(
        f"claims recovered (≥ {OVERLAP:.0%} of a claim's characters, one-to-one): {share('recovered', 'claims')}"
    )
    print(f"letters with every claim recovered: {share('letters_recovered', 'letters')}")
    print(f"letters with every disposition right: {share('all_right', 'letters')}")
    for style, figures in report["by_style"].items():
        print(
            f"  {style:<14} right count {figures['right_count']}/{figures['letters']},"
            f" recovered {figures['recovered']}/{figures['claims']}"
        )
    if sealed:
        print(f"wrong ({len(report['wrong'])}): not shown, this set measures and is never read")
        return 0
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

    p = sub.add_parser(
        "evaluate",
        help="measure the classifier on labelled JSON lines (no FILE: the dev set, the corpus by grouped "
        "cross-validation, the frozen batch and the halves of the held-out batches of 2026-12-07)",
    )
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.add_argument("--as-of", help="use the rule pack in force on this date (YYYY-MM-DD)")
    p.add_argument("--cv", action="store_true", help="grouped cross-validation (by batch) on the FILEs")
    p.add_argument("--rules-only", action="store_true", help="measure the rules without the model")
    p.add_argument("--half", help='only the items of the FILE whose "half" is this ("tune", "held_aside")')
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "train",
        help="train the text model on analysis/corpus/*.jsonl and the held-out tune halves, and the splitter's "
        "sentence model on the training letters (needs scikit-learn)",
    )
    p.add_argument("--corpus", help="directory of training JSON lines (default: analysis/corpus)")
    p.add_argument("--out", help="artifact path (default: the one the current rule pack names)")
    p.add_argument("--sentences-out", help="the splitter's sentence model (default: splitter.SENTENCE_MODEL)")
    p.set_defaults(func=cmd_train)

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
    p.add_argument("--half", help='only the letters whose "half" is this ("tune", "held_aside")')
    p.add_argument(
        "--together",
        action="store_true",
        help="read each letter's arguments together, as triage reads one case (letters labelled as one motion)",
    )
    p.add_argument(
        "--cv",
        action="store_true",
        help="the training letters, one file left out at a time (the sentence model retrained without it)",
    )
    p.add_argument(
        "--patterns-only", action="store_true", help="split without the sentence model (to compare)"
    )
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
