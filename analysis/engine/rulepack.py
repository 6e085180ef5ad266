"""Load, validate and compile the rule packs in `analysis/rules/`.

A rule pack is the law as data: authorities (verbatim from LAW.md), lexicons of phrasings, rules that map
lexicon signals to a disposition and ground, and per-circuit policies. Packs are dated (`as_of`); a past
pack may `extends` another and override rules by id, so history stays small and reviewable.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .lawtext import LawText, LawTextError, LawTextTable, build_law_text
from .taxonomy import TAXONOMY, is_valid

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
FRAMINGS = ("validity", "time", "present", "vehicle")
ISSUE_EXHAUSTION_VALUES = ("none", "required", "at_risk", "unknown")


class RulePackError(ValueError):
    """A rule pack is malformed (bad TOML, unknown lexicon or authority, ground outside the taxonomy)."""


class RulePackNotFound(LookupError):
    """No rule pack was in force on the requested date."""


@dataclass(frozen=True)
class Authority:
    key: str
    cite: str
    verify: bool
    # The circuit whose court decided it ("4th", "DC"), or None for the Supreme Court, statutes and rules:
    # a circuit's case binds only there, so documents and the timeline cite it only for that circuit's clients.
    circuit: str | None = None


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    source: str
    triggers: frozenset[str] | None  # token prefixes a match starts with; None: scan the whole text
    tails: frozenset[str] | None = None  # token prefixes that must also occur somewhere (a later word)
    whole_words: frozenset[str] = frozenset()  # triggers a match can start with only as the whole token


@dataclass(frozen=True)
class Lexicon:
    name: str
    weight: float
    cap: float
    patterns: tuple[Pattern, ...]
    masks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refinement:
    lexicon: str
    subsection: str
    verify: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    framing: str
    disposition: str
    ground: str
    recognises: tuple[str, ...]
    requires_any: tuple[str, ...]
    requires_all: tuple[str, ...]
    unless: tuple[str, ...]
    authorities: tuple[str, ...]
    explanation: str
    circuits: tuple[str, ...] | None = None
    needs_review: bool = False
    ussg_subsection: str | None = None
    ussg_refine: tuple[Refinement, ...] = ()
    verify: tuple[str, ...] = ()
    order: int = 0


@dataclass(frozen=True)
class CircuitPolicy:
    code: str
    issue_exhaustion: str
    authorities: tuple[str, ...]
    advice: str


@dataclass(frozen=True)
class CourtRules:
    """Dates after filing (LAW.md § 1, "Appeals from a ruling"), each with the authority keys it rests on."""

    appeal_days: int
    appeal_deadline_authorities: tuple[str, ...]
    appeal_route_authorities: tuple[str, ...]
    standard_of_review: str
    standard_of_review_authorities: tuple[str, ...]
    waiver_authorities: tuple[str, ...]
    premature_authorities: tuple[str, ...]
    appeal_counting_authorities: tuple[str, ...] = ()
    text: dict[str, str] = field(default_factory=dict)  # the timeline's notes, with {placeholders}

    def say(self, key: str, **values) -> str:
        return self.text[key].format(**values)


# Every note the timeline can show must be in the pack's [court.text] table.
COURT_TEXT_KEYS = (
    "lapse_rule",
    "lapse_rule_assumed",
    "earliest_rule",
    "bp10_rule",
    "appeal_rule",
    "receipt_assumed",
    "denial_within_lapse",
    "premature_filing",
    "premature_forfeited",
    "premature_objection",
    "grant_appealable",
    "renewal_after_threshold",
    "renewal_at_once",
    "renewal_needs_request",
    "deadline_not_business_day",
    "appeal_deadline_rolled",
    "appeal_extension",
)


@dataclass(frozen=True)
class ThresholdRules:
    """The day counts of the filing threshold (LAW.md § 1), and the authority each circuit's notes cite for its
    being a claim-processing rule the government can waive (`waiver_authority`, with a "default")."""

    lapse_days: int
    bp10_days: int
    waiver_authority: dict[str, str]

    def waiver_authority_for(self, circuit: str | None) -> str:
        return self.waiver_authority.get(circuit or "", self.waiver_authority["default"])


@dataclass(frozen=True)
class ChangeEntry:
    """What changed since an earlier pack: the rules it touches, in words, with the authority that changed it."""

    since: str
    rules: tuple[str, ...]
    summary: str
    authorities: tuple[str, ...]
    # "law": a change in the law moved these rules; "engine": only how the engine reads arguments changed (no
    # law-change notice should show it beside a real change of law).
    kind: str = "law"


CHANGE_KINDS = ("law", "engine")

# Every sentence the combination of rules and model can show must be in the pack's [model.text] table.
MODEL_TEXT_KEYS = (
    "disagree",
    "weak",
    "model_only",
    "ground_differs",
    "collateral_kept",
    "collateral_model",
    "rehabilitation_beside",
    "amendment_unnamed",
)
# Sentences a pack may give; without one the combination says what older packs said.
OPTIONAL_MODEL_TEXT_KEYS = ("ruled_out",)


@dataclass(frozen=True)
class ModelSettings:
    """The learned model a pack uses beside its rules ([model]): its artifact and how the two combine."""

    artifact: Path
    validity_keep: float
    collateral_floor: float
    rules_strong: float
    rules_weight: float
    rules_final: float
    ground_rules_weight: float
    ground_exponent: float
    disagree_above: float
    review_below: float
    rehabilitation_beside: float
    model_alone: float
    short_text_tokens: int
    rules: dict[tuple[str, str], str]  # (disposition, ground) -> the rule that speaks for it
    text: dict[str, str]
    # lexicon -> the readings its framing rules out ([model.ruled_out]): when the rules find it, the model's
    # probability for those readings does not count ("home confinement as a condition of supervised release" is
    # not a request for BOP placement, however often the model saw "home confinement" there)
    ruled_out: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # how much of the model's disposition vote comes from its ground head (the sum of its grounds' probabilities)
    # rather than its disposition head; above 0, a validity attack that either head reads strongly goes to § 2255
    pair_head_share: float = 0.0

    def say(self, key: str, **values) -> str:
        return self.text[key].format(**values)


@dataclass(frozen=True)
class RulePack:
    version: str
    as_of: dt.date
    source: str
    in_force_from: dt.date
    path: Path
    authorities: dict[str, Authority]
    lexicons: dict[str, Lexicon]
    rules: tuple[Rule, ...]
    circuits: dict[str, CircuitPolicy]
    framing_order: tuple[str, ...]
    framing_weight: dict[str, float]
    background_clause: re.Pattern[str] | None
    background_words: frozenset[str]
    background_factor: float
    repeat_factor: float
    review_ratio: float
    weak_score: float
    confidence_scale: float
    court: CourtRules | None = None
    threshold: ThresholdRules = None  # type: ignore[assignment]  # always set by the loader ([threshold])
    changelog: tuple[ChangeEntry, ...] = ()
    model: ModelSettings | None = None
    law: LawTextTable | None = None  # the law text the documents print (`law_text`), None for a pack without
    # token prefix -> indices into `pattern_index`; patterns without triggers are always tried
    trigger_map: dict[str, tuple[int, ...]] = field(repr=False, default_factory=dict)
    # whole token -> indices into `pattern_index` (triggers the regex must follow with a non-word character)
    word_map: dict[str, tuple[int, ...]] = field(repr=False, default_factory=dict)
    trigger_lengths: tuple[int, ...] = field(repr=False, default=())
    pattern_index: tuple[tuple[str, Pattern], ...] = field(repr=False, default=())
    ungated: tuple[int, ...] = field(repr=False, default=())
    # lexicons with masks, each after the lexicons that mask it (so a lexicon masks with what is left of it)
    mask_order: tuple[str, ...] = field(repr=False, default=())
    tail_lengths: tuple[int, ...] = field(repr=False, default=())
    tail_vocabulary: frozenset[str] = field(repr=False, default=frozenset())
    _token_cache: dict = field(repr=False, default_factory=dict, compare=False)

    def token_plan(
        self, token: str
    ) -> tuple[tuple[tuple[int, str, Callable, frozenset[str] | None], ...], frozenset[str]]:
        """What a token of a text asks `_find_hits` to do, worked out once per token (cached).

        Returns (steps, tails): a step (index into `pattern_index`, lexicon, the pattern's `match`, the
        pattern's tail prefixes or None) for each pattern a match could begin with at this token (each
        pattern once), and the tail prefixes this token carries (for the other patterns' tail gates).
        """
        cache = self._token_cache
        plan = cache.get(token)
        if plan is None:
            size = len(token)
            heads: list[int] = []
            for length in self.trigger_lengths:
                if length > size:
                    break
                heads.extend(self.trigger_map.get(token[:length], ()))
            heads.extend(self.word_map.get(token, ()))
            steps = []
            for index in dict.fromkeys(heads):
                lexicon, pattern = self.pattern_index[index]
                steps.append((index, lexicon, pattern.regex.match, pattern.tails))
            tails = frozenset(
                token[:length]
                for length in self.tail_lengths
                if length <= size and token[:length] in self.tail_vocabulary
            )
            plan = (tuple(steps), tails)
            if len(cache) > 100_000:  # bounded: vocabularies are small, but inputs are not trusted
                cache.clear()
            cache[token] = plan
        return plan

    def cite(self, key: str) -> str:
        return self.authorities[key].cite

    def binding(self, keys, circuit: str | None) -> tuple[str, ...]:
        """The authority keys among `keys` that bind in `circuit`: no other circuit's case law."""
        code = normalise_circuit(circuit)
        return tuple(key for key in keys if self.authorities[key].circuit in (None, code))

    def circuit_policy(self, circuit: str | None) -> CircuitPolicy:
        code = normalise_circuit(circuit)
        return self.circuits.get(code or "", self.circuits["default"])

    def changes_for(self, *rule_ids: str) -> tuple[ChangeEntry, ...]:
        """The changes of law that name any of `rule_ids` (why an argument's assessment moved).

        Engine-only entries (`kind = "engine"`) are left out: they name every rule, and a law-change notice
        that listed them would bury the change of law among engine news."""
        wanted = set(rule_ids)
        return tuple(entry for entry in self.changelog if entry.kind == "law" and wanted & set(entry.rules))

    def text(self, key: str, *, circuit: str | None = None, **values) -> LawText:
        """The law-text entry `key` filled in: pack constants and `values` for its placeholders, the authorities
        it names by key (a circuit slot uses `circuit`'s keys). LawTextError for an unknown key or a missing value."""
        return self._law().render(key, normalise_circuit(circuit), values)

    def text_list(self, key: str, *, circuit: str | None = None, **values) -> tuple[LawText, ...]:
        """A law-text entry that is a list of sentences (the motion's relief options), each filled in."""
        return self._law().render_list(key, normalise_circuit(circuit), values)

    def has_text(self, key: str) -> bool:
        return self.law is not None and key in self.law.keys()

    def has_circuit_text(self, key: str, circuit: str | None) -> bool:
        """Whether `circuit` has a sentence of its own for `key` (else the default's is printed)."""
        return self._law().has_own(key, normalise_circuit(circuit))

    def circuit_authorities(self, slot: str, circuit: str | None) -> tuple[str, ...]:
        """The authority keys the law text cites for `slot` to `circuit`'s clients (its own, else the default)."""
        return self._law().circuit_keys(slot, normalise_circuit(circuit))

    def _law(self) -> LawTextTable:
        if self.law is None:
            raise LawTextError(f"rule pack {self.version} has no law text (`law_text`)")
        return self.law

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


# --------------------------------------------------------------------------------------------------
# Circuits
# --------------------------------------------------------------------------------------------------
_ORDINALS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
    "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th",
}  # fmt: skip
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
_CIRCUIT_NOISE = re.compile(r"\b(?:circuit|cir|ca|court|of|appeals|the|u\.?s\.?)\b|[.\s]")


