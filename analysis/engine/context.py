"""Reading an argument beside the other arguments of the same motion.

Rehabilitation is not, by itself, an extraordinary and compelling reason (28 U.S.C. § 994(t); USSG § 1B1.13(d)),
but it may be weighed together with other reasons. "Alone" is said of the motion, not of one paragraph: when a
client lists "I completed 30 programs and earned my GED" as its own reason next to a terminal illness, that
rehabilitation supports the illness. An argument whose own text reads as rehabilitation alone is therefore filed
under the pack's rule for rehabilitation beside another ground whenever another argument of the same case is a
compassionate-release ground other than rehabilitation. If no such ground remains later, the motion's cover
sheet tells the attorney not to file on rehabilitation alone (its "only rehabilitation" notice).

Only packs with a learned model ([model]) carry the note this reading adds; older packs are left as they read.
"""

from collections.abc import Iterable, Sequence
from dataclasses import replace

from .classifier import Assessment
from .rulepack import load_rule_pack_version

REHABILITATION_ALONE = ("foreclosed", "rehabilitation_alone")
BESIDE = ("compassionate_release", "rehabilitation")


def supports_rehabilitation(outcome: tuple[str, str]) -> bool:
    """A release ground that rehabilitation can be weighed with: any compassionate-release ground but itself."""
    return outcome[0] == "compassionate_release" and outcome[1] != "rehabilitation"


def read_together(results: Sequence[Assessment], others: Iterable[tuple[str, str]] = ()) -> list[Assessment]:
    """`results` (the engine's readings of arguments of one case, each of its own text) read as one motion.

    `others` are the (disposition, ground) outcomes of the case's other arguments, not in `results` (already
    assessed or decided). A "rehabilitation alone" reading becomes rehabilitation beside another ground when any
    of the rest is a compassionate-release ground; everything else is returned unchanged.
    """
    outcomes = [(result.disposition, result.ground) for result in results] + list(others)
    if not any(supports_rehabilitation(outcome) for outcome in outcomes):
        return list(results)
    return [
        _beside(result) if (result.disposition, result.ground) == REHABILITATION_ALONE else result
        for result in results
    ]


def _beside(result: Assessment) -> Assessment:
    pack = load_rule_pack_version(result.rule_pack_version)
    settings = pack.model
    if settings is None or BESIDE not in settings.rules:
        return result
    rule = pack.rule(settings.rules[BESIDE])
    note = settings.say("rehabilitation_beside")
    return replace(
        result,
        disposition=rule.disposition,
        ground=rule.ground,
        rationale=rule.explanation,
        authorities=tuple(pack.cite(key) for key in rule.authorities),
        rule_id=rule.id,
        ussg_subsection=rule.ussg_subsection,
        framing=rule.framing,
        # The note comes first and is the summary: the reading read alone ("this reading (foreclosed /
        # rehabilitation alone) is not confident…") is no longer the one shown, so it stays below, as history.
        review_reasons=tuple(dict.fromkeys((note, *result.review_reasons))),
        summary=note,
    )
