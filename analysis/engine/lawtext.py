"""The law the documents print, as data beside a rule pack (`law_text = "law-text-<version>.toml"`).

A law-text file holds sentences keyed by dotted names (``motion.danger``, ``ground.medical.standard``), with
placeholders for values (``{lapse_days}``: a pack constant or a value the caller passes) and for authorities by
key (``{cite:rutherford}``, ``{cite:statute_994t,ussg_1b1_13}``), never a cite string. A circuit-dependent
authority is a slot (``{cite:@finality}``): the circuit's keys from the file's ``[circuits]`` table, else its
``default``; ``{pcite:...}`` is the same citation as " (cite)", or nothing when the circuit has none.
``{text:other.key}`` repeats another entry in place, so that a sentence printed inside another exists once.

``pack.text(key, **values)`` fills one entry and returns a :class:`LawText`: its ``parts`` (plain strings and
:class:`Cite` references, so that a renderer can typeset citations, repeat them in short form and build a table
of authorities from keys), ``plain`` (the sentence with full citations) and ``authorities`` (the keys used).

File layout: ``[constants]`` (numbers and words the sentences use, beside the pack's own day counts),
``[authorities.<key>]`` (authorities only the documents cite, verbatim from LAW.md, added to the pack's),
``[circuits.<code>]`` (slot -> authority keys) and every other table a group of entries (``[ground.medical]
standard = "…"`` is the entry ``ground.medical.standard``). An entry may be a list of sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RESERVED_TABLES = ("constants", "authorities", "circuits")
# "{{" and "}}" are literal braces; "{name}", "{cite:a,b}", "{pcite:@slot}" are placeholders.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class LawTextError(LookupError):
    """A law-text entry is unknown, malformed, or was asked for without a value one of its placeholders needs."""


@dataclass(frozen=True)
class Cite:
    """A reference to one authority of the pack, by key; prints as its full citation."""

    key: str
    cite: str
    pin: str = ""  # a pinpoint ("___" for the attorney, "203, 207"), set before the closing parenthetical

    def __str__(self) -> str:
        if not self.pin:
            return self.cite
        if self.cite.endswith(")") and " (" in self.cite:
            head, _, tail = self.cite.rpartition(" (")
            return f"{head}, {self.pin} ({tail}"
        return f"{self.cite}, {self.pin}"


@dataclass(frozen=True)
class LawText:
    """One filled entry: plain strings and citation references, in reading order."""

    key: str
    parts: tuple[str | Cite, ...]

    @property
    def plain(self) -> str:
        return "".join(str(part) for part in self.parts)

    @property
    def authorities(self) -> tuple[str, ...]:
        """The authority keys the sentence cites, first use first, each once."""
        return tuple(dict.fromkeys(part.key for part in self.parts if isinstance(part, Cite)))

    def __str__(self) -> str:
        return self.plain

    def __add__(self, other: LawText | str) -> LawText:
        extra = other.parts if isinstance(other, LawText) else (other,)
        return LawText(self.key, (*self.parts, *extra))


@dataclass(frozen=True)
class _Placeholder:
    kind: str  # "value", "text", "cite" or "pcite"
    name: str = ""  # a value's name
    keys: tuple[str, ...] = ()  # authority keys (cite)
    pin: str = ""  # {cite:key|pin}: the pinpoint of a single authority
    slot: str = ""  # a circuit slot (cite:@slot)


@dataclass(frozen=True)
class LawTextTable:
    """A pack's law text, parsed and checked against its authorities."""

    source: str  # the file's name, for messages
    entries: dict[str, tuple[tuple[str | _Placeholder, ...], ...]]  # key -> one parsed template per sentence
    is_list: frozenset[str]
    # key -> the circuits with a sentence of their own ("default" always among them); see render()
    variants: dict[str, frozenset[str]]
    constants: dict[str, object]
    circuits: dict[str, dict[str, tuple[str, ...]]]  # canonical circuit code or "default" -> slot -> keys
    _cites: dict[str, str] = field(repr=False, default_factory=dict)

    def keys(self) -> tuple[str, ...]:
        """Every entry, a sentence that varies by circuit once (under its own key, without the circuit)."""
        return tuple(dict.fromkeys(self._base(key) for key in self.entries))

    def is_sentence_list(self, key: str) -> bool:
        return f"{key}.default" in self.is_list if key in self.variants else key in self.is_list

    def has_own(self, key: str, circuit: str | None) -> bool:
        """Whether `circuit` has a sentence of its own for `key` (not the default's)."""
        return (circuit or "") in self.variants.get(key, ())

    def _resolve(self, key: str, circuit: str | None) -> str:
        if key in self.variants:
            return f"{key}.{circuit if self.has_own(key, circuit) else 'default'}"
        return key

    def _base(self, key: str) -> str:
        base, _, code = key.rpartition(".")
        return base if base in self.variants and code in self.variants[base] else key

    def placeholders(self, key: str) -> tuple[str, ...]:
        """The value names an entry needs that are not pack constants (what a caller must pass)."""
        names: set[str] = set()
        variants = [f"{key}.{code}" for code in self.variants.get(key, ())] or [key]
        for template in (t for variant in variants for t in self._templates(variant)):
            for part in template:
                if isinstance(part, _Placeholder) and part.kind == "value":
                    names.add(part.name)
                elif isinstance(part, _Placeholder) and part.kind == "text":
                    names.update(self.placeholders(part.name))
        return tuple(sorted(names - set(self.constants)))

    def render(self, key: str, circuit: str | None, values: dict) -> LawText:
        """Fill entry `key`; a sentence that varies by circuit is `circuit`'s own, else the default."""
        resolved = self._resolve(key, circuit)
        if resolved in self.is_list:
            raise LawTextError(f"{self.source}: {key!r} is a list of sentences; use text_list()")
        return self._fill(key, self._templates(resolved)[0], circuit, values)

    def render_list(self, key: str, circuit: str | None, values: dict) -> tuple[LawText, ...]:
        resolved = self._resolve(key, circuit)
        if resolved not in self.is_list:
            raise LawTextError(f"{self.source}: {key!r} is one sentence; use text()")
        return tuple(self._fill(key, template, circuit, values) for template in self._templates(resolved))

    def circuit_keys(self, slot: str, circuit: str | None) -> tuple[str, ...]:
        """The authority keys a circuit's clients are cited for `slot` (its own, else the default's)."""
        table = self.circuits.get(circuit or "", {})
        if slot in table:
            return table[slot]
        return self.circuits.get("default", {}).get(slot, ())

    # -- internals -------------------------------------------------------------------------------------------
    def _templates(self, key: str):
        try:
            return self.entries[key]
        except KeyError:
            raise LawTextError(f"{self.source}: no law text {key!r}") from None

    def _fill(self, key: str, template, circuit: str | None, values: dict) -> LawText:
        parts: list[str | Cite] = []
        for part in template:
            if isinstance(part, str):
                parts.append(part)
            elif part.kind == "text":
                parts.extend(self.render(part.name, circuit, values).parts)
            elif part.kind == "value":
                value = values[part.name] if part.name in values else self.constants.get(part.name, _MISSING)
                if value is _MISSING:
                    raise LawTextError(f"{self.source}: {key!r} needs a value for {{{part.name}}}")
                if isinstance(value, LawText):
                    parts.extend(value.parts)
                else:
                    parts.append(str(value))
            else:
                keys = self.circuit_keys(part.slot, circuit) if part.slot else part.keys
                cites: list[str | Cite] = []
                for index, authority in enumerate(keys):
                    if index:
                        cites.append("; ")
                    cites.append(Cite(authority, self._cites[authority], part.pin))
                if part.kind == "pcite" and cites:
                    cites = [" (", *cites, ")"]
                parts.extend(cites)
        merged: list[str | Cite] = []
        for part in parts:  # adjacent strings joined, empty ones dropped
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            elif part != "":
                merged.append(part)
        return LawText(key, tuple(merged))


