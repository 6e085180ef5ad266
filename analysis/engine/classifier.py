"""Classify one argument: framing first (validity, time, present, vehicle), then topic.

The machinery here is generic; what it recognises and what each rule decides live in the rule pack.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import ModelError, Prediction, TextModel, load_model
from .rulepack import ModelSettings, Rule, RulePack, load_rule_pack, normalise_circuit
from .text import TOKEN_RE, normalise

FALLBACK_RULE_ID = "FALLBACK"
_MAX_EVIDENCE = 8

# The review reason when the rules' best rule scores below the pack's weak_score (the web pages reword it beside a
# reading the learned model made sure: `analysis.triage.review_reason_as_shown`).
WEAK_MATCH_REASON = "Only a weak match; the reading is tentative."


@dataclass(frozen=True)
class Span:
    """A stretch of the input that drove the decision; `text == input[start:end]`."""

    start: int
    end: int
    text: str

    # Mapping-style access as well, so callers may treat a span like the `{start, end, text}` of DESIGN.md.
    def __getitem__(self, key: str):
        if key not in ("start", "end", "text"):
            raise KeyError(key)
        return getattr(self, key)

    def keys(self) -> tuple[str, ...]:
        return ("start", "end", "text")

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Assessment:
    """The engine's triage of one argument.

    `authorities` are citation strings from the rule pack (verbatim from LAW.md); `verify` lists what must be
    verified before filing (authorities and rule wording LAW.md marks **verify**). `ussg_subsection` is the
    USSG § 1B1.13 subsection for compassionate-release grounds (and § 1B1.13(d) for rehabilitation), else None.
    """

    disposition: str
    ground: str
    confidence: float
    needs_review: bool
    evidence: tuple[Span, ...]
    rationale: str
    authorities: tuple[str, ...]
    rule_id: str
    rule_pack_version: str
    verify: tuple[str, ...] = ()
    ussg_subsection: str | None = None
    framing: str | None = None
    circuit: str | None = None
    review_reasons: tuple[str, ...] = ()
    runner_up: dict | None = None
    # The learned model's reading ({"disposition", "ground", "probability", "disposition_probability"}) and the
    # phrases of the text that favoured it most; `decided_by` says which signal chose the answer ("rules",
    # "model" or "both"); `summary` is one plain sentence for a reviewer when the result is unsure.
    model: dict | None = None
    model_phrases: tuple[Span, ...] = ()
    decided_by: str = "rules"
    summary: str = ""

    @property
    def model_reading(self) -> dict | None:
        return self.model

    @property
    def reviewer_note(self) -> str:
        return reviewer_note(self.summary, self.needs_review, self.review_reasons)

    def to_dict(self) -> dict:
        return {
            "disposition": self.disposition,
            "ground": self.ground,
            "confidence": self.confidence,
            "needs_review": self.needs_review,
            "evidence": [span.to_dict() for span in self.evidence],
            "rationale": self.rationale,
            "authorities": list(self.authorities),
            "rule_id": self.rule_id,
            "rule_pack_version": self.rule_pack_version,
            "verify": list(self.verify),
            "ussg_subsection": self.ussg_subsection,
            "framing": self.framing,
            "circuit": self.circuit,
            "review_reasons": list(self.review_reasons),
            "runner_up": dict(self.runner_up) if self.runner_up else None,
            "model": dict(self.model) if self.model else None,
            "model_phrases": [span.to_dict() for span in self.model_phrases],
            "decided_by": self.decided_by,
            "summary": self.summary,
        }


def reviewer_note(summary: str, needs_review: bool, reasons) -> str:
    """One plain sentence a reviewer reads first: the combination's summary, else the first review reason."""
    if summary:
        return summary
    return reasons[0] if needs_review and reasons else ""


@dataclass
class RuleScore:
    rule: Rule
    score: float  # framing weight applied


@dataclass
class Analysis:
    """Everything the scoring saw, for the classifier, the splitter and the issue-exhaustion check."""

    pack: RulePack
    hits: dict[str, list[tuple[int, int, float]]]
    lexicon_scores: dict[str, float]
    ranked: list[RuleScore] = field(default_factory=list)  # best first, one entry per rule that fired
    tokens: list[str] = field(default_factory=list)  # the normalised text's tokens, in order (for the model)

    def best_per_framing(self) -> dict[str, RuleScore]:
        best: dict[str, RuleScore] = {}
        for item in self.ranked:
            best.setdefault(item.rule.framing, item)
        return best


