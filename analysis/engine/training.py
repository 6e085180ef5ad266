"""Fit the text model (`model.py`) with scikit-learn and export it as a versioned artifact.

Used by `python -m analysis train` and by grouped cross-validation in `evaluate`; scikit-learn is a
development dependency (the `dev` extra), never needed to classify. Training is deterministic: one thread,
a fixed solver, features in sorted order, weights rounded to 16-bit integers, gzip without a timestamp.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from array import array
from typing import NamedTuple

from .model import (
    FEATURE_VERSION,
    FORMAT,
    SENTENCE_FORMAT,
    TextModel,
    document_features,
    row_scale,
    text_tokens,
)
from .taxonomy import TAXONOMY

# Chosen by grouped cross-validation on the corpus (python -m analysis evaluate), never on the frozen batch.
DEFAULTS = {"C": 8.0, "min_df": 2, "class_weight": "balanced"}
_QUANT = 32767


def _digest(rows) -> str:
    """sha256 of rows (JSON-serialisable lists), one JSON line each, in order."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()


def training_hash(items: list[dict]) -> str:
    """sha256 of what the model learns from: each item's text and labels, in order."""
    return _digest([item["text"], item["disposition"], item["ground"]] for item in items)


def _tfidf_rows(texts: list[str], min_df: int):
    """The texts' TF-IDF feature rows (the analyzer of `model.py`, each row scaled by its token count) and the
    fitted vectorizer and transformer."""
    import numpy as np
    import scipy.sparse as sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    vectorizer = CountVectorizer(analyzer=document_features, min_df=min_df, dtype=np.float64)
    counts = vectorizer.fit_transform(texts)
    tfidf = TfidfTransformer(norm=None, smooth_idf=True, sublinear_tf=False).fit(counts)
    scale = sparse.diags([row_scale(len(text_tokens(text))) for text in texts])
    return (scale @ tfidf.transform(counts)).tocsr(), vectorizer, tfidf


def _ordered(labels: set, order: list) -> list:
    return [label for label in order if label in labels]


def fit_artifact(items: list[dict], *, rule_pack_version: str, sources: list[str] | None = None,
                 **options) -> dict:  # fmt: skip
    """Fit the disposition and (disposition, ground) classifiers on `items` and return the artifact dict."""
    import numpy as np
    import sklearn
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    settings = {**DEFAULTS, **options}
    texts = [item["text"] for item in items]
    disposition_order = list(TAXONOMY)
    pair_order = [f"{d}/{g}" for d, grounds in TAXONOMY.items() for g in grounds]
    dispositions = _ordered({item["disposition"] for item in items}, disposition_order)
    pairs = _ordered({f"{item['disposition']}/{item['ground']}" for item in items}, pair_order)
    if len(dispositions) < 2 or len(pairs) < 2:
        raise ValueError("training needs at least two dispositions and two grounds")

    features_matrix, vectorizer, tfidf = _tfidf_rows(texts, settings["min_df"])
    idf = tfidf.idf_

    columns = []
    biases = []
    with threadpool_limits(1):
        for labels, order in (
            ([item["disposition"] for item in items], dispositions),
            ([f"{item['disposition']}/{item['ground']}" for item in items], pairs),
        ):
            classifier = LogisticRegression(
                C=settings["C"], class_weight=settings["class_weight"], max_iter=3000, tol=1e-6
            )
            classifier.fit(features_matrix, labels)
            position = {label: k for k, label in enumerate(classifier.classes_)}
            for label in order:
                k = position[label]
                if len(classifier.classes_) == 2:  # binary: one coefficient row for the second class
                    sign = 1.0 if k == 1 else -1.0
                    columns.append(sign * classifier.coef_[0] * idf / 2)
                    biases.append(float(sign * classifier.intercept_[0] / 2))
                else:
                    columns.append(classifier.coef_[k] * idf)
                    biases.append(float(classifier.intercept_[k]))

    names, scales, packed = _quantise(np.vstack(columns).T, vectorizer.get_feature_names_out(), settings)
    return {
        "format": FORMAT,
        "feature_version": FEATURE_VERSION,
        "rule_pack_version": rule_pack_version,
        "training": {
            "items": len(items),
            "sha256": training_hash(items),
            "sources": sources or [],
            "sklearn": sklearn.__version__,
            "settings": {key: settings[key] for key in sorted(settings)},
            "model": "TF-IDF word 1-2 and char_wb 2-5 n-grams, multinomial logistic regression (lbfgs)",
        },
        "dispositions": dispositions,
        "pairs": pairs,
        "bias": [round(b, 6) for b in biases],
        "scale": [float(f"{s:.9g}") for s in scales],
        "features": names,
        "weights": packed,
    }


