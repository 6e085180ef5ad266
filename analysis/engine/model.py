"""The learned second opinion beside the rules: a linear model over word and character n-grams.

`python -m analysis train` fits it with scikit-learn (`training.py`, a development dependency only) and
writes a small artifact beside the rule pack that names it. Scoring here needs no third-party package.

Features of a text (normalised as for the rules, then split into `[a-z0-9]+` tokens):
  * `w|tok`       each token;
  * `b|tok tok`   each pair of adjacent tokens;
  * `c|gram`      the character 2- to 5-grams of each token padded with a space on both sides.
Each feature counts once per occurrence and is weighted by its inverse document frequency; a text's vector is
divided by the square root of its token count. Because every character n-gram lies inside one token, the
score of a text is a sum of per-token and per-pair contributions, which are cached by token: that is what
makes scoring fast (a few dictionary lookups per word) without NumPy.

The weights are stored as 16-bit integers with one scale per output (exact integer sums, then one
multiplication), so the same text always gets the same score on every machine. (Training is deterministic on one
machine; on another CPU the fitted weights can differ in their last digits, so retraining there may change bytes.)

`SentenceModel` is the splitter's: the same features and scoring, one logistic output, P(a sentence of a letter is
part of a claim), then a small second stage that reads each sentence among its neighbours.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import math
import operator
import sys
from array import array
from dataclasses import dataclass
from itertools import compress, repeat
from pathlib import Path

from .text import TOKEN_RE, normalise

FORMAT = "safety-valve-text-model"
SENTENCE_FORMAT = "safety-valve-sentence-model"
FEATURE_VERSION = 1
NGRAM_SIZES = (2, 3, 4, 5)
_CACHE_LIMIT = 200_000  # distinct tokens kept; inputs are untrusted, so the cache is bounded
# A token's or pair's contributions to every output are also packed into one integer, 64 bits an output, each
# offset by 2**40, so that a whole text is summed with one `sum()` over integers (exact) and unpacked once.
_LANE = 64
_OFFSET = 1 << 40
_MASK = (1 << _LANE) - 1


class ModelError(ValueError):
    """The model artifact is missing, malformed, or made for another rule pack or feature set."""


def token_features(token: str) -> list[str]:
    """The features one token contributes on its own: the word and its character n-grams."""
    padded = f" {token} "
    size = len(padded)
    grams = [f"c|{padded[i : i + n]}" for n in NGRAM_SIZES for i in range(size - n + 1)]
    grams.append(f"w|{token}")
    return grams


def text_tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(normalise(text))


def document_features(text: str) -> list[str]:
    """Every feature occurrence of `text` (the analyzer used in training; scoring decomposes the same sum)."""
    tokens = text_tokens(text)
    features = [feature for token in tokens for feature in token_features(token)]
    features.extend(f"b|{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    return features


def row_scale(token_count: int) -> float:
    return 1.0 / math.sqrt(max(token_count, 1))


def _softmax(values: list[float]) -> list[float]:
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


@dataclass(frozen=True)
class Prediction:
    """What the model reads: disposition and (disposition, ground) probabilities, and the phrases behind it."""

    disposition: str
    disposition_probability: float
    ground: str  # the most likely ground within `disposition`
    ground_probability: float  # P(disposition/ground)
    pair: tuple[str, str]  # the most likely (disposition, ground) pair overall
    pair_probability: float
    dispositions: dict[str, float]
    pairs: dict[tuple[str, str], float]
    phrases: tuple[tuple[int, int], ...]  # (start, end) of the phrases that favoured `pair` most, best first

    def probability(self, disposition: str, ground: str | None = None) -> float:
        if ground is None:
            return self.dispositions.get(disposition, 0.0)
        return self.pairs.get((disposition, ground), 0.0)


class _LinearNgrams:
    """Linear outputs over the n-gram features: 16-bit weights with one scale per output, and a bounded cache of
    each token's contributions (shared by the text model and the sentence model)."""

    def __init__(self, features: list[str], weights_b64: str, width: int):
        weights = array("h")
        weights.frombytes(base64.b64decode(weights_b64))
        if sys.byteorder != "little":
            weights.byteswap()
        if len(weights) != len(features) * width:
            raise ModelError("weights do not match the feature list")
        self.width = width
        self._weights = weights
        self._index = {feature: i for i, feature in enumerate(features)}
        self._pairs: dict[str, tuple[int, ...]] = {
            feature[2:]: tuple(weights[i * width : (i + 1) * width])
            for feature, i in self._index.items()
            if feature.startswith("b|")
        }
        self._packed_pairs = {key: self._pack(vector) for key, vector in self._pairs.items()}
        self._tokens: dict[str, tuple[int, ...]] = {}
        self._packed: dict[str, int] = {}
        self._zero = (0,) * width

    def _token_vector(self, token: str) -> int:
        """Work out a token's contributions, cache them (as a tuple and packed) and return the packed integer."""
        index, weights, width = self._index, self._weights, self.width
        rows = [
            weights[i * width : (i + 1) * width]
            for i in (index.get(feature) for feature in token_features(token))
            if i is not None
        ]
        vector = tuple(sum(column) for column in zip(*rows, strict=True)) if rows else self._zero
        if len(self._tokens) >= _CACHE_LIMIT:
            self._tokens.clear()
            self._packed.clear()
        self._tokens[token] = vector
        packed = self._packed[token] = self._pack(vector)
        return packed

    def _vector(self, token: str) -> tuple[int, ...]:
        self._token_vector(token)
        return self._tokens[token]

    @staticmethod
    def _pack(vector: tuple[int, ...]) -> int:
        packed = 0
        for k, value in enumerate(vector):
            packed |= (value + _OFFSET) << (_LANE * k)
        return packed

    def _unpack(self, packed: int, count: int) -> list[int]:
        offset = count * _OFFSET
        return [((packed >> (_LANE * k)) & _MASK) - offset for k in range(self.width)]

    def _sums(self, tokens: list[str]) -> tuple[list[int], list[str]]:
        """The exact integer sum of every output over the tokens and their adjacent pairs, and the pairs that
        carry a weight."""
        # map/filter over bound methods keep the per-token work inside the interpreter's C loops
        packed = list(map(self._packed.get, tokens))
        if None in packed:
            packed = [value or self._token_vector(token) for token, value in zip(tokens, packed, strict=True)]
        packed_pairs = self._packed_pairs
        pairs = list(filter(packed_pairs.__contains__, map(" ".join, zip(tokens, tokens[1:], strict=False))))
        packed.extend(map(packed_pairs.__getitem__, pairs))
        return self._unpack(sum(packed), len(packed)), pairs