_MISSING = object()


def _flatten(table: dict, prefix: str, where: str, out: dict, variants: dict, normalise) -> None:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and "default" in value:
            # A sentence that varies by circuit: {default = "…", 4th = "…"}.
            codes = {code: "default" if code == "default" else normalise(code) for code in value}
            if None in codes.values() or any(isinstance(v, dict) for v in value.values()):
                raise LawTextError(f"{where}: {key!r} has a default, so its other keys must be circuits")
            variants[key] = frozenset(codes.values())
            _flatten(
                {codes[code]: text for code, text in value.items()}, f"{key}.", where, out, {}, normalise
            )
        elif isinstance(value, dict):
            _flatten(value, f"{key}.", where, out, variants, normalise)
        elif isinstance(value, str) or (
            isinstance(value, list) and value and all(isinstance(item, str) for item in value)
        ):
            out[key] = value
        else:
            raise LawTextError(f"{where}: {key!r} must be a sentence or a list of sentences")


def _parse(sentence: str, key: str, where: str, authorities: dict, slots: set[str]):
    parts: list[str | _Placeholder] = []
    position = 0
    for match in _TOKEN.finditer(sentence):
        parts.append(sentence[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
            continue
        inner = match.group(1)
        if inner is None:
            raise LawTextError(f"{where}: {key!r} has an unmatched brace")
        kind, colon, argument = inner.partition(":")
        if not colon:
            if not _NAME.fullmatch(inner):
                raise LawTextError(f"{where}: {key!r} has a bad placeholder {{{inner}}}")
            parts.append(_Placeholder("value", name=inner))
            continue
        if kind == "text":
            parts.append(_Placeholder("text", name=argument))
            continue
        if kind not in ("cite", "pcite"):
            raise LawTextError(f"{where}: {key!r} has an unknown placeholder kind {kind!r}")
        if argument.startswith("@"):
            slot = argument[1:]
            if slot not in slots:
                raise LawTextError(f"{where}: {key!r} cites circuit slot {slot!r}, not in [circuits.default]")
            parts.append(_Placeholder(kind, slot=slot))
            continue
        argument, _, pin = argument.partition("|")
        keys = tuple(item.strip() for item in argument.split(","))
        if pin and len(keys) != 1:
            raise LawTextError(f"{where}: {key!r} gives a pinpoint for more than one authority")
        unknown = [item for item in keys if item not in authorities]
        if unknown:
            raise LawTextError(f"{where}: {key!r} cites unknown authorities {unknown}")
        parts.append(_Placeholder(kind, keys=keys, pin=pin.strip()))
    parts.append(sentence[position:])
    return tuple(part for part in parts if part != "")


def _check_no_cycles(entries: dict, where: str) -> None:
    def repeats(key: str) -> set[str]:
        return {
            part.name
            for template in entries[key]
            for part in template
            if isinstance(part, _Placeholder) and part.kind == "text"
        }

    for start in entries:
        stack, seen = list(repeats(start)), set()
        while stack:
            key = stack.pop()
            if key == start:
                raise LawTextError(f"{where}: {start!r} repeats itself through {{text:...}}")
            if key not in seen:
                seen.add(key)
                stack.extend(repeats(key))


def build_law_text(
    data: dict, where: str, cites: dict[str, str], normalise, constants: dict[str, object]
) -> LawTextTable:
    """Parse a law-text file's data. `cites` maps every authority key (the pack's and the file's) to its cite;
    `constants` are the pack's own values (day counts), which the file's [constants] may not contradict."""
    own = data.get("constants", {})
    for name, value in own.items():
        if not _NAME.fullmatch(name):
            raise LawTextError(f"{where}: bad constant name {name!r}")
        if name in constants and constants[name] != value:
            raise LawTextError(f"{where}: constant {name!r} contradicts the pack ({constants[name]!r})")
    circuits: dict[str, dict[str, tuple[str, ...]]] = {}
    for code, table in data.get("circuits", {}).items():
        canonical = "default" if code == "default" else normalise(code)
        if canonical is None:
            raise LawTextError(f"{where}: unknown circuit {code!r}")
        slots = {}
        for slot, keys in table.items():
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                raise LawTextError(f"{where}: circuits.{code}.{slot} must be a list of authority keys")
            unknown = [k for k in keys if k not in cites]
            if unknown:
                raise LawTextError(f"{where}: circuits.{code}.{slot} cites unknown authorities {unknown}")
            slots[slot] = tuple(keys)
        circuits[canonical] = slots
    default_slots = set(circuits.get("default", {}))
    for code, slots in circuits.items():
        extra = set(slots) - default_slots
        if extra:
            raise LawTextError(
                f"{where}: circuits.{code} has slots {sorted(extra)} not in [circuits.default]"
            )

    raw: dict[str, object] = {}
    variants: dict[str, frozenset[str]] = {}
    _flatten({k: v for k, v in data.items() if k not in RESERVED_TABLES}, "", where, raw, variants, normalise)
    entries, lists = {}, set()
    for key, value in raw.items():
        sentences = value if isinstance(value, list) else [value]
        if isinstance(value, list):
            lists.add(key)
        entries[key] = tuple(_parse(s, key, where, cites, default_slots) for s in sentences)
    for key, templates in entries.items():
        for template in templates:
            for part in template:
                if (
                    isinstance(part, _Placeholder)
                    and part.kind == "text"
                    and (part.name not in entries or part.name in lists or part.name == key)
                ):
                    raise LawTextError(f"{where}: {key!r} repeats {part.name!r}, which is not one sentence")
    _check_no_cycles(entries, where)
    return LawTextTable(
        source=where,
        entries=entries,
        is_list=frozenset(lists),
        variants=variants,
        constants={**constants, **own},
        circuits=circuits,
        _cites=dict(cites),
    )
