"""The Safety Valve analysis engine: pure Python, no Django.

Public surface (DESIGN.md contract): `classify`, `split_arguments`, `check_threshold`, plus `split_letter`
(the arguments and the sentences left out, for the letter page),
`check_issue_exhaustion`, the rule-pack loaders and the `TAXONOMY`.
"""

from .classifier import Assessment, Span, classify
from .context import read_together
from .exhaustion import ArgumentExhaustion, IssueExhaustionResult, check_issue_exhaustion
from .rulepack import (
    RulePack,
    RulePackError,
    RulePackNotFound,
    available_packs,
    current_rule_pack,
    deciding_circuit,
    load_rule_pack,
    load_rule_pack_version,
    normalise_circuit,
    other_circuit,
)
from .splitter import DroppedSentence, LetterSplit, ProposedArgument, split_arguments, split_letter
from .taxonomy import DISPOSITIONS, TAXONOMY
from .threshold import Note, ThresholdResult, check_threshold, may_file_now
from .timeline import RULINGS, THRESHOLD_POSITIONS, FilingFacts, Timeline, TimelineEntry, build_timeline

RULE_PACK_VERSION: str = current_rule_pack().version

__all__ = [
    "DISPOSITIONS",
    "RULINGS",
    "THRESHOLD_POSITIONS",
    "FilingFacts",
    "Timeline",
    "TimelineEntry",
    "build_timeline",
    "load_rule_pack_version",
    "RULE_PACK_VERSION",
    "TAXONOMY",
    "ArgumentExhaustion",
    "Assessment",
    "IssueExhaustionResult",
    "Note",
    "RulePack",
    "RulePackError",
    "RulePackNotFound",
    "Span",
    "ThresholdResult",
    "available_packs",
    "check_issue_exhaustion",
    "check_threshold",
    "may_file_now",
    "classify",
    "read_together",
    "current_rule_pack",
    "deciding_circuit",
    "load_rule_pack",
    "normalise_circuit",
    "other_circuit",
    "split_arguments",
    "split_letter",
    "DroppedSentence",
    "LetterSplit",
    "ProposedArgument",
]