class TextModel(_LinearNgrams):
    """A loaded model artifact, ready to score texts."""

    def __init__(self, artifact: dict):
        if artifact.get("format") != FORMAT or artifact.get("feature_version") != FEATURE_VERSION:
            raise ModelError("not a Safety Valve text model of this feature version")
        self.meta = {key: value for key, value in artifact.items() if key not in ("features", "weights")}
        self.rule_pack_version: str = artifact["rule_pack_version"]
        self.dispositions: tuple[str, ...] = tuple(artifact["dispositions"])
        self.pairs: tuple[tuple[str, str], ...] = tuple(tuple(p.split("/", 1)) for p in artifact["pairs"])
        width = len(self.dispositions) + len(self.pairs)
        self.bias: tuple[float, ...] = tuple(artifact["bias"])
        self.scale: tuple[float, ...] = tuple(artifact["scale"])
        if len(self.bias) != width or len(self.scale) != width:
            raise ModelError("bias and scale must have one value per output")
        super().__init__(artifact["features"], artifact["weights"], width)
        self._n_disp = len(self.dispositions)
        # the pairs (their indices) within each disposition, in the artifact's order
        self._within = {
            d: [k for k, pair in enumerate(self.pairs) if pair[0] == d] for d in self.dispositions
        }

    def predict(
        self, text: str, *, normalised: str | None = None, tokens: list[str] | None = None, short: int = 0
    ) -> Prediction:
        """Score `text`. Callers that already normalised and tokenised it pass `normalised` and `tokens`.

        A text of fewer than `short` tokens is little evidence: its scores are scaled down in proportion, so
        that a one-line note does not get a confident reading from a few words.
        """
        if normalised is None:
            normalised = normalise(text)
        if tokens is None:
            tokens = TOKEN_RE.findall(normalised)
        totals, pairs = self._sums(tokens)
        factor = row_scale(len(tokens))
        scores = [b + t * s * factor for b, t, s in zip(self.bias, totals, self.scale, strict=True)]
        if len(tokens) < short:
            scores = [score * len(tokens) / short for score in scores]
        n = self._n_disp
        disp_p = _softmax(scores[:n])
        pair_p = _softmax(scores[n:])
        # `max` returns the first of equals, so a tie goes to the output listed first
        d = max(range(n), key=disp_p.__getitem__)
        disposition = self.dispositions[d]
        within = self._within[disposition]
        g = max(within, key=pair_p.__getitem__) if within else None
        best = max(range(len(self.pairs)), key=pair_p.__getitem__)
        phrases = ()
        if len(self.pairs) > 1 and tokens:
            runner_up = max((k for k in range(len(self.pairs)) if k != best), key=pair_p.__getitem__)
            keys = list(set(tokens))
            rows = list(map(self._tokens.get, keys))
            if None in rows:
                rows = [row or self._vector(key) for key, row in zip(keys, rows, strict=True)]
            unique_pairs = list(dict.fromkeys(pairs))
            keys.extend(unique_pairs)
            rows.extend(map(self._pairs.__getitem__, unique_pairs))
            phrases = self._phrases(normalised, keys, rows, n + best, n + runner_up)
        return Prediction(
            disposition=disposition,
            disposition_probability=disp_p[d],
            ground=self.pairs[g][1] if g is not None else "other",
            ground_probability=pair_p[g] if g is not None else 0.0,
            pair=self.pairs[best],
            pair_probability=pair_p[best],
            dispositions=dict(zip(self.dispositions, disp_p, strict=True)),
            pairs=dict(zip(self.pairs, pair_p, strict=True)),
            phrases=phrases,
        )

    def _phrases(self, normalised: str, keys: list, rows: list, column: int, rival: int, limit: int = 3):
        """Where the words and word pairs (`keys`, distinct, with their weight `rows`) that favour the chosen
        output most over its runner-up first occur, merged into phrases, best first."""
        weight, rival_weight = self.scale[column], self.scale[rival]
        gains = list(
            map(
                operator.sub,
                map(operator.mul, map(operator.itemgetter(column), rows), repeat(weight)),
                map(operator.mul, map(operator.itemgetter(rival), rows), repeat(rival_weight)),
            )
        )
        top = [item for item in _largest(limit * 2, gains, keys) if item[0] > 0]
        if not top:
            return ()
        floor = top[0][0] * 0.25
        found = []
        for gain, key in top:
            span = _locate(normalised, key) if gain >= floor else None
            if span is not None:
                found.append((span, gain))
        found.sort()
        merged: list[list] = []  # [start, end, gain]
        for (start, end), gain in found:
            if merged and start <= merged[-1][1] + 1 and not normalised[merged[-1][1] : start].strip():
                merged[-1][1] = max(merged[-1][1], end)
                merged[-1][2] += gain
            else:
                merged.append([start, end, gain])
        merged.sort(key=lambda item: (-item[2], item[0]))
        return tuple((start, end) for start, end, _ in merged[:limit])