def _quantise(weights, names, settings: dict) -> tuple[list[str], list[float], str]:
    """Round a features x outputs weight matrix to 16-bit integers with one scale per output, dropping features
    whose every weight rounds below `prune`: the kept names, the scales and the weights as base64."""
    import numpy as np

    peaks = np.abs(weights).max(axis=0)
    scales = np.where(peaks > 0, peaks / _QUANT, 1.0)
    quantised = np.rint(weights / scales).astype(np.int64)
    keep = np.abs(quantised).max(axis=1) >= settings.get("prune", 8)
    packed = array("h", quantised[keep].ravel().tolist())
    if sys.byteorder != "little":
        packed.byteswap()
    return [str(name) for name in names[keep]], scales, base64.b64encode(packed.tobytes()).decode("ascii")


def fit_model(items: list[dict], **options) -> TextModel:
    """Fit and load in memory (cross-validation folds never touch the disk)."""
    return TextModel(fit_artifact(items, rule_pack_version=options.pop("rule_pack_version", "cv"), **options))


def grouped_folds(items: list[dict], folds: int = 5) -> list[tuple[list[int], list[int]]]:
    """Split item indices into `folds` (train, test) pairs by `batch`: a batch is never on both sides.

    Batches go, largest first, to the fold with the fewest items so far (deterministic, balanced).
    """
    batches: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        batches.setdefault(item.get("batch") or "(no batch)", []).append(i)
    count = min(folds, len(batches))
    if count < 2:
        raise ValueError("grouped cross-validation needs at least two batches")
    members: list[list[int]] = [[] for _ in range(count)]
    for _name, indices in sorted(batches.items(), key=lambda entry: (-len(entry[1]), entry[0])):
        smallest = min(range(count), key=lambda k: (len(members[k]), k))
        members[smallest].extend(indices)
    everything = set(range(len(items)))
    return [(sorted(everything - set(test)), sorted(test)) for test in members]


# --- The sentence model (the splitter's) ----------------------------------------------------------------------

# The text model's settings, with a stronger regularisation (C=4, the first value tried; not tuned).
SENTENCE_DEFAULTS = {"C": 4.0, "min_df": 2, "class_weight": "balanced"}


class SentenceExample(NamedTuple):
    text: str
    label: int  # 1: at least half of its characters lie inside one of the letter's claims
    letter: int  # which letter it belongs to (a letter's sentences are consecutive, in order)
    group: str  # the letter's file: the context stage's folds never split one
    reading: float  # the engine's reading of the sentence (its confidence when it points at evidence, else 0)
    paragraph: int  # which paragraph (or hard-broken line) of the letter it is in


def sentence_examples(letters: list[dict]) -> list[SentenceExample]:
    """Each sentence of each letter as the splitter reads it, labelled 1 when at least half of its characters lie
    inside one of the letter's claims (the claims are verbatim stretches of the letter), else 0. Letters with a
    claim that is not verbatim in them are skipped: their sentences cannot be labelled."""
    from .letters import claim_span
    from .splitter import letter_sentences

    examples = []
    for number, letter in enumerate(letters):
        narrative = letter["text"].replace("\r\n", "\n").replace("\r", "\n")
        spans = [claim_span(narrative, claim) for claim in letter["claims"]]
        if any(span is None for span in spans):
            continue
        group = str(letter.get("file") or number)
        for start, end, reading, paragraph in letter_sentences(narrative):
            inside = sum(max(0, min(stop, end) - max(begin, start)) for begin, stop in spans)
            label = int(inside * 2 >= end - start)
            examples.append(SentenceExample(narrative[start:end], label, number, group, reading, paragraph))
    return examples


def sentence_hash(examples: list[SentenceExample]) -> str:
    return _digest(list(example) for example in examples)