def _find_hits(
    normalised: str, pack: RulePack, tokens: list[str] | None = None
) -> dict[str, list[tuple[int, int]]]:
    """Return each lexicon's matches in `normalised` as (start, end) pairs (and append its tokens to `tokens`).

    Most patterns begin with a literal word, so rather than scanning the whole text with every pattern, a
    pattern is tried only where a token begins with one of its trigger prefixes (`regex.match` at that
    offset), and only when a later word it needs (its tail) occurs somewhere. Which patterns a token can
    start is worked out once per token (`RulePack.token_plan`). Patterns without triggers are scanned in full.
    """
    starts_by_token: dict[str, list[int]] = {}
    keep_token = (tokens if tokens is not None else []).append
    for match in TOKEN_RE.finditer(normalised):
        token = match.group()
        keep_token(token)
        found = starts_by_token.get(token)
        if found is None:
            starts_by_token[token] = [match.start()]
        else:
            found.append(match.start())
    plans = pack._token_cache
    token_plan = pack.token_plan
    todo = []
    present_tails: set[str] = set()
    for token, starts in starts_by_token.items():
        steps, tails = plans.get(token) or token_plan(token)
        if steps:
            todo.append((steps, starts))
        if tails:
            present_tails.update(tails)

    # Every start of every pattern is tried; a match that begins inside an earlier match of the same pattern
    # is dropped below, as a scan from left to right would.
    spans_by_pattern: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    for steps, starts in todo:
        for index, lexicon, match_at, tails in steps:
            if tails is not None and tails.isdisjoint(present_tails):
                continue
            for start in starts:
                found_match = match_at(normalised, start)
                if found_match is None:
                    continue
                end = found_match.end()
                if end == start:
                    continue
                entry = spans_by_pattern.get(index)
                if entry is None:
                    spans_by_pattern[index] = (lexicon, [(start, end)])
                else:
                    entry[1].append((start, end))

    hits: dict[str, list[tuple[int, int]]] = {}
    for lexicon, spans in spans_by_pattern.values():
        if len(spans) > 1:
            spans.sort()
            kept, last_end = [], -1
            for start, end in spans:
                if start >= last_end:
                    kept.append((start, end))
                    last_end = end
            spans = kept
        lexicon_hits = hits.get(lexicon)
        if lexicon_hits is None:
            hits[lexicon] = spans
        else:
            lexicon_hits.extend(spans)
    index = pack.pattern_index
    for i in pack.ungated:
        lexicon, pattern = index[i]
        search = pattern.regex.search
        position = 0
        while True:
            found_match = search(normalised, position)
            if found_match is None:
                break
            start, end = found_match.span()
            if end == start or (start and normalised[start].isalnum() and normalised[start - 1].isalnum()):
                position = start + 1
                continue
            hits.setdefault(lexicon, []).append((start, end))
            position = end
    return hits


def _merge_spans(spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    merged: list[tuple[int, int, float]] = []
    for start, end, factor in sorted(spans):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), max(last[2], factor))
        else:
            merged.append((start, end, factor))
    return merged