class SentenceModel(_LinearNgrams):
    """How likely a sentence of a letter is part of a claim, rather than a greeting, background, a remark or a
    task, learned from letters whose claims are marked (`training.fit_sentence_artifact`). Two stages:

    * the sentence alone: one logistic output over the text model's features (`logit`);
    * the sentence among its neighbours (`in_context`): a logistic regression over the sentence's own logit, the
      engine's reading of it and the logits of the sentences before and after it in its paragraph
      (`CONTEXT_FEATURES`). Claims come in runs of sentences, and so does background: "They are doing well in
      school" after a son's honour roll is family news, after "my mother who cared for them died" it is part of
      the claim.

    The splitter asks it about arguments its patterns could not set aside."""

    def __init__(self, artifact: dict):
        if artifact.get("format") != SENTENCE_FORMAT or artifact.get("feature_version") != FEATURE_VERSION:
            raise ModelError("not a Safety Valve sentence model of this feature version")
        context = artifact.get("context")
        named = context.get("features") if isinstance(context, dict) else None
        if not named or not set(named) <= set(CONTEXT_FEATURES):
            raise ModelError("the sentence model has no context stage of this version (retrain it)")
        self.meta = {key: value for key, value in artifact.items() if key not in ("features", "weights")}
        self.bias = float(artifact["bias"])
        self.scale = float(artifact["scale"])
        self.context_features = tuple(context["features"])
        self.context_bias = float(context["bias"])
        self.context_weights = tuple(float(weight) for weight in context["weights"])
        if len(self.context_weights) != len(self.context_features):
            raise ModelError("the sentence model's context stage needs one weight per feature")
        super().__init__(artifact["features"], artifact["weights"], 1)

    def logit(self, text: str) -> float:
        """The sentence alone: log-odds that it is part of a claim, clipped to ±`LOGIT_CLIP`."""
        tokens = text_tokens(text)
        (total,), _pairs = self._sums(tokens)
        logit = self.bias + total * self.scale * row_scale(len(tokens))
        return max(-LOGIT_CLIP, min(LOGIT_CLIP, logit))

    def probability(self, text: str) -> float:
        """P(the sentence is part of a claim), the sentence alone."""
        return _sigmoid(self.logit(text))

    def in_context(
        self, own: float, reading: float, previous: float | None, following: float | None
    ) -> float:
        """P(a sentence of a letter is part of a claim), given its `logit`, the engine's reading of it (its
        confidence when it points at evidence, else 0) and the logits of the sentences before and after it in its
        paragraph (None where there is none)."""
        features = context_features(own, reading, previous, following)
        return _sigmoid(
            self.context_bias
            + sum(
                w * features[name]
                for w, name in zip(self.context_weights, self.context_features, strict=True)
            )
        )


