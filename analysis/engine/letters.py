"""Measure the splitter on letters: hand-written ones, or letters built from labelled single arguments.

A letter is `{"id", "text", "claims": [{"text", "disposition", "ground"}]}`; each claim's text is (ideally) a
verbatim stretch of the letter. Figures per set:
- right count: letters split into as many arguments as they have claims;
- claims recovered: a proposed argument covers at least half of a claim's characters, one argument per claim
  (and letters recovered: every claim of the letter recovered);
- all dispositions right: every claim recovered, no extra argument, and each recovered claim's argument classified
  with the claim's disposition. With `together`, the letter's arguments are read as triage reads the arguments of
  one case (`read_together`: rehabilitation listed beside a release ground supports it), for letters labelled
  as one motion; otherwise each argument is read alone, as the older sets were labelled claim by claim.
"""

from __future__ import annotations

import difflib
import random
from collections import Counter

from .classifier import classify
from .context import read_together
from .splitter import split_letter

OVERLAP = 0.5

GREETINGS = (
    "Dear Sir or Madam,",
    "To whom it may concern,",
    "Dear Judge,",
    "Hello my name is {name} and I am writing about my case.",
    "Dear Legal Aid,",
)
SIGN_OFFS = (
    "Thank you for your time.\nSincerely,\n{name}",
    "God bless.\n{name}\nReg. No. 12345-678",
    "Respectfully,\n{name}",
    "Thank you for your time and consideration.",
)
NAMES = ("J. Doe", "Marcus Allen", "Tina R.", "D. Williams", "Luis Ortega")
STYLES = ("also", "another_thing", "line", "paragraph", "on_top", "numbered")


def _lower_first(text: str) -> str:
    """Lower-case the first letter as a writer would after a connective, except "I" and "I'm"."""
    if text[:2] in ("I ", "I'") or text[:1] == "I" and len(text) == 1:
        return text
    return text[:1].lower() + text[1:]


def build_letter(items: list[dict], style: str, rng: random.Random) -> dict:
    """Join labelled items into one letter in `style`; every claim's text is the item as it appears in it."""
    pieces: list[str] = []
    claims: list[dict] = []
    name = rng.choice(NAMES)
    if rng.random() < 0.5:
        pieces.append(rng.choice(GREETINGS).format(name=name) + "\n\n")
    if style == "numbered":
        pieces.append("These are my reasons:\n")
    for number, item in enumerate(items):
        body = " ".join(item["text"].split()) if style != "paragraph" else item["text"].strip()
        if number:
            if style == "also":
                pieces[-1] = pieces[-1].rstrip(" .!?") + ". Also, "
                body = _lower_first(body)
            elif style == "another_thing":
                pieces[-1] = pieces[-1].rstrip(" .!?") + ". And another thing, "
                body = _lower_first(body)
            elif style == "on_top":
                pieces[-1] = pieces[-1].rstrip(" .!?") + ". On top of that, "
                body = _lower_first(body)
            elif style == "line":
                pieces.append("\n")
            elif style == "paragraph":
                pieces.append("\n\n")
        if style == "numbered":
            pieces.append(f"{'' if number == 0 else chr(10)}{number + 1}. ")
        start = sum(map(len, pieces))
        pieces.append(body)
        claims.append(
            {
                "text": body,
                "start": start,
                "disposition": item["disposition"],
                "ground": item["ground"],
                "item": item.get("id"),
            }
        )
    if rng.random() < 0.5:
        pieces.append("\n\n" + rng.choice(SIGN_OFFS).format(name=name))
    return {"text": "".join(pieces), "claims": claims, "style": style}


def _topic(item: dict) -> str:
    """A letter raises each topic once: rehabilitation alone and beside another ground are one topic."""
    return item["ground"].removesuffix("_alone")