# The context stage: its folds (the sentence alone is scored by a model that never saw the sentence's file, as at
# run time) and its regularisation (C=1, the first value tried).
CONTEXT_FOLDS = 5
CONTEXT_C = 1.0


def fit_sentence_artifact(examples: list[SentenceExample], *, sources: list[str] | None = None,
                          **options) -> dict:  # fmt: skip
    """Fit P(part of a claim) on labelled sentences (`sentence_examples`) and return the artifact dict: the
    sentence alone on every example, then the context stage on the out-of-fold logits of the sentence alone."""
    artifact = _fit_sentences(examples, sources=sources, **options)
    artifact["context"] = _fit_context(examples, **options)
    return artifact


def _fit_context(examples: list[SentenceExample], **options) -> dict:
    """The context stage (`model.SentenceModel.in_context`), fitted on logits the sentence-alone model gives
    sentences of files it was not trained on (grouped folds by file, or by letter when there is one file)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    from .model import CONTEXT_FEATURES, SentenceModel, context_features

    by_file = len({example.group for example in examples}) >= 2
    keyed = [{"batch": example.group if by_file else str(example.letter)} for example in examples]
    alone = {"features": ["self"], "weights": [1.0], "bias": 0.0}  # a fold's model is asked for logits only
    logits = [0.0] * len(examples)
    for train, test in grouped_folds(keyed, CONTEXT_FOLDS):
        model = SentenceModel({**_fit_sentences([examples[i] for i in train], **options), "context": alone})
        for i in test:
            logits[i] = model.logit(examples[i].text)

    def neighbour(i: int, j: int) -> float | None:
        """The logit of sentence j when it is in sentence i's paragraph (of the same letter)."""
        if not 0 <= j < len(examples):
            return None
        same = (examples[j].letter, examples[j].paragraph) == (examples[i].letter, examples[i].paragraph)
        return logits[j] if same else None

    rows = []
    for i, example in enumerate(examples):
        features = context_features(logits[i], example.reading, neighbour(i, i - 1), neighbour(i, i + 1))
        rows.append([features[name] for name in CONTEXT_FEATURES])
    with threadpool_limits(1):
        classifier = LogisticRegression(C=CONTEXT_C, class_weight="balanced", max_iter=1000, tol=1e-8)
        classifier.fit(rows, [example.label for example in examples])
    return {
        "features": list(CONTEXT_FEATURES),
        "weights": [round(float(weight), 6) for weight in classifier.coef_[0]],
        "bias": round(float(classifier.intercept_[0]), 6),
        "folds": CONTEXT_FOLDS,
        "C": CONTEXT_C,
    }


def _fit_sentences(examples: list[SentenceExample], *, sources: list[str] | None = None, **options) -> dict:
    """The sentence-alone stage as an artifact dict (without its context stage)."""
    import sklearn
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    settings = {**SENTENCE_DEFAULTS, **options}
    texts = [example.text for example in examples]
    labels = [example.label for example in examples]
    if len(set(labels)) < 2:
        raise ValueError("training needs sentences inside claims and sentences outside them")
    features_matrix, vectorizer, tfidf = _tfidf_rows(texts, settings["min_df"])
    with threadpool_limits(1):
        classifier = LogisticRegression(
            C=settings["C"], class_weight=settings["class_weight"], max_iter=3000, tol=1e-6
        )
        classifier.fit(features_matrix, labels)
    weights = (classifier.coef_[0] * tfidf.idf_)[:, None]  # the logit of class 1, "part of a claim"
    names, scales, packed = _quantise(weights, vectorizer.get_feature_names_out(), settings)
    return {
        "format": SENTENCE_FORMAT,
        "feature_version": FEATURE_VERSION,
        "training": {
            "sentences": len(examples),
            "in_claims": sum(labels),
            "sha256": sentence_hash(examples),
            "sources": sources or [],
            "sklearn": sklearn.__version__,
            "settings": {key: settings[key] for key in sorted(settings)},
            "model": "TF-IDF word 1-2 and char_wb 2-5 n-grams, binary logistic regression (lbfgs); then a "
            "logistic regression over the sentence's logit, its neighbours' and the engine's reading",
        },
        "bias": round(float(classifier.intercept_[0]), 6),
        "scale": float(f"{scales[0]:.9g}"),
        "features": names,
        "weights": packed,
    }
