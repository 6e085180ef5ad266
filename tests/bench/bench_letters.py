"""Benchmark the letter splitter: claims recovered on letters built from the corpus, split time per letter, and
the time to split (and only to segment) a 50,000-character paste.

Run: python tests/bench/bench_letters.py [--seed 1] [--per-letter 3] [--repeat 5]
Letters are built from analysis/corpus/corpus_*.jsonl (never the frozen batch) the way `python -m analysis
evaluate-letters --build-from` builds them. Prints figures; asserts nothing (timings are not tests).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from analysis.engine import letters, splitter  # noqa: E402

CORPUS = sorted((ROOT / "analysis" / "corpus").glob("corpus_*.jsonl"))
TARGET_MS = 100


def _items() -> list[dict]:
    return [
        json.loads(line) for path in CORPUS for line in path.read_text(encoding="utf-8").splitlines() if line
    ]


def _paste(built: list[dict], size: int = 50_000) -> str:
    """A long paste: built letters one after another (varied sentences, greetings, lists), cut at `size`."""
    parts, length = [], 0
    for letter in built:
        parts.append(letter["text"])
        length += len(letter["text"]) + 2
        if length >= size:
            break
    text = "\n\n".join(parts)
    while len(text) < size:
        text += "\n\n" + text
    return text[:size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-letter", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    items = _items()
    if not items:
        print("no corpus files under analysis/corpus/ (corpus_*.jsonl)")
        return 1
    built = letters.build_letters(items, per_letter=args.per_letter, seed=args.seed)
    splitter.split_letter("warm up: I have cancer.")
    started = time.perf_counter()
    report = letters.evaluate_letters(built)
    elapsed = time.perf_counter() - started
    print(
        f"letters built from {', '.join(path.name for path in CORPUS)} ({len(items)} items, seed {args.seed})"
    )
    print(f"  letters: {report['letters']}, claims: {report['claims']}")
    print(f"  claims recovered:               {report['recovered_rate']:.3f}")
    print(f"  letters with every claim found: {report['letters_recovered_rate']:.3f}")
    print(f"  split into the right number:    {report['right_count_rate']:.3f}")
    print(f"  every disposition right:        {report['all_right_rate']:.3f}")
    for style, figures in report["by_style"].items():
        print(f"    {style:<14} recovered {figures['recovered']}/{figures['claims']}")
    per_letter = [
        _time(lambda text=letter["text"]: splitter.split_letter(text), 3)
        for letter in built[: min(len(built), 60)]
    ]
    print(
        f"  split time per letter: median {statistics.median(per_letter) * 1000:.2f} ms"
        f" (evaluation of all letters, classify included: {elapsed:.2f} s)"
    )

    paste = _paste(built)
    segment = _time(lambda: splitter.segment(paste), args.repeat)
    whole = _time(lambda: splitter.split_letter(paste), args.repeat)
    units = len(splitter.segment(paste))
    print(f"50,000-character paste ({units} sentences):")
    print(f"  segmentation (linear scan):      {segment * 1000:7.1f} ms   target < {TARGET_MS} ms")
    print(f"  whole split (classify included): {whole * 1000:7.1f} ms   target < {TARGET_MS} ms")
    return 0


def _time(call, repeat: int) -> float:
    """Best of `repeat` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


if __name__ == "__main__":
    sys.exit(main())
