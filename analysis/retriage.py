"""When the rule pack changes: find the open cases whose arguments the new law reads differently.

Nothing here rewrites a reviewed result. ``find_changes`` compares each stored assessment made under an older
pack with what the current pack says about the same text; ``record_changes`` files each difference as a
pending ``LawChange``; a reviewer then accepts the new assessment or keeps the old one, with a reason
(``decide_law_change``). Approved revisions and their documents are never touched: they keep the pack they
were approved under.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import update_change_reason

from analysis import engine, review, triage
from analysis.models import Assessment, Decision, Filing, LawChange, ReviewNote
from intake.models import Argument, Case, User

# A case is closed once its newest motion was granted or denied; every other case is open.
FINAL_RULINGS = (Filing.Ruling.GRANTED, Filing.Ruling.DENIED, Filing.Ruling.DENIED_IN_PART)


def open_cases(cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    cases = Case.objects.all() if cases is None else cases
    newest: dict[int, tuple[int, str]] = {}
    for case_id, number, ruling in Filing.objects.filter(case__in=cases).values_list(
        "case_id", "number", "ruling"
    ):
        if case_id not in newest or number > newest[case_id][0]:
            newest[case_id] = (number, ruling)
    closed = [case_id for case_id, (_number, ruling) in newest.items() if ruling in FINAL_RULINGS]
    return cases.exclude(pk__in=closed)


@dataclass
class ArgumentChange:
    argument: Argument
    position: int
    old: Assessment
    new: engine.Assessment
    existing: LawChange | None = None  # filed by an earlier run (pending, or kept by a reviewer)

    @property
    def rule_ids(self) -> tuple[str, str]:
        return self.old.rule_id, self.new.to_dict().get("rule_id", "")


@dataclass
class CaseReport:
    case: Case
    changes: list[ArgumentChange] = field(default_factory=list)
    checked: int = 0
    stale: int = 0  # arguments edited since their last triage: a new triage, not a law change, is due


@dataclass
class RetriageReport:
    rule_pack_version: str
    cases: list[CaseReport]
    recorded: int = 0

    @property
    def changed(self) -> list[CaseReport]:
        return [report for report in self.cases if report.changes]

    @property
    def arguments_checked(self) -> int:
        return sum(report.checked for report in self.cases)


def find_changes(cases: QuerySet[Case]) -> RetriageReport:
    """Re-run the current pack on every assessed argument of ``cases`` made under an older pack."""
    pack = engine.current_rule_pack()
    already = {
        change.argument_id: change
        for change in LawChange.objects.filter(case__in=cases, new_rule_pack_version=pack.version)
    }
    reports = []
    for case in (
        cases.select_related("client")
        .prefetch_related("arguments__assessment", "arguments__decision")
        .order_by("pk")
    ):
        report = CaseReport(case)
        checking: list[tuple[int, Argument]] = []
        settled: list[Argument] = []  # not read again: assessed under this pack, stale or never triaged
        for position, argument in enumerate(case.arguments.all(), start=1):
            assessment = getattr(argument, "assessment", None)
            older = assessment is not None and assessment.rule_pack_version != pack.version
            if older and assessment.is_stale:
                report.stale += 1
            if older and not assessment.is_stale:
                checking.append((position, argument))
            else:
                settled.append(argument)
        report.checked = len(checking)
        # Read as triage reads them: the case's arguments together (rehabilitation beside another release ground
        # of the motion supports it), or a change of pack would seem to move what only the context decided.
        others = triage.settled_outcomes(settled)
        fresh = [engine.classify(argument.text, case.circuit or None) for _, argument in checking]
        for (position, argument), new in zip(checking, engine.read_together(fresh, others), strict=True):
            old = argument.assessment
            if (new.disposition, new.ground) != (old.disposition, old.ground):
                report.changes.append(ArgumentChange(argument, position, old, new, already.get(argument.pk)))
        reports.append(report)
    return RetriageReport(pack.version, reports)


@transaction.atomic
def record_changes(report: RetriageReport) -> int:
    """File each change as a pending LawChange (once per argument and pack); return how many were new."""
    now = timezone.now()
    created = 0
    for case_report in report.changed:
        for change in case_report.changes:
            if change.existing is not None:
                continue
            _, was_created = LawChange.objects.get_or_create(
                argument=change.argument,
                new_rule_pack_version=report.rule_pack_version,
                defaults={
                    "case": case_report.case,
                    "old_rule_pack_version": change.old.rule_pack_version,
                    "old_disposition": change.old.disposition,
                    "old_ground": change.old.ground,
                    "new_disposition": change.new.disposition,
                    "new_ground": change.new.ground,
                    "old_result": change.old.details,
                    "new_result": change.new.to_dict(),
                    "text_sha256": change.old.text_sha256,
                    "found_at": now,
                },
            )
            created += was_created
    report.recorded = created
    return created


def retriage_open_cases(*, record: bool = True, cases: QuerySet[Case] | None = None) -> RetriageReport:
    report = find_changes(open_cases(cases))
    if record:
        record_changes(report)
    return report


@dataclass(frozen=True)
class ChangeView:
    """A LawChange as the side-by-side panel shows it."""

    change: LawChange
    position: int
    old_rule: str
    new_rule: str
    explanations: tuple  # the new pack's changelog entries naming either rule

    @property
    def old(self) -> dict:
        return self.change.old_result

    @property
    def new(self) -> dict:
        return self.change.new_result


def changes_for_case(case: Case) -> list[ChangeView]:
    """The case's law changes, pending first, each with what the new pack says changed."""
    changes = list(case.law_changes.select_related("argument", "decided_by"))
    if not changes:
        return []
    positions = {pk: n for n, pk in enumerate(case.arguments.values_list("pk", flat=True), start=1)}
    views = []
    for change in changes:
        old_rule = change.old_result.get("rule_id", "")
        new_rule = change.new_result.get("rule_id", "")
        try:
            pack = engine.load_rule_pack_version(change.new_rule_pack_version)
            explanations = tuple(
                (entry.summary, tuple(pack.cite(key) for key in entry.authorities))
                for entry in pack.changes_for(old_rule, new_rule)
            )
        except engine.RulePackNotFound:
            explanations = ()
        views.append(
            ChangeView(change, positions.get(change.argument_id, 0), old_rule, new_rule, explanations)
        )
    views.sort(key=lambda view: (view.change.status != LawChange.Status.PENDING, view.position))
    return views