def analyse(text: str, pack: RulePack, circuit: str | None = None, normalised: str | None = None) -> Analysis:
    """Score `text` against every lexicon and rule of `pack`."""
    normalised = normalise(text) if normalised is None else normalised
    tokens: list[str] = []
    raw = _find_hits(normalised, pack, tokens)
    if not raw:  # nothing matched (a third of a letter's sentences): no rule can fire
        return Analysis(pack=pack, hits={}, lexicon_scores={}, ranked=[], tokens=tokens)

    # Masks: a lexicon's hits hide overlapping hits of the lexicons it masks. A lexicon masks with the hits its
    # own maskers left it (the pack's mask order), whatever order its words come in the text.
    for name in pack.mask_order:
        masking = raw.get(name)
        if masking is None:
            continue
        for masked in pack.lexicons[name].masks:
            if masked in raw:
                keep = [(s, e) for s, e in raw[masked] if not any(s < me and ms < e for ms, me in masking)]
                if keep:
                    raw[masked] = keep
                else:
                    del raw[masked]

    background: list[tuple[int, int]] = []
    if pack.background_clause is not None and raw and not pack.background_words.isdisjoint(tokens):
        background = [m.span() for m in pack.background_clause.finditer(normalised)]

    hits: dict[str, list[tuple[int, int, float]]] = {}
    scores: dict[str, float] = {}
    for name, spans in raw.items():
        lexicon = pack.lexicons[name]
        if background:
            weighted = [
                (s, e, pack.background_factor if any(bs <= s < be for bs, be in background) else 1.0)
                for s, e in spans
            ]
        else:  # the common case: no background clause, every hit counts in full
            weighted = [(s, e, 1.0) for s, e in spans]
        merged = _merge_spans(weighted) if len(weighted) > 1 else weighted
        hits[name] = merged
        weight = lexicon.weight
        if len(merged) == 1:
            total = weight * merged[0][2]  # what the sum below gives for a single hit
        else:
            factors = sorted((f for _, _, f in merged), reverse=True)
            total = weight * factors[0] + sum(weight * pack.repeat_factor * f for f in factors[1:])
        scores[name] = min(total, lexicon.cap) if weight else 0.0

    canonical_circuit = normalise_circuit(circuit)
    ranked: list[RuleScore] = []
    present = hits.keys()
    for rule in pack.rules:
        if present.isdisjoint(rule.recognises):  # scores nothing (checked first: most rules stop here)
            continue
        if rule.circuits is not None and canonical_circuit not in rule.circuits:
            continue
        if rule.requires_any and present.isdisjoint(rule.requires_any):
            continue
        if rule.requires_all and not present >= set(rule.requires_all):
            continue
        if rule.unless and not present.isdisjoint(rule.unless):
            continue
        score = sum(scores.get(name, 0.0) for name in rule.recognises)
        if score <= 0:
            continue
        ranked.append(RuleScore(rule, score * pack.framing_weight[rule.framing]))
    priority = {framing: i for i, framing in enumerate(pack.framing_order)}
    ranked.sort(
        key=lambda item: (
            -round(item.score, 6),
            priority[item.rule.framing],
            item.rule.circuits is None,
            item.rule.order,
        )
    )
    return Analysis(pack=pack, hits=hits, lexicon_scores=scores, ranked=ranked, tokens=tokens)


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fallback(text: str, pack: RulePack, circuit: str | None) -> Assessment:
    try:
        base = pack.rule("CR-OTHER")
        authorities = tuple(pack.cite(key) for key in base.authorities)
        subsection = base.ussg_subsection
    except KeyError:
        authorities, subsection = (), None
    return Assessment(
        disposition="compassionate_release",
        ground="other",
        confidence=0.15,
        needs_review=True,
        evidence=(),
        rationale="No recognised phrasing was found, so this is filed as an 'other' compassionate-release reason "
        "for a reviewer to read.",
        authorities=authorities,
        rule_id=FALLBACK_RULE_ID,
        rule_pack_version=pack.version,
        verify=(),
        ussg_subsection=subsection,
        framing=None,
        circuit=circuit,
        review_reasons=("Nothing in the text matched a rule.",),
        runner_up=None,
    )


def _rule_speaks(rule: Rule, analysis: Analysis, text: str, pack: RulePack) -> dict:
    """What a rule says about `text`: its evidence spans, explanation, authorities and what to verify."""
    spans = sorted((start, end) for name in rule.recognises for start, end, _ in analysis.hits.get(name, ()))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    evidence = tuple(Span(start, end, text[start:end]) for start, end in merged[:_MAX_EVIDENCE])

    subsection = rule.ussg_subsection
    verify = [
        f"{pack.cite(key)}: verify before filing" for key in rule.authorities if pack.authorities[key].verify
    ]
    verify.extend(rule.verify)
    for refinement in rule.ussg_refine:
        if refinement.lexicon in analysis.hits:
            subsection = refinement.subsection
            if refinement.verify:
                verify.append(refinement.verify)
            break

    quoted = [f"“{_quote(span.text)}”" for span in evidence[:3]]
    rationale = rule.explanation
    if quoted:
        rationale += " The text says " + ", ".join(quoted) + "."
    return {
        "disposition": rule.disposition,
        "ground": rule.ground,
        "evidence": evidence,
        "rationale": rationale,
        "authorities": tuple(pack.cite(key) for key in rule.authorities),
        "rule_id": rule.id,
        "verify": tuple(dict.fromkeys(verify)),
        "ussg_subsection": subsection,
        "framing": rule.framing,
    }


