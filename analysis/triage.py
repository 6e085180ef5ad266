"""Adapter between intake rows and the pure engine: Argument rows -> engine.classify -> Assessment rows.

Everything legal happens in ``analysis.engine``; this module only feeds it case facts and stores what it says.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from analysis import engine, outcomes
from analysis.engine.classifier import WEAK_MATCH_REASON
from analysis.models import DISPOSITIONS, Assessment, Decision, LawChange, text_fingerprint
from intake.models import Argument, Case, User, WardenRequest
from intake.services import ensure_complete, lock_editable_case


def classify_argument(text: str, circuit: str | None, as_of=None):
    return engine.classify(text, circuit=circuit or None, as_of=as_of)


@transaction.atomic
def run_triage(*, case: Case, by: User) -> list[Assessment]:
    """Assess every argument of the case and store one Assessment per argument (replacing older ones)."""
    case = lock_editable_case(case.pk)
    ensure_complete(case, "run triage")
    return _assess(case, case.arguments.all(), by)


@transaction.atomic
def run_triage_unassessed(*, case: Case, by: User | None = None, as_of=None) -> list[Assessment]:
    """Assess only the arguments that have no assessment yet (a draft export of an untriaged case).

    ``as_of`` applies the rule pack in force on that date instead of the newest (past triage, the demo).
    """
    return _assess(case, case.arguments.filter(assessment__isnull=True), by, as_of)


def settled_outcomes(arguments) -> list[tuple[str, str]]:
    """The (disposition, ground) of each argument not being read again (assessed or decided), for
    ``engine.read_together``: the arguments of one motion are read as a whole."""
    return [
        (outcome.disposition, outcome.ground)
        for argument in arguments
        if (outcome := outcomes.outcome_of(argument)) is not None
    ]


def _assess(case: Case, arguments, by: User | None, as_of=None) -> list[Assessment]:
    now = timezone.now()
    stored = []
    arguments = list(arguments.select_related("assessment", "decision"))
    # A reviewer's decision is about the text they read: once an argument's text changes, the next review must
    # decide it again (an unchanged argument keeps its decision across a reopening).
    changed = [
        a.pk for a in arguments if getattr(a, "assessment", None) is not None and a.assessment.is_stale
    ]
    if changed:
        Decision.objects.filter(argument_id__in=changed).delete()
    results = [classify_argument(argument.text, case.circuit, as_of) for argument in arguments]
    # The motion is read as a whole: rehabilitation beside another release ground of this case supports it.
    assessing = {argument.pk for argument in arguments}
    others = settled_outcomes(
        case.arguments.exclude(pk__in=assessing).select_related("assessment", "decision")
    )
    for argument, result in zip(arguments, engine.read_together(results, others), strict=True):
        assessment, _ = Assessment.objects.update_or_create(
            argument=argument,
            defaults=assessment_fields(result.to_dict(), argument.text, when=now, by=by),
        )
        stored.append(assessment)
    if as_of is not None:
        return stored
    # The arguments now carry the current pack's assessment: a pending law change on an argument nobody has
    # decided yet is answered by this triage. Decided arguments keep theirs for the reviewer.
    LawChange.objects.filter(
        argument__in=[a for a in arguments if getattr(a, "decision", None) is None],
        status=LawChange.Status.PENDING,
        new_rule_pack_version=engine.RULE_PACK_VERSION,
    ).update(status=LawChange.Status.SUPERSEDED)
    return stored


def assessment_fields(result: dict, text: str, *, when, by: User | None) -> dict:
    """The Assessment columns for an engine result (``engine.Assessment.to_dict()``) about ``text``."""
    return {
        "disposition": result["disposition"],
        "ground": result["ground"],
        "confidence": result["confidence"],
        "needs_review": result["needs_review"],
        "evidence": result["evidence"],
        "rationale": result["rationale"],
        "authorities": list(result["authorities"]),
        "rule_id": result.get("rule_id", ""),
        "details": result,
        "rule_pack_version": result["rule_pack_version"],
        "text_sha256": text_fingerprint(text),
        "assessed_at": when,
        "assessed_by": by,
    }


def threshold_for(warden_request: WardenRequest | None, case: Case, as_of: date | None = None):
    """Return the engine's ThresholdResult for the recorded request, or None before a request exists.

    Read as of ``as_of`` (default: today, on the organisation's clock while a request is served), so a date that
    has come reads "may be filed now", as the triage memo says it."""
    if warden_request is None:
        return None
    return engine.check_threshold(
        submitted=warden_request.submitted_on,
        received=warden_request.received_on,
        warden_response=warden_request.response_on,
        appeal_exhausted=warden_request.appeals_exhausted_on,
        filed=case.motion_filed_on,
        circuit=case.circuit or None,
        as_of=as_of or timezone.localdate(),
    )


def issue_exhaustion_for(warden_request: WardenRequest | None, case: Case, arguments: list[Argument]):
    if not arguments:
        return None
    return engine.check_issue_exhaustion(
        [argument.text for argument in arguments],
        warden_request.grounds if warden_request else "",
        case.circuit or None,
    )


def unconfirmed_exhaustion_flags(exhaustion, arguments: list[Argument]) -> list:
    """The engine's issue-exhaustion flags (``exhaustion.arguments`` at risk) for the arguments staff have not
    confirmed either way. Once staff record whether a ground was raised in the warden request, that answer is the
    record and the engine's guess from the request's grounds summary is no longer shown (as in the documents)."""
    if exhaustion is None:
        return []
    return [
        item
        for item in exhaustion.arguments
        if item.at_risk
        and item.index < len(arguments)
        and arguments[item.index].raised_in_request == Argument.Raised.UNKNOWN
    ]


@dataclass
class TriageSummary:
    """Argument positions (1-based) grouped by the disposition they were assessed under."""

    groups: dict[str, list[int]] = field(default_factory=dict)
    unassessed: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    needs_review: list[int] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, str, list[int]]]:
        return [(key, label, self.groups.get(key, [])) for key, label in DISPOSITIONS.items()]


def summarise(arguments: list[Argument]) -> TriageSummary:
    """Group the arguments (select_related ``assessment`` and ``decision``) by their effective disposition: a
    reviewer's decision once made, else the engine's assessment."""
    summary = TriageSummary()
    for position, argument in enumerate(arguments, start=1):
        assessment = getattr(argument, "assessment", None)
        outcome = outcomes.outcome_of(argument)
        if assessment is None or outcome is None:
            summary.unassessed.append(position)
            continue
        if assessment.is_stale:
            summary.stale.append(position)
        if assessment.needs_review and not outcome.decided:
            summary.needs_review.append(position)
        summary.groups.setdefault(outcome.disposition, []).append(position)
    return summary


def authorities_for_circuit(cites: list[str], circuit: str | None) -> tuple[list[str], list[str]]:
    """Split an assessment's authorities for a client in `circuit`: (the Supreme Court, statutes and that
    circuit's own cases; other circuits' cases, persuasive there at most), each in the rule pack's order.
    With the circuit unknown nothing is set apart."""
    binding: list[str] = []
    elsewhere: list[str] = []
    for cite in cites:
        (elsewhere if engine.other_circuit(cite, circuit) else binding).append(cite)
    return binding, elsewhere


# Stored assessments and snapshots keep the engine's words (WEAK_MATCH_REASON) as they were, so they are recognised
# here rather than changed there.
RULES_WEAK_MATCH_BESIDE_MODEL = (
    "The rules found only a weak match for this reading, so a reviewer should confirm it; the confidence shown "
    "is the rules' and the learned model's together, not the rules' alone."
)


def review_reason_as_shown(reason: str, *, model_read: bool) -> str:
    """Return one of the engine's review reasons in words that agree with the confidence shown beside it.

    The weak-match flag is about the rules' own score, but once the learned model has read the text the confidence
    the engine reports is the rules' and the model's together, and can be 97 %: "the reading is tentative" beside
    it contradicts it. Said of the rules alone, it stays as the engine wrote it.
    """
    return RULES_WEAK_MATCH_BESIDE_MODEL if reason == WEAK_MATCH_REASON and model_read else reason


def evidence_segments(text: str, evidence: list[dict]) -> list[tuple[str, bool]]:
    """Split ``text`` into (segment, is_evidence) pieces so a template can mark the evidence, escaped."""
    spans = sorted(
        (max(0, int(span["start"])), min(len(text), int(span["end"])))
        for span in evidence
        if isinstance(span, dict) and "start" in span and "end" in span
    )
    segments: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in spans:
        if end <= cursor or start >= end:
            continue
        start = max(start, cursor)
        if start > cursor:
            segments.append((text[cursor:start], False))
        segments.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        segments.append((text[cursor:], False))
    return segments


def propose_arguments(letter: str, circuit: str | None) -> tuple[list[tuple[str, object]], list]:
    """Split a pasted letter into single-claim arguments, each with the engine's preview of it, and the sentences
    left out as not claims (greeting, sign-off, background), each with its reason, so staff can restore one."""
    split = engine.split_letter(letter)
    texts = [argument.text for argument in split.arguments]
    return list(zip(texts, read_proposals(texts, circuit), strict=True)), list(split.dropped)


def read_proposals(texts: list[str], circuit: str | None) -> list:
    """The engine's first reading of each proposed argument, read together as one case's arguments are."""
    return engine.read_together([classify_argument(text, circuit) for text in texts])


@transaction.atomic
def keep_proposed_arguments(
    *, case: Case, texts: list[str], by: User, verbatim: bool = False
) -> list[Argument]:
    """Add the kept arguments of a letter, all or none; `verbatim`: the letter is in the client's own words, so
    documents quote them."""
    from intake.services import add_argument, ensure_room_for_arguments

    limit = settings.MAX_ARGUMENTS_PER_LETTER
    if len(texts) > limit:
        raise ValidationError(
            f"Keep at most {limit} arguments from one letter (you ticked {len(texts)}); "
            "merge the ones that make the same point.",
            code="too_many_from_letter",
        )
    # Lock and check once for the whole letter: either every kept argument goes in, or none does.
    case = lock_editable_case(case.pk)
    ensure_room_for_arguments(case, len(texts))
    return [
        add_argument(case=case, text=text, source=Argument.Source.CLIENT_LETTER, by=by, is_verbatim=verbatim)
        for text in texts
    ]