@transaction.atomic
def decide_law_change(
    *, change: LawChange, accept: bool, reason: str, by: User, expected_version: int | None = None
) -> LawChange:
    """Accept the new assessment or keep the old one; either way with a reason, and on the record."""
    if not by.is_reviewer:
        raise PermissionDenied("Only a reviewer decides how a change in the law applies to a case.")
    # Lock the case first, as every review action does, then the change.
    case = review.lock_case(change.case, expected_version)
    change = LawChange.objects.select_for_update().select_related("argument").get(pk=change.pk)
    if change.status != LawChange.Status.PENDING:
        raise ValidationError(f"This change was already decided ({change.get_status_display().lower()}).")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for your decision."})
    argument = change.argument
    if triage.text_fingerprint(argument.text) != change.text_sha256:
        raise ValidationError("The argument was edited after the change was found; run triage again instead.")
    now = timezone.now()
    if accept:
        assessment, _ = Assessment.objects.update_or_create(
            argument=argument,
            defaults=triage.assessment_fields(change.new_result, argument.text, when=now, by=by),
        )
        # Marked as review work, so that accepting the new law does not count as running triage on the case
        # (independent approval, ``review.contributions``).
        update_change_reason(assessment, review.LAW_CHANGE_ACCEPTED)
        decision = Decision.objects.filter(argument=argument).first()
        if decision is not None:
            decision.disposition = change.new_disposition
            decision.ground = change.new_ground
            decision.engine_disposition = change.new_disposition
            decision.engine_ground = change.new_ground
            decision.accepted = True
            decision.reason = f"Law changed (rule pack {change.new_rule_pack_version}): {reason}"
            decision.decided_by = by
            decision.decided_at = now
            decision.save()
    change.status = LawChange.Status.ACCEPTED if accept else LawChange.Status.KEPT
    change.reason = reason
    change.decided_by = by
    change.decided_at = now
    change.full_clean()
    change.save()
    # The case's decisions changed: pages opened before this must not approve or decide on stale state.
    review.touch_case(case)
    ReviewNote.objects.create(
        case_id=change.case_id,
        kind=ReviewNote.Kind.LAW_CHANGE,
        author=by,
        text=(
            f"Argument {argument.order + 1}: {'accepted the new' if accept else 'kept the old'} assessment "
            f"under rule pack {change.new_rule_pack_version}. {reason}"
        ),
    )
    return change