# "(4th Cir. 2021)", "(D.C. Cir. 2022)", "(5th Cir. June 2, 2021)": the deciding circuit of a full cite.
_CITE_CIRCUIT = re.compile(r"\((\d{1,2}(?:st|nd|rd|th|d)|D\.C\.) Cir\.")


def deciding_circuit(cite: str) -> str | None:
    """The circuit whose court of appeals decided `cite` ("4th"), or None (the Supreme Court, a statute, a rule)."""
    match = _CITE_CIRCUIT.search(cite)
    return normalise_circuit(match.group(1)) if match else None


def other_circuit(cite: str, circuit: str | None) -> str | None:
    """The deciding circuit of `cite` when it is not `circuit` (persuasive at most there), else None; None too
    when the client's circuit is unknown. A short form ("Muhammad, 16 F.4th at 130") takes the circuit the
    newest pack records for it."""
    code = normalise_circuit(circuit)
    if not code or not cite:
        return None
    known = _circuits_of_cites(load_rule_pack(None).version)
    deciding = known[cite] if cite in known else deciding_circuit(cite)
    return deciding if deciding and deciding != code else None


@functools.cache
def _circuits_of_cites(version: str) -> dict[str, str | None]:
    """Each cite of a pack's authorities and the circuit the pack records for it (built once per pack)."""
    return {
        authority.cite: authority.circuit
        for authority in load_rule_pack_version(version).authorities.values()
    }


