"""Grouped cross-validation errors on the training set, by batch and by true ground (issue #10).

    .venv/bin/python scripts/cv_errors.py [DISPOSITION/GROUND ...]   (also print the wrong items of these true
                                                                      labels, e.g. other_vehicle/conditions)

Reads the training set only (analysis/corpus/*.jsonl and the held-out tune halves; never frozen/, the held-aside
halves, the final batches nor the shared data sets): each fold retrains the model on the other batches, exactly as
`python -m analysis evaluate` does for the training set, and prints where the answers go wrong.
"""

import collections
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from analysis import engine  # noqa: E402
from analysis.__main__ import training_set  # noqa: E402
from analysis.engine.training import fit_model, grouped_folds  # noqa: E402


def main() -> int:
    pack = engine.current_rule_pack()
    items, _sources = training_set()
    results = [None] * len(items)
    for train, test in grouped_folds(items, 5):
        model = fit_model([items[i] for i in train])
        for i in test:
            results[i] = engine.classifier.assess(items[i]["text"], pack, items[i].get("circuit"), model)
    by_batch = collections.defaultdict(lambda: [0, 0, 0])  # items, disposition wrong, ground wrong
    by_ground = collections.defaultdict(lambda: [0, 0, 0])
    confusion = collections.Counter()
    for item, result in zip(items, results, strict=True):
        truth = (item["disposition"], item["ground"])
        got = (result.disposition, result.ground)
        for table, key in ((by_batch, item["batch"]), (by_ground, "/".join(truth))):
            table[key][0] += 1
            table[key][1] += got[0] != truth[0]
            table[key][2] += got != truth
        if got != truth:
            confusion["/".join(truth) + " -> " + "/".join(got)] += 1
            if "/".join(truth) in sys.argv[1:]:
                print(
                    f"{item['id']} {'/'.join(truth)} -> {'/'.join(got)} ({result.rule_id}): {item['text'][:300]}"
                )
    for title, table in (("batch", by_batch), ("true ground", by_ground)):
        print(f"\n{title}: items, disposition wrong, (disposition, ground) wrong")
        for key, (n, wrong_d, wrong_g) in sorted(table.items(), key=lambda kv: -kv[1][2] / kv[1][0]):
            if wrong_g:
                print(f"  {key:60} {n:4} {wrong_d:4} {wrong_g:4}  ({wrong_g / n:.0%})")
    print("\nmost frequent confusions")
    for key, count in confusion.most_common(25):
        print(f"  {count:3}  {key}")
    right = sum(
        (r.disposition, r.ground) == (i["disposition"], i["ground"])
        for i, r in zip(items, results, strict=True)
    )
    print(f"\n{len(items)} items, (disposition, ground) right {right / len(items):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