def build_letters(
    items: list[dict], *, per_letter: int = 3, seed: int = 1, letters: int | None = None
) -> list[dict]:
    """Letters of `per_letter` items with different grounds, the styles in turn; deterministic for a seed."""
    if per_letter < 1:
        raise ValueError("per_letter must be at least 1")
    if len({_topic(item) for item in items}) < per_letter:
        raise ValueError(f"need items with at least {per_letter} different grounds")
    rng = random.Random(seed)
    count = letters if letters is not None else max(1, len(items) // per_letter)
    built = []
    for number in range(count):
        chosen: list[dict] = []
        topics: set[str] = set()
        for item in rng.sample(items, len(items)):
            if _topic(item) not in topics:
                chosen.append(item)
                topics.add(_topic(item))
                if len(chosen) == per_letter:
                    break
        letter = build_letter(chosen, STYLES[number % len(STYLES)], rng)
        letter["id"] = f"built-{seed}-{number + 1}"
        built.append(letter)
    return built


def claim_span(letter: str, claim: dict) -> tuple[int, int] | None:
    if isinstance(claim.get("start"), int):
        return claim["start"], claim["start"] + len(claim["text"])
    found = letter.find(claim["text"])
    return (found, found + len(claim["text"])) if found >= 0 else None


def _covered(letter: str, claim: dict, span: tuple[int, int] | None, argument) -> int:
    """How many of the claim's characters the argument covers."""
    if span is not None:
        return sum(max(0, min(span[1], end) - max(span[0], start)) for start, end in argument.spans)
    # The claim is not verbatim in the letter (re-typed): count the characters the two texts share in order.
    matcher = difflib.SequenceMatcher(None, claim["text"], argument.text, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _match(overlaps: list[list[bool]]) -> dict[int, int]:
    """A maximum one-to-one matching claim -> argument (augmenting paths; letters are small)."""
    owner: dict[int, int] = {}

    def place(claim: int, seen: set[int]) -> bool:
        for argument, ok in enumerate(overlaps[claim]):
            if ok and argument not in seen:
                seen.add(argument)
                if argument not in owner or place(owner[argument], seen):
                    owner[argument] = claim
                    return True
        return False

    for claim in range(len(overlaps)):
        place(claim, set())
    return {claim: argument for argument, claim in owner.items()}


def evaluate_letter(letter: dict, together: bool = False, **split_options) -> dict:
    """Split one letter (`split_options` go to `split_letter`) and measure it against its claims."""
    text = letter["text"]
    claims = letter["claims"]
    arguments = split_letter(text, **split_options).arguments
    overlaps = []
    for claim in claims:
        span = claim_span(text, claim)
        size = len(claim["text"]) or 1
        overlaps.append([_covered(text, claim, span, argument) / size >= OVERLAP for argument in arguments])
    matching = _match(overlaps)
    readings = [classify(argument.text) for argument in arguments]
    if together:
        readings = read_together(readings)
    dispositions_right = sum(
        readings[argument_index].disposition == claims[claim_index]["disposition"]
        for claim_index, argument_index in matching.items()
    )
    return {
        "id": letter.get("id"),
        "style": letter.get("style"),
        "claims": len(claims),
        "arguments": len(arguments),
        "recovered": len(matching),
        "dispositions_right": dispositions_right,
        "right_count": len(arguments) == len(claims),
        "all_right": len(arguments) == len(claims) == len(matching) == dispositions_right,
        "proposed": [argument.text for argument in arguments],
    }


def evaluate_letters(letters: list[dict], together: bool = False, **split_options) -> dict:
    return summarise([evaluate_letter(letter, together, **split_options) for letter in letters])


def summarise(results: list[dict]) -> dict:
    """The set's figures from `evaluate_letter`'s results."""
    total_claims = sum(r["claims"] for r in results)
    n = len(results)
    by_style: dict[str, Counter] = {}
    for r in results:
        if r["style"]:
            counts = by_style.setdefault(r["style"], Counter())
            counts["letters"] += 1
            counts["right_count"] += r["right_count"]
            counts["claims"] += r["claims"]
            counts["recovered"] += r["recovered"]
    return {
        "letters": n,
        "claims": total_claims,
        "right_count": sum(r["right_count"] for r in results),
        "right_count_rate": sum(r["right_count"] for r in results) / n if n else 0.0,
        "recovered": sum(r["recovered"] for r in results),
        "recovered_rate": sum(r["recovered"] for r in results) / total_claims if total_claims else 0.0,
        "letters_recovered": sum(r["recovered"] == r["claims"] for r in results),
        "letters_recovered_rate": sum(r["recovered"] == r["claims"] for r in results) / n if n else 0.0,
        "all_right": sum(r["all_right"] for r in results),
        "all_right_rate": sum(r["all_right"] for r in results) / n if n else 0.0,
        "by_style": {style: dict(counts) for style, counts in by_style.items()},
        "wrong": [r for r in results if not (r["right_count"] and r["recovered"] == r["claims"])],
    }