def normalise_circuit(circuit: str | None) -> str | None:
    """Return the canonical circuit code ("1st" … "11th", "DC", "Fed"), or None when unknown.

    Accepts "4th", "4", "fourth", "CA4", "4th Cir.", "D.C. Cir.", "Federal".
    """
    if not circuit or not isinstance(circuit, str):
        return None
    raw = circuit.strip().lower()
    if raw in {"dc", "d.c.", "d.c", "d. c.", "dc cir", "d.c. cir.", "d.c. circuit", "dc circuit", "cadc"}:
        return "DC"
    if raw in {"fed", "fed.", "federal", "fed cir", "fed. cir.", "federal circuit", "cafc"}:
        return "Fed"
    compact = _CIRCUIT_NOISE.sub("", re.sub(r"^ca(?=\d)", "", raw))
    if compact in _ORDINALS:
        return _ORDINALS[compact]
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|d)?", compact)
    if match:
        number = int(match.group(1))
        if 1 <= number <= 11:
            suffix = "th" if 11 <= number <= 13 else _SUFFIX.get(number % 10, "th")
            return f"{number}{suffix}"
    if compact in {"dc", "d.c"}:
        return "DC"
    if compact in {"fed", "federal"}:
        return "Fed"
    return None


# --------------------------------------------------------------------------------------------------
# Pattern compilation
# --------------------------------------------------------------------------------------------------
_MACRO = re.compile(r"\{\{(\w+)\}\}")
# A space matches any run of spaces; " ?" and " *" make it optional.
_SPACE = re.compile(r" ([?*+]?)")
_WORD_CHARS = re.compile(r"[a-z0-9]")


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    for _ in range(6):
        if "{{" not in pattern:
            return pattern
        try:
            pattern = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
        except KeyError as error:
            raise RulePackError(f"{where}: unknown macro {error.args[0]!r}") from None
    raise RulePackError(f"{where}: macros nest too deeply")


