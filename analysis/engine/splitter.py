"""Split a pasted client letter into single-claim arguments.

Paragraphs, then sentences; salutations, closings and pleasantries that carry no claim are dropped;
consecutive sentences about the same claim are merged (a follow-up sentence with no signal of its own stays
with the claim before it); a sentence is split on "and I also", "plus", "on top of that"… when the part after
the cue carries a claim of its own. Every argument returned is a slice of the original text, stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .classifier import analyse
from .rulepack import RulePack, load_rule_pack

# A piece has a claim of its own when its best rule scores at least this much (after framing weights).
_SIGNAL = 1.5
# A piece starts a new argument inside a paragraph, without a cue, only with a signal this strong.
_STRONG = 2.5

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s)|\n")
_ABBREVIATIONS = frozenset(
    "u.s v vs no nos mr mrs ms dr st cir f supp e.g i.e jr sr sec inc co etc approx fed r crim p app d.c n "
    "jan feb mar apr jun jul aug sep sept oct nov dec reg u.s.c c.f.r ussg am pm a.m p.m".split()
)
_SALUTATION = re.compile(
    r"^(?:dear\b|to whom it may concern|your honou?r[,.:!]*$|hello\b|hi\b|greetings\b|good (?:morning|afternoon|day)\b|"
    r"re:|subject:)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:thank(?:s| you)\b|sincerely|respectfully|god bless|best regards|regards|yours (?:truly|faithfully)|"
    r"signed|i remain|with respect|i hope (?:this|you|to hear)|please (?:write|respond|get back)|"
    r"i look forward|may god|have a (?:good|blessed|nice)|take care\b|p\.?s\.?\b)",
    re.IGNORECASE,
)
_INTRODUCTION = re.compile(
    r"^(?:my name is|i am writing|i~?m writing|im writing|i write (?:to|because|you)|this (?:letter|is) (?:is )?to|"
    r"i am reaching out|i~?m reaching out)",
    re.IGNORECASE,
)
# Cues that start a new claim. Group "rest" marks where the second claim begins in the original text.
_JOIN_CUES = re.compile(
    r"(?:,\s*|\s+)(?:and\s+)?(?=(?P<rest>i\s+also\b))"
    r"|(?:,\s*|\s+)and\s+also\s+(?P<rest2>\S)"
    r"|(?:,|;)\s*also,?\s+(?P<rest3>\S)"
    r"|(?:,\s*|\s+)plus,?\s+(?P<rest4>\S)"
    r"|(?:,\s*|\s+|;\s*)(?:and\s+)?(?:on top of (?:that|all that|this)|in addition|additionally|another thing(?: is)?|"
    r"besides that|what(?:'s| is) more)[,:]?\s+(?P<rest5>\S)"
    r"|;\s+(?P<rest6>\S)",
    re.IGNORECASE,
)
_START_CUE = re.compile(
    r"^(?:also|plus|another thing|in addition|additionally|on top of (?:that|all that|this)|besides that|"
    r"secondly|second|third(?:ly)?|finally|lastly|next|furthermore|moreover|and another thing)\b",
    re.IGNORECASE,
)


@dataclass
class _Piece:
    start: int
    end: int
    paragraph: int
    label: tuple[str, str] | None
    score: float
    cue: bool  # begins with a cue such as "Also," or "Another thing"


def _label(text: str, pack: RulePack) -> tuple[tuple[str, str] | None, float]:
    analysis = analyse(text, pack)
    if not analysis.ranked:
        return None, 0.0
    best = analysis.ranked[0]
    if best.score < _SIGNAL:
        return None, best.score
    return (best.rule.disposition, best.rule.ground), best.score


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.group() != "\n":
            before = text[cursor : match.start()].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            if (
                word in _ABBREVIATIONS
                or (len(word) == 1 and word.isalpha())
                or re.fullmatch(r"[\d.]+", word or "x")
            ):
                continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in spans) if e > s]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_pleasantry(fragment: str) -> bool:
    stripped = fragment.strip()
    return bool(_SALUTATION.match(stripped) or _CLOSING.match(stripped) or _INTRODUCTION.match(stripped))


def _split_on_cues(text: str, start: int, end: int, pack: RulePack) -> list[tuple[int, int]]:
    """Split one sentence where a joining cue introduces a claim of its own."""
    for match in _JOIN_CUES.finditer(text, start, end):
        rest = next(
            match.start(g) for g in ("rest", "rest2", "rest3", "rest4", "rest5", "rest6") if match.group(g)
        )
        left = _strip(text, start, match.start())
        right = _strip(text, rest, end)
        if left[1] <= left[0] or right[1] <= right[0]:
            continue
        right_label, _ = _label(text[right[0] : right[1]], pack)
        if right_label is None:
            continue
        left_label, _ = _label(text[left[0] : left[1]], pack)
        if left_label == right_label:
            continue
        return [left, *_split_on_cues(text, right[0], right[1], pack)]
    return [(start, end)]


def split_arguments(narrative: str, *, pack: RulePack | None = None) -> list[str]:
    """Return the single-claim arguments in a pasted letter, as stripped slices of the original text."""
    if not isinstance(narrative, str):
        raise TypeError(f"narrative must be a string, got {type(narrative).__name__}")
    pack = pack or load_rule_pack()
    text = narrative

    pieces: list[_Piece] = []
    paragraph_start = 0
    paragraphs = []
    for match in _PARAGRAPH.finditer(text):
        paragraphs.append((paragraph_start, match.start()))
        paragraph_start = match.end()
    paragraphs.append((paragraph_start, len(text)))

    closed = False  # after "Sincerely," or "Thank you", unlabelled lines are a signature
    for number, (p_start, p_end) in enumerate(paragraphs):
        for s_start, s_end in _sentences(text, p_start, p_end):
            for part, (start, end) in enumerate(_split_on_cues(text, s_start, s_end, pack)):
                fragment = text[start:end]
                label, score = _label(fragment, pack)
                if label is None and (closed or _is_pleasantry(fragment)):
                    closed = closed or bool(_CLOSING.match(fragment.strip()))
                    continue
                if label is None and not re.search(r"[A-Za-z]{2}", fragment):
                    continue  # a signature initial, a dash line, a register number alone
                cue = part > 0 or bool(_START_CUE.match(fragment))
                pieces.append(_Piece(start, end, number, label, score, cue))

    groups: list[list[_Piece]] = []
    group_labels: list[tuple[str, str] | None] = []
    group_scores: list[float] = []
    pending: list[_Piece] = []
    for piece in pieces:
        if piece.label is None:
            if groups and not (pending and pending[-1].paragraph == piece.paragraph):
                if groups[-1][-1].paragraph == piece.paragraph or group_labels[-1] is None:
                    groups[-1].append(piece)
                    continue
            pending.append(piece)
            continue
        current = group_labels[-1] if groups else None
        new_paragraph = bool(groups) and groups[-1][-1].paragraph != piece.paragraph
        # Inside a paragraph and without a cue, only a strong claim of another disposition starts a new
        # argument: "the jury was misled … my instructions were wrong" is one collateral attack.
        starts_new = (
            not groups
            or (
                current is not None
                and piece.label != current
                and (
                    new_paragraph
                    or piece.cue
                    or (
                        piece.score >= _STRONG
                        and group_scores[-1] >= _STRONG
                        and piece.label[0] != current[0]
                    )
                )
            )
            or (current is None and (new_paragraph or piece.cue))
        )
        if starts_new:
            groups.append([*pending, piece])
            group_labels.append(piece.label)
            group_scores.append(piece.score)
        else:
            groups[-1].extend([*pending, piece])
            if current is None or piece.score > group_scores[-1]:
                group_labels[-1] = piece.label  # the stronger claim names the argument
                group_scores[-1] = piece.score
        pending = []
    if pending:
        if groups:
            # trailing unlabelled lines in a later paragraph (a signature, "God bless") are dropped
            if (
                any(piece.paragraph == groups[-1][-1].paragraph for piece in pending)
                or sum(len(text[piece.start : piece.end].split()) for piece in pending) > 12
            ):
                groups[-1].extend(pending)
        else:
            groups.append(pending)
            group_labels.append(None)
            group_scores.append(0.0)

    # Two neighbouring groups that read the same (e.g. split by a paragraph break) are one argument.
    merged: list[list[_Piece]] = []
    merged_labels: list[tuple[str, str] | None] = []
    for group, label in zip(groups, group_labels, strict=True):
        if merged and label is not None and label == merged_labels[-1]:
            merged[-1].extend(group)
        else:
            merged.append(group)
            merged_labels.append(label)

    arguments = []
    for group in merged:
        start = min(piece.start for piece in group)
        end = max(piece.end for piece in group)
        fragment = text[start:end].strip()
        if fragment:
            arguments.append(fragment)
    return arguments