def _rules_verdict(analysis: Analysis, pack: RulePack) -> tuple[RuleScore, RuleScore | None, float, float]:
    """The rules' winner (`analysis.ranked` must not be empty), the best rule of another framing, the share of the
    winner's score that rival has, and the rules' confidence."""
    winner = analysis.ranked[0]
    best = analysis.best_per_framing()
    rivals = [item for framing, item in best.items() if framing != winner.rule.framing]
    runner = max(rivals, key=lambda item: item.score, default=None)
    ratio = (runner.score / winner.score) if runner else 0.0
    strength = 1.0 - math.exp(-winner.score / pack.confidence_scale)
    confidence = round(max(0.05, min(0.97, strength * (1.0 - 0.6 * min(ratio, 1.0)))), 3)
    return winner, runner, ratio, confidence


def rules_reading(text: str) -> tuple[tuple[str, str], float] | None:
    """The newest pack's rules alone, reduced to what the splitter reads of each sentence: the (disposition,
    ground) and confidence `classify_by_rules` gives, or None where it finds no evidence (its fallback). The
    same analysis, without building the explanation nobody reads for a sentence."""
    pack = load_rule_pack(None)
    analysis = analyse(text, pack)
    if not analysis.ranked:
        return None
    winner, _runner, _ratio, confidence = _rules_verdict(analysis, pack)
    return (winner.rule.disposition, winner.rule.ground), confidence


def _from_rules(text: str, analysis: Analysis, pack: RulePack, canonical_circuit: str | None) -> Assessment:
    """The rules' own reading: the best-scoring rule, its evidence, authorities and review reasons."""
    if not analysis.ranked:
        return _fallback(text, pack, canonical_circuit)

    winner, runner, ratio, confidence = _rules_verdict(analysis, pack)
    rule = winner.rule

    reasons = []
    if rule.needs_review:
        reasons.append("This kind of argument is weak or unsettled; a reviewer should decide.")
    if runner and ratio >= pack.review_ratio:
        reasons.append(
            f"It also reads as {runner.rule.disposition}/{runner.rule.ground} (rule {runner.rule.id}); "
            "the argument may mix claims."
        )
    if winner.score < pack.weak_score:
        reasons.append(WEAK_MATCH_REASON)

    return Assessment(
        **_rule_speaks(rule, analysis, text, pack),
        confidence=confidence,
        needs_review=bool(reasons),
        rule_pack_version=pack.version,
        circuit=canonical_circuit,
        review_reasons=tuple(reasons),
        runner_up=(
            {
                "disposition": runner.rule.disposition,
                "ground": runner.rule.ground,
                "rule_id": runner.rule.id,
                "score": round(runner.score, 3),
            }
            if runner
            else None
        ),
    )


# --------------------------------------------------------------------------------------------------
# Rules and model together
# --------------------------------------------------------------------------------------------------
PACK_MODEL = object()  # `assess(model=PACK_MODEL)`: use the model the pack names (if any)


_MODELS: dict[tuple[Path, str], TextModel] = {}


def pack_model(pack: RulePack) -> TextModel | None:
    """The pack's learned model, loaded once; None for packs without one (older packs: rules only)."""
    if pack.model is None:
        return None
    key = (pack.model.artifact, pack.version)
    model = _MODELS.get(key)
    if model is None:
        model = _MODELS[key] = _load_pack_model(pack)
    return model


def _load_pack_model(pack: RulePack) -> TextModel:
    if not pack.model.artifact.exists():
        raise ModelError(f"rule pack {pack.version} names {pack.model.artifact.name}, which is missing")
    model = load_model(pack.model.artifact)
    if model.rule_pack_version != pack.version:
        raise ModelError(
            f"{pack.model.artifact.name} was trained for rule pack {model.rule_pack_version}, not {pack.version}"
        )
    return model


def _label(disposition: str, ground: str) -> str:
    return f"{disposition.replace('_', ' ')} / {ground.replace('_', ' ')}"


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"