def _split_top(pattern: str) -> list[str] | None:
    """Split a regex on its top-level `|`; None if the brackets do not balance."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0:
        return None
    parts.append(pattern[start:])
    return parts


def _closing_paren(pattern: str, open_at: int) -> int | None:
    depth, i, in_class = 0, open_at, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _triggers(pattern: str) -> set[str] | None:
    """Return token prefixes one of which must appear for `pattern` to match, or None if unsure.

    Handles the shapes the packs use: literal words, and alternations at the start, nested or not.
    """
    alternatives = _split_top(pattern)
    if alternatives is None:
        return None
    result: set[str] = set()
    for alternative in alternatives:
        alternative = alternative.removeprefix(r"\b")
        if alternative.startswith("(?:"):
            close = _closing_paren(alternative, 0)
            if close is None or alternative[close + 1 : close + 2] in ("?", "*", "{"):
                return None
            inner = _triggers(alternative[3:close])
            if inner is None:
                return None
            result |= inner
            continue
        head = ""
        for c in alternative:
            if _WORD_CHARS.fullmatch(c):
                head += c
                continue
            if c in "?*{" and head:
                head = head[:-1]
            break
        if not head:
            return None
        result.add(head)
    return result


def _whole_word_triggers(pattern: str, ends_word: bool = True) -> tuple[set[str], set[str]]:
    """Split the triggers of `pattern` (as `_triggers` finds them) into those the regex must follow with a
    character other than [a-z0-9] (a match can start only where the token *is* the trigger, not merely begins
    with it) and the others. `ends_word`: whether what follows `pattern` (a group's content) must begin so.
    """
    whole: set[str] = set()
    partial: set[str] = set()
    for alternative in _split_top(pattern) or ():
        alternative = alternative.removeprefix(r"\b")
        if alternative.startswith("(?:"):
            close = _closing_paren(alternative, 0)
            if close is not None:
                after = _begins_non_word(alternative[close + 1 :], ends_word)
                inner_whole, inner_partial = _whole_word_triggers(alternative[3:close], after)
                whole |= inner_whole
                partial |= inner_partial
            continue
        size = 0
        while size < len(alternative) and _WORD_CHARS.fullmatch(alternative[size]):
            size += 1
        if not size:
            continue
        rest = alternative[size:]
        if _begins_non_word(rest, ends_word):
            whole.add(alternative[:size])
        elif rest[:1] in ("?", "*", "{"):  # the last letter is optional: the word before it is the trigger
            partial.add(alternative[: size - 1])
        else:
            partial.add(alternative[:size])
    return whole, partial


def _begins_non_word(rest: str, at_end: bool) -> bool:
    """Whether text matched by the regex `rest` must begin with a character other than [a-z0-9] (`at_end`:
    whether an empty `rest` is followed by one). Only the plain shapes count; anything else is False."""
    if not rest:
        return at_end
    if rest.startswith(r"\b"):
        return True
    if rest[0] == "\\":
        atom, after = rest[1:2], rest[2:3]
        if atom.isalnum() and atom not in ("s", "W"):  # \d, \w...: may be a word character
            return False
    elif rest[0] in " '\"-,/:;!&":
        after = rest[1:2]
    else:
        return False
    return after not in ("?", "*", "{")


def _atoms(pattern: str) -> list[tuple[str, str, str]] | None:
    """Split a regex alternative into (kind, body, quantifier) atoms at depth 0; None if unsure."""
    atoms, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "(":
            close = _closing_paren(pattern, i)
            if close is None:
                return None
            kind, body, i = "group", pattern[i : close + 1], close + 1
        elif c == "[":
            close = pattern.find("]", i + 2)
            if close < 0:
                return None
            kind, body, i = "class", pattern[i : close + 1], close + 1
        elif c == "\\":
            kind, body, i = "escape", pattern[i : i + 2], i + 2
        else:
            kind, body, i = ("literal" if _WORD_CHARS.fullmatch(c) else "other"), c, i + 1
        quantifier = ""
        if i < len(pattern) and pattern[i] in "?*+{":
            if pattern[i] == "{":
                close = pattern.find("}", i)
                if close < 0:
                    return None
                quantifier, i = pattern[i : close + 1], close + 1
            else:
                quantifier, i = pattern[i], i + 1
            if i < len(pattern) and pattern[i] == "?":  # lazy
                quantifier += "?"
                i += 1
        atoms.append((kind, body, quantifier))
    return atoms


def _tail_triggers(alternative: str) -> frozenset[str] | None:
    """Return token prefixes of a later mandatory word or word group of a regex alternative (or None).

    A pattern is tried only when its head and one of these prefixes both occur among the text's tokens,
    which keeps patterns that open with common words ("my", "not", "the") from being tried everywhere.
    Of the candidate atoms, the one whose shortest prefix is longest (the rarest) is used.
    """
    atoms = _atoms(alternative)
    if not atoms:
        return None
    best: frozenset[str] | None = None
    i = 1
    while i < len(atoms):
        kind, body, quantifier = atoms[i]
        before = atoms[i - 1][1]
        optional = quantifier.startswith(("?", "*")) or quantifier.startswith("{0")
        candidate = None
        if before in (" ", r"\b") and not atoms[i - 1][2] and not optional:
            if kind == "group" and body.startswith("(?:"):
                inner = _triggers(body[3:-1])
                candidate = frozenset(inner) if inner else None
            elif kind == "literal":
                j = i
                while j < len(atoms) and atoms[j][0] == "literal" and not atoms[j][2]:
                    j += 1
                # a following optional letter ("defendants?") leaves the word so far a prefix
                word = "".join(atom[1] for atom in atoms[i:j])
                candidate = frozenset({word}) if word else None
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate
        i += 1
    return best


def compile_patterns(source: str, macros: dict[str, str], where: str) -> list[Pattern]:
    """Compile one pack pattern (see the syntax notes at the top of a rule pack), one Pattern per top-level
    alternative so that each is gated by its own trigger words."""
    expanded = _expand(source, macros, where).replace("~", "'?")
    alternatives = _split_top(expanded)
    if alternatives is None:
        raise RulePackError(f"{where}: unbalanced brackets in {source!r}")
    compiled = []
    for alternative in alternatives:
        regex_source = _SPACE.sub(
            lambda m: " *" if m.group(1) in ("?", "*") else " +" + m.group(1), alternative
        )
        try:
            regex = re.compile(f"(?:{regex_source})(?![a-z0-9])")
        except re.error as error:
            raise RulePackError(f"{where}: bad pattern {source!r}: {error}") from None
        heads = _triggers(alternative)
        tails = _tail_triggers(alternative) if heads else None
        whole, partial = _whole_word_triggers(alternative) if heads else (set(), set())
        compiled.append(
            Pattern(
                regex=regex,
                source=alternative,
                triggers=frozenset(heads) if heads else None,
                tails=tails if tails and tails != frozenset(heads or ()) else None,
                whole_words=frozenset(whole - partial),
            )
        )
    return compiled


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------
def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RulePackError(f"{path.name}: {error}") from None


def _merge(base: dict, override: dict) -> dict:
    """Apply a pack that `extends` another: tables merge (and [model.text] sentence by sentence), rules replace by
    id, `remove_rules` drops."""
    # a pack's own dates are never inherited
    merged = {key: value for key, value in base.items() if key not in ("rules", "in_force_from", "changelog")}
    for key, value in override.items():
        if key in ("rules", "remove_rules", "extends"):
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            inherited = merged[key]
            merged[key] = {**inherited, **value}
            if key == "model" and "text" in value:  # a pack may reword one sentence and keep the rest
                merged[key]["text"] = {**inherited.get("text", {}), **value["text"]}
        else:
            merged[key] = value
    # A newer pack that extends an older one keeps the older changelog (what changed since earlier packs still
    # explains assessments made under them), as does a later version of the same day's law; an older pack never
    # inherits a newer one's.
    if override.get("as_of", base.get("as_of")) >= base.get("as_of", override.get("as_of")):
        merged["changelog"] = [*base.get("changelog", ()), *override.get("changelog", ())]
    removed = set(override.get("remove_rules", ()))
    replacements = {rule["id"]: rule for rule in override.get("rules", ())}
    rules = []
    for rule in base.get("rules", ()):
        if rule["id"] in removed:
            continue
        rules.append(replacements.pop(rule["id"], rule))
    # New rules that replace nothing go first, so that circuit-specific rules are seen before general ones.
    new = [rule for rule in override.get("rules", ()) if rule["id"] in replacements]
    merged["rules"] = new + rules
    return merged


def _raw_pack(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    data = _read(path)
    parent = data.get("extends")
    if parent is None:
        return data
    parent_path = path.with_name(f"{parent}.toml")
    if parent_path in seen or parent_path == path:
        raise RulePackError(f"{path.name}: circular 'extends'")
    if not parent_path.exists():
        raise RulePackError(f"{path.name}: extends unknown pack {parent!r}")
    return _merge(_raw_pack(parent_path, seen + (path,)), data)


def _tuple(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulePackError(f"{where}: expected a list of strings")
    return tuple(value)


def _build(path: Path) -> RulePack:
    data = _raw_pack(path)
    name = path.name
    for key in ("version", "as_of", "source", "authorities", "lexicons", "rules", "circuits"):
        if key not in data:
            raise RulePackError(f"{name}: missing {key!r}")
    as_of = data["as_of"]
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise RulePackError(f"{name}: as_of must be a date")
    in_force_from = data.get("in_force_from", as_of)
    if (
        not isinstance(in_force_from, dt.date)
        or isinstance(in_force_from, dt.datetime)
        or in_force_from > as_of
    ):
        raise RulePackError(f"{name}: in_force_from must be a date on or before as_of")

    law_data = _law_text_data(data.get("law_text"), path, name)
    authorities = {}
    # The pack's authorities, then those only the documents cite (the law text's), which may not redefine one.
    for where, table in (
        ("authority", data["authorities"]),
        ("law-text authority", law_data.get("authorities", {})),
    ):
        for key, entry in table.items():
            if key in authorities:
                raise RulePackError(f"{name}: {where} {key!r} redefines an authority of the pack")
            authorities[key] = _authority(key, entry, f"{name}: {where} {key!r}")

    macros = {key: str(value) for key, value in data.get("macros", {}).items()}
    lexicons = {}
    for key, entry in data["lexicons"].items():
        patterns = tuple(
            pattern
            for source in entry.get("patterns", ())
            for pattern in compile_patterns(source, macros, f"{name}: lexicon {key!r}")
        )
        if not patterns:
            raise RulePackError(f"{name}: lexicon {key!r} has no patterns")
        weight = float(entry.get("weight", 1.0))
        lexicons[key] = Lexicon(
            name=key,
            weight=weight,
            cap=float(entry.get("cap", weight * 2)),
            patterns=patterns,
            masks=_tuple(entry.get("masks"), f"{name}: lexicon {key!r} masks"),
        )
    for lexicon in lexicons.values():
        for masked in lexicon.masks:
            if masked not in lexicons:
                raise RulePackError(f"{name}: lexicon {lexicon.name!r} masks unknown lexicon {masked!r}")

    rules = []
    seen_ids = set()
    for order, entry in enumerate(data["rules"]):
        rule_id = entry.get("id")
        where = f"{name}: rule {rule_id!r}"
        if not rule_id or rule_id in seen_ids:
            raise RulePackError(f"{where}: missing or duplicate id")
        seen_ids.add(rule_id)
        disposition, ground = entry.get("disposition"), entry.get("ground")
        if not is_valid(disposition, ground):
            raise RulePackError(f"{where}: ({disposition!r}, {ground!r}) is not in the taxonomy")
        framing = entry.get("framing")
        if framing not in FRAMINGS:
            raise RulePackError(f"{where}: framing must be one of {FRAMINGS}")
        recognises = _tuple(entry.get("recognises"), where)
        requires_any = _tuple(entry.get("requires_any"), where)
        requires_all = _tuple(entry.get("requires_all"), where)
        unless = _tuple(entry.get("unless"), where)
        for lexicon in recognises + requires_any + requires_all + unless:
            if lexicon not in lexicons:
                raise RulePackError(f"{where}: unknown lexicon {lexicon!r}")
        if not recognises:
            raise RulePackError(f"{where}: recognises nothing")
        rule_authorities = _tuple(entry.get("authorities"), where)
        if not rule_authorities:
            raise RulePackError(f"{where}: every rule needs an authority")
        for key in rule_authorities:
            if key not in authorities:
                raise RulePackError(f"{where}: unknown authority {key!r}")
        if not str(entry.get("explanation", "")).strip():
            raise RulePackError(f"{where}: missing explanation")
        circuits = entry.get("circuits")
        if circuits is not None:
            circuits = tuple(normalise_circuit(c) or c for c in _tuple(circuits, where))
        refine = []
        for item in entry.get("ussg_refine", ()):
            if item.get("lexicon") not in lexicons:
                raise RulePackError(f"{where}: ussg_refine names unknown lexicon {item.get('lexicon')!r}")
            refine.append(Refinement(item["lexicon"], item["subsection"], item.get("verify")))
        rules.append(
            Rule(
                id=rule_id,
                framing=framing,
                disposition=disposition,
                ground=ground,
                recognises=recognises,
                requires_any=requires_any,
                requires_all=requires_all,
                unless=unless,
                authorities=rule_authorities,
                explanation=str(entry["explanation"]).strip(),
                circuits=circuits,
                needs_review=bool(entry.get("needs_review", False)),
                ussg_subsection=entry.get("ussg_subsection"),
                ussg_refine=tuple(refine),
                verify=_tuple(entry.get("verify"), where),
                order=order,
            )
        )

    circuits = {}
    for code, entry in data["circuits"].items():
        canonical = "default" if code == "default" else normalise_circuit(code)
        if canonical is None:
            raise RulePackError(f"{name}: unknown circuit {code!r}")
        if entry.get("issue_exhaustion") not in ISSUE_EXHAUSTION_VALUES:
            raise RulePackError(
                f"{name}: circuit {code!r} issue_exhaustion must be one of {ISSUE_EXHAUSTION_VALUES}"
            )
        keys = _tuple(entry.get("authorities"), f"{name}: circuit {code!r}")
        for key in keys:
            if key not in authorities:
                raise RulePackError(f"{name}: circuit {code!r} cites unknown authority {key!r}")
        circuits[canonical] = CircuitPolicy(
            canonical, entry["issue_exhaustion"], keys, str(entry.get("advice", ""))
        )
    if "default" not in circuits:
        raise RulePackError(f"{name}: [circuits.default] is required")

    settings = data.get("classifier", {})
    framing_order = tuple(settings.get("framing_order", FRAMINGS))
    if sorted(framing_order) != sorted(FRAMINGS):
        raise RulePackError(f"{name}: framing_order must list {FRAMINGS}")
    background = settings.get("background_clause")

    pattern_index: list[tuple[str, Pattern]] = []
    trigger_map: dict[str, list[int]] = {}
    word_map: dict[str, list[int]] = {}
    ungated: list[int] = []
    for lexicon in lexicons.values():
        for pattern in lexicon.patterns:
            index = len(pattern_index)
            pattern_index.append((lexicon.name, pattern))
            if pattern.triggers is None:
                ungated.append(index)
            else:
                for trigger in pattern.triggers:
                    found = word_map if trigger in pattern.whole_words else trigger_map
                    found.setdefault(trigger, []).append(index)

    court = _court_rules(data.get("court"), authorities, name)
    threshold = _threshold_rules(data.get("threshold"), authorities, name)
    changelog = _changelog(data.get("changelog", ()), authorities, name)
    model = _model_settings(data.get("model"), {rule.id: rule for rule in rules}, path, name, lexicons)
    law = None
    if law_data:
        constants = {"lapse_days": threshold.lapse_days, "bp10_days": threshold.bp10_days}
        if court is not None:
            constants["appeal_days"] = court.appeal_days
        try:
            law = build_law_text(
                law_data,
                str(data["law_text"]),
                {key: a.cite for key, a in authorities.items()},
                normalise_circuit,
                constants,
            )
        except LawTextError as error:
            raise RulePackError(f"{name}: {error}") from None

    return RulePack(
        version=str(data["version"]),
        as_of=as_of,
        source=str(data["source"]),
        in_force_from=in_force_from,
        path=path,
        authorities=authorities,
        lexicons=lexicons,
        rules=tuple(rules),
        circuits=circuits,
        framing_order=framing_order,
        framing_weight={f: float(settings.get("framing_weight", {}).get(f, 1.0)) for f in FRAMINGS},
        background_clause=re.compile(background) if background else None,
        background_words=frozenset(settings.get("background_words", ())),
        background_factor=float(settings.get("background_factor", 0.5)),
        repeat_factor=float(settings.get("repeat_factor", 0.5)),
        review_ratio=float(settings.get("review_ratio", 0.6)),
        weak_score=float(settings.get("weak_score", 2.0)),
        confidence_scale=float(settings.get("confidence_scale", 2.2)),
        court=court,
        threshold=threshold,
        changelog=changelog,
        model=model,
        law=law,
        trigger_map={key: tuple(value) for key, value in trigger_map.items()},
        word_map={key: tuple(value) for key, value in word_map.items()},
        trigger_lengths=tuple(sorted({len(key) for key in trigger_map})),
        tail_lengths=tuple(sorted({len(t) for _, p in pattern_index if p.tails for t in p.tails})),
        tail_vocabulary=frozenset(t for _, p in pattern_index if p.tails for t in p.tails),
        pattern_index=tuple(pattern_index),
        ungated=tuple(ungated),
        mask_order=_mask_order(lexicons, name),
    )


def _mask_order(lexicons: dict[str, Lexicon], name: str) -> tuple[str, ...]:
    """The lexicons that mask others, each after every lexicon that masks it (pack order otherwise)."""
    maskers = {masked: [] for masked in lexicons}
    for lexicon in lexicons.values():
        for masked in lexicon.masks:
            maskers.setdefault(masked, []).append(lexicon.name)
    order: list[str] = []
    visiting: set[str] = set()

    def visit(lexicon: str) -> None:
        if lexicon in order:
            return
        if lexicon in visiting:
            raise RulePackError(f"{name}: lexicons mask each other in a circle through {lexicon!r}")
        visiting.add(lexicon)
        for masker in maskers.get(lexicon, ()):
            visit(masker)
        visiting.discard(lexicon)
        order.append(lexicon)

    for lexicon in lexicons:
        visit(lexicon)
    return tuple(lexicon for lexicon in order if lexicons[lexicon].masks)


LAW_TEXT_PREFIX = "law-text-"


def _authority(key: str, entry: dict, where: str) -> Authority:
    if not isinstance(entry.get("cite"), str) or not entry["cite"].strip():
        raise RulePackError(f"{where} has no cite")
    circuit = normalise_circuit(entry["circuit"]) if entry.get("circuit") else deciding_circuit(entry["cite"])
    return Authority(key=key, cite=entry["cite"], verify=bool(entry.get("verify", False)), circuit=circuit)


def _law_text_data(file_name, path: Path, name: str) -> dict:
    """The law-text file a pack names (`law_text`, inherited through `extends`), read from beside the pack."""
    if file_name is None:
        return {}
    if not isinstance(file_name, str) or "/" in file_name or not file_name.startswith(LAW_TEXT_PREFIX):
        raise RulePackError(f"{name}: law_text must name a {LAW_TEXT_PREFIX}*.toml file beside the pack")
    law_path = path.with_name(file_name)
    if not law_path.is_file():
        raise RulePackError(f"{name}: law_text {file_name!r} does not exist")
    return _read(law_path)


def _known_authorities(keys: tuple[str, ...], authorities: dict, where: str) -> tuple[str, ...]:
    unknown = [key for key in keys if key not in authorities]
    if unknown:
        raise RulePackError(f"{where}: unknown authorities {unknown}")
    return keys


def _court_rules(entry: dict | None, authorities: dict, name: str) -> CourtRules | None:
    if entry is None:
        return None
    where = f"{name}: [court]"
    days = entry.get("appeal_days")
    if not isinstance(days, int) or days <= 0:
        raise RulePackError(f"{where}: appeal_days must be a positive whole number")

    def keys(field_name: str) -> tuple[str, ...]:
        return _known_authorities(_tuple(entry.get(field_name), where), authorities, f"{where} {field_name}")

    text = entry.get("text", {})
    missing = [key for key in COURT_TEXT_KEYS if not isinstance(text.get(key), str)]
    if missing:
        raise RulePackError(f"{where}: [court.text] lacks {missing}")
    return CourtRules(
        appeal_days=days,
        appeal_deadline_authorities=keys("appeal_deadline_authorities"),
        appeal_route_authorities=keys("appeal_route_authorities"),
        standard_of_review=str(entry.get("standard_of_review", "")),
        standard_of_review_authorities=keys("standard_of_review_authorities"),
        waiver_authorities=keys("waiver_authorities"),
        premature_authorities=keys("premature_authorities"),
        appeal_counting_authorities=keys("appeal_counting_authorities"),
        text={key: text[key] for key in COURT_TEXT_KEYS},
    )


def _model_settings(
    entry: dict | None, rules: dict[str, Rule], path: Path, name: str, lexicons: dict[str, Lexicon]
) -> ModelSettings | None:
    if entry is None:
        return None
    where = f"{name}: [model]"
    artifact = entry.get("artifact")
    if not isinstance(artifact, str) or "/" in artifact or not artifact.endswith(".json.gz"):
        raise RulePackError(f"{where}: artifact must name a .json.gz file beside the pack")
    numbers = {}
    for key in (
        "validity_keep",
        "collateral_floor",
        "rules_strong",
        "rules_weight",
        "rules_final",
        "ground_rules_weight",
        "ground_exponent",
        "disagree_above",
        "rehabilitation_beside",
        "model_alone",
        "review_below",
    ):
        value = entry.get(key)
        highest = (
            4 if key.endswith("weight") else 1
        )  # weights scale the rules' vote; the rest are probabilities
        if not isinstance(value, int | float) or not 0 <= value <= highest:
            raise RulePackError(f"{where}: {key} must be a number from 0 to {highest}")
        numbers[key] = float(value)
    short = entry.get("short_text_tokens", 0)
    if not isinstance(short, int) or short < 0:
        raise RulePackError(f"{where}: short_text_tokens must be a whole number")
    pair_head_share = entry.get("pair_head_share", 0.0)
    if not isinstance(pair_head_share, int | float) or not 0 <= pair_head_share <= 1:
        raise RulePackError(f"{where}: pair_head_share must be a number from 0 to 1")
    mapping = {}
    for label, rule_id in entry.get("rules", {}).items():
        disposition, _, ground = label.partition("/")
        rule = rules.get(rule_id)
        if rule is None or (rule.disposition, rule.ground) != (disposition, ground):
            raise RulePackError(f"{where}: {label!r} must name a rule deciding {label}, not {rule_id!r}")
        mapping[(disposition, ground)] = rule_id
    missing = [f"{d}/{g}" for d, grounds in TAXONOMY.items() for g in grounds if (d, g) not in mapping]
    if missing:
        raise RulePackError(f"{where}: [model.rules] lacks {missing}")
    text = entry.get("text", {})
    missing = [key for key in MODEL_TEXT_KEYS if not isinstance(text.get(key), str)]
    if missing:
        raise RulePackError(f"{where}: [model.text] lacks {missing}")
    ruled_out = {}
    for lexicon, labels in entry.get("ruled_out", {}).items():
        if lexicon not in lexicons:
            raise RulePackError(f"{where}: ruled_out names an unknown lexicon {lexicon!r}")
        if not isinstance(labels, list):
            raise RulePackError(f"{where}: ruled_out {lexicon!r} must list disposition/ground readings")
        pairs = []
        for label in labels:
            disposition, _, ground = str(label).partition("/")
            if ground not in TAXONOMY.get(disposition, ()):
                raise RulePackError(f"{where}: ruled_out {lexicon!r}: {label!r} is not a disposition/ground")
            pairs.append((disposition, ground))
        ruled_out[lexicon] = tuple(pairs)
    return ModelSettings(
        artifact=path.with_name(artifact),
        short_text_tokens=short,
        rules=mapping,
        text={k: text[k] for k in MODEL_TEXT_KEYS + OPTIONAL_MODEL_TEXT_KEYS if isinstance(text.get(k), str)},
        ruled_out=ruled_out,
        pair_head_share=float(pair_head_share),
        **numbers,
    )


def _threshold_rules(entry: dict | None, authorities: dict, name: str) -> ThresholdRules:
    if entry is None:
        raise RulePackError(f"{name}: missing [threshold]")
    values = {}
    for key in ("lapse_days", "bp10_days"):
        value = entry.get(key)
        if not isinstance(value, int) or value <= 0:
            raise RulePackError(f"{name}: [threshold] {key} must be a positive whole number")
        values[key] = value
    waiver = entry.get("waiver_authority")
    if not isinstance(waiver, dict) or "default" not in waiver:
        raise RulePackError(
            f'{name}: [threshold] waiver_authority must map circuits (and "default") to authorities'
        )
    for circuit, key in waiver.items():
        if key not in authorities:
            raise RulePackError(
                f"{name}: [threshold] waiver_authority {circuit!r} names unknown authority {key!r}"
            )
    return ThresholdRules(**values, waiver_authority=dict(waiver))


def _changelog(entries, authorities: dict, name: str) -> tuple[ChangeEntry, ...]:
    changes = []
    for index, entry in enumerate(entries):
        where = f"{name}: changelog entry {index + 1}"
        if not isinstance(entry.get("summary"), str) or not entry["summary"].strip():
            raise RulePackError(f"{where}: needs a summary")
        kind = entry.get("kind", "law")
        if kind not in CHANGE_KINDS:
            raise RulePackError(f"{where}: kind must be one of {', '.join(CHANGE_KINDS)}, got {kind!r}")
        changes.append(
            ChangeEntry(
                since=str(entry.get("since", "")),
                rules=_tuple(entry.get("rules"), where),
                summary=entry["summary"],
                authorities=_known_authorities(_tuple(entry.get("authorities"), where), authorities, where),
                kind=kind,
            )
        )
    return tuple(changes)


def coerce_date(value: dt.date | str | None, what: str) -> dt.date | None:
    """A date from a date, a datetime or an ISO string (None stays None); ValueError names ``what``."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{what} must be a date in the form YYYY-MM-DD, got {value!r}") from None
    raise ValueError(f"{what} must be a date, got {type(value).__name__}")


