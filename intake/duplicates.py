"""Find an argument a case already has with the same text, or nearly (issue 13, item 6)."""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from intake.models import Argument, Case

# Two texts this alike say the same thing: a retyped argument with a typo, a changed word or punctuation.
SIMILARITY_THRESHOLD = 0.9


@dataclass(frozen=True)
class Duplicate:
    argument: Argument
    number: int  # as the case page numbers it, from 1


def normalise_text(text: str) -> str:
    """Return the words of ``text`` only: case, accents' forms, punctuation and spacing do not count."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def similarity(first: str, second: str) -> float:
    """Return how alike two normalised texts are, from 0 to 1 (difflib's ratio)."""
    if first == second:
        return 1.0
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    # The cheap upper bounds rule most pairs out before the full comparison.
    if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD or matcher.quick_ratio() < SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def duplicate_of(case: Case, text: str, *, other_than: int | None = None) -> Duplicate | None:
    """Return the case's argument most like ``text`` when they are the same or nearly, else None.

    ``other_than`` is the id of the argument being edited, which is not compared with itself."""
    wanted = normalise_text(text)
    best: Duplicate | None = None
    best_score = 0.0
    for number, argument in enumerate(case.arguments.order_by("order", "pk"), start=1):
        if argument.pk == other_than:
            continue
        score = similarity(wanted, normalise_text(argument.text))
        if score >= SIMILARITY_THRESHOLD and score > best_score:
            best, best_score = Duplicate(argument, number), score
    return best