def _best_ground(prediction: Prediction, disposition: str) -> tuple[str, float]:
    """The model's most likely ground within `disposition`, and P(disposition/ground)."""
    options = [(p, ground) for (d, ground), p in prediction.pairs.items() if d == disposition]
    if not options:
        return "other", 0.0
    p, ground = max(options, key=lambda item: (item[0], item[1] == "other", item[1]))
    return ground, p


def _model_summary(prediction: Prediction) -> dict:
    return {
        "disposition": prediction.disposition,
        "ground": prediction.ground,
        "disposition_probability": round(prediction.disposition_probability, 3),
        "probability": round(prediction.ground_probability, 3),
    }


def _combine(text: str, rules: Assessment, prediction: Prediction, analysis: Analysis, pack: RulePack,
             settings: ModelSettings) -> Assessment:  # fmt: skip
    """Decide with both signals. The rules keep the last word on a validity framing; disagreement or weakness
    on both sides asks for a reviewer; confidence reflects agreement; rule-pack entries speak for the answer."""
    fallback = rules.rule_id == FALLBACK_RULE_ID
    rule_conf = 0.0 if fallback else rules.confidence
    # The model's two heads read the disposition each its own way (directly, and as the sum of its grounds); the
    # pack's `pair_head_share` mixes them into the model's vote (2026.12.07.2: their mean, so that one head's lean
    # is not taken as the model's certainty)...
    p_model = prediction.dispositions
    p_collateral = p_model.get("collateral_attack", 0.0)
    share = settings.pair_head_share
    if share:
        marginals: dict[str, float] = {}
        for (d, _ground), p in prediction.pairs.items():
            marginals[d] = marginals.get(d, 0.0) + p
        p_model = {d: (1 - share) * p + share * marginals.get(d, 0.0) for d, p in p_model.items()}
        # ...but a validity attack that either head reads is never lost (a § 2255 claim must not be)
        p_collateral = max(p_collateral, marginals.get("collateral_attack", 0.0))
    model_label = _label(prediction.disposition, prediction.ground)
    notes: list[str] = []
    reasons: list[str] = []

    # 1. The disposition: a vote of the model's probabilities and the rules' confidence in their reading. A
    # validity framing from the rules wins (unless a "sentenced today" framing contests it and the model reads a
    # change in law: LAW.md § 3, framing decides), and so does the model's reading of a validity attack: a
    # collateral attack is never lost.
    rd = rules.disposition
    # A reading the text's own framing rules out (the pack's [model.ruled_out], e.g. home confinement asked as a
    # condition of supervised release is not BOP placement) gets none of the model's vote; the vote it would have
    # had still counts in the total, so the model's doubt stays in the confidence.
    pairs = prediction.pairs
    excluded = {pair for name in analysis.hits for pair in settings.ruled_out.get(name, ())}
    removed = 0.0
    if excluded:
        p_model = dict(p_model)
        for pair in excluded:
            share_of_pair = min(p_model.get(pair[0], 0.0), pairs.get(pair, 0.0))
            p_model[pair[0]] = p_model.get(pair[0], 0.0) - share_of_pair
            removed += share_of_pair
        # A disposition every reading of which the text rules out (2026.12.07.5: a text that asks no release) gets
        # none of the model's vote, whatever its disposition head still gives it.
        for d in {pair[0] for pair in excluded}:
            if all(pair in excluded for pair in pairs if pair[0] == d):
                removed += p_model.get(d, 0.0)
                p_model[d] = 0.0
        pairs = {pair: (0.0 if pair in excluded else p) for pair, p in pairs.items()}
    runner = pack.rule(rules.runner_up["rule_id"]) if rules.runner_up else None
    contested = runner is not None and runner.framing == "time" and p_model.get("foreclosed", 0.0) >= 0.5
    validity = rules.framing == "validity" and rule_conf >= settings.validity_keep and not contested
    votes = dict(p_model)
    votes[rd] = votes.get(rd, 0.0) + settings.rules_weight * rule_conf
    total = sum(votes.values()) + removed
    # With nothing matched and a weak model the fallback stands, unless the text rules its reading out (a text
    # that asks no release is not an 'other' release reason): then the model's best reading left is the answer.
    if (
        fallback
        and prediction.ground_probability < settings.model_alone
        and (rules.disposition, rules.ground) not in excluded
    ):
        return replace(
            rules,
            model=_model_summary(prediction),
            decided_by="rules",
            summary=settings.say(
                "weak", model=model_label, probability=_percent(prediction.ground_probability)
            ),
        )
    if validity or (p_collateral >= settings.collateral_floor and rule_conf < settings.rules_final):
        disposition = "collateral_attack"
    elif rule_conf >= settings.rules_final:
        disposition = rd
    else:
        disposition = max(votes, key=lambda d: (votes[d], d == rd))
    share = votes.get(disposition, 0.0) / total

    # 2. The ground within it, voted the same way (the model's probabilities within the disposition).
    rules_agree = rd == disposition and not fallback
    p_disp = p_model.get(disposition, 0.0)
    ground_votes = {
        ground: (p / p_disp if p_disp else 0.0) for (d, ground), p in pairs.items() if d == disposition
    }
    if rules_agree:
        ground_votes[rules.ground] = (
            ground_votes.get(rules.ground, 0.0) + settings.ground_rules_weight * rule_conf
        )
    elif not any(ground_votes.values()):
        # the model never saw this disposition, or the text rules out every reading of it: the pack's rule for
        # "other" speaks
        ground_votes = {"other": 1.0}
    ground = max(ground_votes, key=lambda g: (ground_votes[g], rules_agree and g == rules.ground, g))
    ground_share = ground_votes[ground] / sum(ground_votes.values())
    model_ground, _ = _best_ground(prediction, disposition)

    # 3. Rehabilitation beside another circumstance is never filed as foreclosed (it supports that ground): the
    # rules read it beside another ground, or the model reads a release ground other than rehabilitation itself.
    if (disposition, ground) == ("foreclosed", "rehabilitation_alone") and (
        (rules.rule_id == "CR-REHABILITATION-WITH-GROUND" and rule_conf >= settings.rehabilitation_beside)
        or (
            p_model.get("compassionate_release", 0.0) >= settings.rehabilitation_beside
            and _best_ground(prediction, "compassionate_release")[0] != "rehabilitation"
        )
    ):
        disposition, ground = "compassionate_release", "rehabilitation"
        notes.append(settings.say("rehabilitation_beside"))

    # 4. How sure the two are together, who decided, and what a reviewer should read first.
    confidence = round(max(0.05, min(0.97, share * ground_share**settings.ground_exponent)), 3)
    rules_agree = rd == disposition and not fallback
    model_agrees = prediction.disposition == disposition
    decided_by = "both" if rules_agree and model_agrees else ("rules" if rules_agree else "model")
    model_pair = prediction.probability(disposition, ground)
    if (
        disposition == "collateral_attack"
        and validity
        and not model_agrees
        and prediction.disposition_probability >= 0.5
    ):
        notes.append(settings.say("collateral_kept", model=model_label))
    elif disposition == "collateral_attack" and rd != disposition and not fallback:
        notes.append(settings.say("collateral_model", probability=_percent(p_model.get(disposition, 0.0))))
    elif (
        not model_agrees
        and (prediction.disposition, prediction.ground) in excluded
        and "ruled_out" in settings.text
    ):
        # the model's own reading is one the text's framing rules out: say so, quoting the words that do, rather
        # than call it a rival reading (also when the rules found nothing: the answer is then the best reading left)
        pair = (prediction.disposition, prediction.ground)
        ruling = next(name for name in analysis.hits if pair in settings.ruled_out.get(name, ()))
        start, end, _factor = analysis.hits[ruling][0]
        notes.append(settings.say("ruled_out", model=model_label, words=f"“{_quote(text[start:end])}”"))
    elif not fallback and (
        (rd != disposition and rule_conf >= settings.disagree_above)
        or (not model_agrees and prediction.disposition_probability >= 0.5)
    ):
        notes.append(settings.say("disagree", rules=_label(rd, rules.ground), model=model_label))
    elif fallback:
        notes.append(
            settings.say("model_only", model=_label(disposition, ground), probability=_percent(model_pair))
        )
    elif rules_agree and rules.ground != ground and rule_conf >= settings.rules_strong:
        notes.append(
            settings.say(
                "ground_differs",
                disposition=disposition.replace("_", " "),
                rules_ground=rules.ground.replace("_", " "),
                model_ground=ground.replace("_", " "),
            )
        )

    # 5. The rule that speaks for the answer: the rules' own winner if it matches, else the best rule that
    # fired for this ground, else the pack's rule for the ground (authorities and rationale from the pack only).
    if rules_agree and ground == rules.ground:
        spoken = None
        chosen_rule_id = rules.rule_id
    else:
        fired = next(
            (
                item.rule
                for item in analysis.ranked
                if (item.rule.disposition, item.rule.ground) == (disposition, ground)
            ),
            None,
        )
        rule = fired or pack.rule(settings.rules[(disposition, ground)])
        spoken = _rule_speaks(rule, analysis, text, pack)
        if fired is None:
            spoken["evidence"] = ()
            spoken["rationale"] = rule.explanation
        chosen_rule_id = rule.id
    rule = pack.rule(chosen_rule_id)

    if (disposition, ground) == ("other_vehicle", "guideline_amendment") and (
        "guideline_amendment_named" not in analysis.hits
    ):
        notes.append(settings.say("amendment_unnamed"))
    if chosen_rule_id == rules.rule_id:
        reasons.extend(rules.review_reasons)
    elif rule.needs_review:
        reasons.append("This kind of argument is weak or unsettled; a reviewer should decide.")
    if confidence < settings.review_below and not notes:
        notes.append(
            settings.say("weak", model=_label(disposition, ground), probability=_percent(model_pair))
        )
    reasons.extend(notes)

    phrases = tuple(Span(start, end, text[start:end]) for start, end in prediction.phrases)
    base = spoken or {
        "rationale": rules.rationale,
        "authorities": rules.authorities,
        "verify": rules.verify,
        "ussg_subsection": rules.ussg_subsection,
    }
    rationale = base["rationale"]
    if decided_by == "model":
        rationale += " " + notes[0] if notes else ""
    return Assessment(
        disposition=disposition,
        ground=ground,
        confidence=confidence,
        needs_review=bool(reasons) or confidence < settings.review_below,
        evidence=rules.evidence if spoken is None else spoken["evidence"],
        rationale=rationale,
        authorities=tuple(base["authorities"]),
        rule_id=chosen_rule_id,
        rule_pack_version=pack.version,
        verify=tuple(base["verify"]),
        ussg_subsection=base["ussg_subsection"],
        framing=rule.framing,
        circuit=rules.circuit,
        review_reasons=tuple(dict.fromkeys(reasons)),
        runner_up=rules.runner_up,
        model=_model_summary(prediction),
        model_phrases=phrases,
        decided_by=decided_by,
        summary=notes[0] if notes else "",
    )