@functools.cache
def _pack_at(path: Path) -> RulePack:
    return _build(path)


@functools.cache
def available_packs() -> tuple[tuple[dt.date, str, Path], ...]:
    """Return (in_force_from, version, path) for every pack in `analysis/rules/`, oldest first.

    A pack is in force from its `in_force_from` date (default: its `as_of` date) until the next pack's.
    """
    found = []
    for path in sorted(RULES_DIR.glob("*.toml")):
        if path.name.startswith(LAW_TEXT_PREFIX):  # a pack's law text, not a pack
            continue
        data = _read(path)
        as_of = data.get("as_of")
        if not isinstance(as_of, dt.date):
            raise RulePackError(f"{path.name}: as_of must be a date")
        found.append((data.get("in_force_from", as_of), str(data.get("version", path.stem)), path))
    if not found:
        raise RulePackNotFound(f"no rule packs in {RULES_DIR}")
    # Packs in force from the same day are ordered by version ("2026.12.06" before "2026.12.06.2").
    return tuple(sorted(found, key=lambda item: (item[0], _version_key(item[1]))))


def _version_key(version: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in version.split("."))


def load_rule_pack(as_of: dt.date | str | None = None) -> RulePack:
    """Return the rule pack in force on `as_of` (the newest of all when None); cached.

    Raises RulePackNotFound when every pack is newer than `as_of`.
    """
    when = coerce_date(as_of, "as_of")
    packs = available_packs()
    if when is None:
        return _pack_at(packs[-1][2])
    in_force = [item for item in packs if item[0] <= when]
    if not in_force:
        raise RulePackNotFound(
            f"no rule pack was in force on {when.isoformat()}; the oldest pack is as of {packs[0][0].isoformat()}"
        )
    return _pack_at(in_force[-1][2])


def load_rule_pack_version(version: str) -> RulePack:
    """Return the pack with this version (what an assessment or revision was made under); cached."""
    for _in_force_from, found, path in available_packs():
        if found == version:
            return _pack_at(path)
    raise RulePackNotFound(f"no rule pack has version {version!r}")


def current_rule_pack() -> RulePack:
    """Return the newest rule pack."""
    return load_rule_pack(None)


def pack_with_law_text(pack: RulePack) -> RulePack:
    """`pack` when it has a law text, else the newest pack: a pack older than the law text speaks in its words."""
    return pack if pack.law is not None else current_rule_pack()


def rule_pack_version() -> str:
    return current_rule_pack().version
