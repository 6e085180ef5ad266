"""Check issue exhaustion: do the grounds argued in court appear in the warden request? (LAW.md § 1)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .classifier import Assessment, analyse, assess
from .rulepack import RulePack, load_rule_pack, normalise_circuit, pack_with_law_text

# A ground counts as raised in the request when its rule fires on the request text with at least this score.
_RAISED_SCORE = 1.0


@dataclass(frozen=True)
class ArgumentExhaustion:
    """One argument's exhaustion status. `raised_in_request` is None for arguments that are not
    compassionate-release grounds (they do not go in the motion, so exhaustion does not apply)."""

    index: int
    disposition: str
    ground: str
    raised_in_request: bool | None
    at_risk: bool
    note: str

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "disposition": self.disposition,
            "ground": self.ground,
            "raised_in_request": self.raised_in_request,
            "at_risk": self.at_risk,
            "note": self.note,
        }


@dataclass(frozen=True)
class IssueExhaustionResult:
    circuit: str | None
    requirement: str  # "none" | "required" | "at_risk" | "unknown"
    advice: str
    authorities: tuple[str, ...]
    grounds_in_request: tuple[str, ...]
    arguments: tuple[ArgumentExhaustion, ...]
    rule_pack_version: str

    @property
    def any_at_risk(self) -> bool:
        return any(item.at_risk for item in self.arguments)

    def to_dict(self) -> dict:
        return {
            "circuit": self.circuit,
            "requirement": self.requirement,
            "advice": self.advice,
            "authorities": list(self.authorities),
            "grounds_in_request": list(self.grounds_in_request),
            "arguments": [item.to_dict() for item in self.arguments],
            "any_at_risk": self.any_at_risk,
            "rule_pack_version": self.rule_pack_version,
        }


def grounds_raised(text: str, pack: RulePack, circuit: str | None = None) -> set[str]:
    """Return the compassionate-release grounds a text raises (every present-circumstance rule that fires)."""
    analysis = analyse(text or "", pack, circuit)
    raised = set()
    for item in analysis.ranked:
        rule = item.rule
        if item.score < _RAISED_SCORE:
            continue
        if rule.disposition == "compassionate_release":
            raised.add(rule.ground)
        elif rule.disposition == "foreclosed" and rule.ground == "rehabilitation_alone":
            raised.add("rehabilitation")
    return raised


def _unraised_note(pack: RulePack, requirement: str) -> str:
    """The note on a ground the warden request does not raise, in the law text's words for the circuit's rule
    (``exhaustion.unraised.<requirement>``); a pack older than the law text uses the newest pack's words."""
    return pack_with_law_text(pack).text(f"exhaustion.unraised.{requirement}").plain


def check_issue_exhaustion(
    arguments: Sequence[str | Assessment],
    warden_request_text: str,
    circuit: str | None,
    as_of: dt.date | str | None = None,
) -> IssueExhaustionResult:
    """Flag arguments whose ground the warden request did not raise, with the circuit's rule and authority.

    `arguments` may be argument texts (classified here, with `circuit`) or `Assessment`s already made (a
    reviewer's accepted disposition can be passed by building an Assessment, or its text re-classified).
    Only compassionate-release grounds are checked; other dispositions do not belong in the motion.
    In the 4th Circuit nothing is at risk; in the 7th a missing ground is; elsewhere a missing ground is
    flagged as a risk and the advice is to list every ground in the request.
    """
    pack = load_rule_pack(as_of)
    code = normalise_circuit(circuit)
    policy = pack.circuit_policy(code)
    raised = grounds_raised(warden_request_text or "", pack, code)

    items = []
    for index, argument in enumerate(arguments):
        if isinstance(argument, Assessment):
            assessment = argument
        elif isinstance(argument, str):
            assessment = assess(argument, pack, code)
        else:
            raise TypeError(
                f"arguments[{index}] must be a string or an Assessment, got {type(argument).__name__}"
            )
        disposition, ground = assessment.disposition, assessment.ground
        if disposition != "compassionate_release":
            items.append(
                ArgumentExhaustion(
                    index,
                    disposition,
                    ground,
                    None,
                    False,
                    "Not a compassionate-release ground, so it does not go in the motion; exhaustion does not apply.",
                )  # fmt: skip
            )
            continue
        is_raised = ground in raised
        if is_raised:
            note = f"The warden request raises the {ground.replace('_', ' ')} ground."
            at_risk = False
        else:
            note = _unraised_note(pack, policy.issue_exhaustion)
            at_risk = policy.issue_exhaustion != "none"
        items.append(ArgumentExhaustion(index, disposition, ground, is_raised, at_risk, note))

    return IssueExhaustionResult(
        circuit=code,
        requirement=policy.issue_exhaustion,
        advice=policy.advice,
        authorities=tuple(pack.cite(key) for key in policy.authorities),
        grounds_in_request=tuple(sorted(raised)),
        arguments=tuple(items),
        rule_pack_version=pack.version,
    )