def assess(text: str, pack: RulePack, circuit: str | None = None, model=PACK_MODEL) -> Assessment:
    """Classify `text` with an already loaded `pack` (and its model, or `model`; None: the rules alone)."""
    canonical_circuit = normalise_circuit(circuit)
    normalised = normalise(text)
    analysis = analyse(text, pack, canonical_circuit, normalised)
    by_rules = _from_rules(text, analysis, pack, canonical_circuit)
    if model is PACK_MODEL:
        model = pack_model(pack)
    if model is None or pack.model is None:
        return by_rules
    prediction = model.predict(
        text, normalised=normalised, tokens=analysis.tokens, short=pack.model.short_text_tokens
    )
    return _combine(text, by_rules, prediction, analysis, pack, pack.model)


def classify_by_rules(text: str, circuit: str | None = None) -> Assessment:
    """The newest pack's rules alone, without its model: what the splitter reads of each sentence (it calls
    `rules_reading`, the same reading without the explanation)."""
    return assess(text, load_rule_pack(None), circuit, None)


def classify(text: str, circuit: str | None = None, as_of: dt.date | str | None = None) -> Assessment:
    """Return the triage of one argument under the rule pack in force on `as_of` (default: the newest).

    `circuit` accepts "4th", "4", "fourth", "CA4", "DC", "Fed"…; unknown values are treated as unknown.
    Raises TypeError when `text` is not a string and RulePackNotFound when no pack was in force on `as_of`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return assess(text, load_rule_pack(as_of), circuit)