# What the context stage of `SentenceModel` weighs: the sentence's own logit, the engine's reading of it, and the
# logits of the sentences before and after it in the same paragraph. A neighbour across a paragraph break counts as
# none (an even chance, logit 0): a remark on a paragraph of its own between two claims is not part of either.
CONTEXT_FEATURES = ("self", "reading", "previous", "next")
LOGIT_CLIP = 9.0


def context_features(
    own: float, reading: float, previous: float | None, following: float | None
) -> dict[str, float]:
    """The context stage's inputs by name."""
    return {"self": own, "reading": reading, "previous": previous or 0.0, "next": following or 0.0}


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, logit))))


def _largest(count: int, gains: list[float], keys: list[str]) -> list[tuple[float, str]]:
    """`heapq.nlargest(count, zip(gains, keys))`, with the floats sorted in C first to find the cut."""
    pairs = zip(gains, keys, strict=True)
    if len(gains) > count:
        cut = sorted(gains, reverse=True)[count - 1]
        pairs = compress(pairs, map(cut.__le__, gains))
    return sorted(pairs, reverse=True)[:count]


def _locate(normalised: str, key: str) -> tuple[int, int] | None:
    """The first occurrence of a token ("word") or token pair ("word word") as whole tokens, or None."""
    first, _, second = key.partition(" ")
    position = 0
    while (start := normalised.find(first, position)) >= 0:
        end = start + len(first)
        position = start + 1
        if (start and normalised[start - 1].isalnum()) or normalised[end : end + 1].isalnum():
            continue
        if not second:
            return start, end
        after = end
        while after < len(normalised) and not normalised[after].isalnum():
            after += 1
        stop = after + len(second)
        if normalised.startswith(second, after) and not normalised[stop : stop + 1].isalnum():
            return start, stop
    return None


# --------------------------------------------------------------------------------------------------
# Artifact files
# --------------------------------------------------------------------------------------------------
def artifact_bytes(artifact: dict) -> bytes:
    """The artifact as gzip'd JSON with sorted keys and no timestamp: same model, same bytes."""
    data = json.dumps(artifact, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(data, compresslevel=9, mtime=0)


def read_artifact(path: Path) -> dict:
    try:
        return json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, ValueError) as error:
        raise ModelError(f"{path.name}: cannot read the model artifact ({error})") from None


@functools.cache
def load_model(path: Path) -> TextModel:
    """Load an artifact once per process (cached)."""
    return TextModel(read_artifact(path))


@functools.cache
def load_sentence_model(path: Path) -> SentenceModel:
    """Load a sentence model artifact once per process (cached)."""
    return SentenceModel(read_artifact(path))
