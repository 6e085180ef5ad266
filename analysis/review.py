"""The review workflow: submit, decide each argument, approve (freezing a revision) or send back, reopen.

Each service is keyword-only, runs in one transaction, locks the case row and checks the version the user
saw, so that two reviewers cannot silently overwrite each other.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from analysis import engine, snapshot
from analysis.models import Decision, LawChange, ReviewNote, Revision
from intake.models import Argument, Case, User


class ReviewConflict(Exception):
    """The case changed after the user loaded it; nothing was saved."""


def lock_case(case: Case, expected_version: int | None) -> Case:
    """Lock the case row for this transaction; a stale ``expected_version`` is a ReviewConflict."""
    locked = Case.objects.select_for_update().select_related("organisation", "client").get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        last = locked.history.select_related("history_user").first()
        who = str(last.history_user) if last and last.history_user else "someone else"
        when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M") if last else "just now"
        raise ReviewConflict(f"This case was changed by {who} at {when} — reload to see the changes.")
    return locked


def touch_case(case: Case, **fields) -> None:
    """Save a review change to the case and bump its version, so that other open pages see they are stale."""
    for name, value in fields.items():
        setattr(case, name, value)
    case.version += 1
    case.save()


def _require_reviewer(user: User) -> None:
    if user.role != User.Role.REVIEWER:
        raise PermissionDenied("Only reviewers decide, approve or send back a case.")


def _notify_assigned(case: Case, subject: str, body: str) -> None:
    recipient = case.assigned_to or case.created_by
    if recipient and recipient.email:
        # The message names the case by id and docket only: no client narrative leaves the app by e-mail.
        send_mail(subject, body, None, [recipient.email], fail_silently=True)


@transaction.atomic
def submit_for_review(*, case: Case, by: User, expected_version: int | None = None) -> Case:
    case = lock_case(case, expected_version)
    if case.status not in Case.EDITABLE_STATUSES:
        raise ValidationError("Only a draft or a case sent back for changes can be submitted for review.")
    arguments = list(case.arguments.select_related("assessment"))
    if not arguments:
        raise ValidationError("Add the client's arguments before submitting for review.")
    unassessed = [
        n
        for n, a in enumerate(arguments, 1)
        if getattr(a, "assessment", None) is None or a.assessment.is_stale
    ]
    if unassessed:
        raise ValidationError(
            "Run triage first: argument(s) "
            + ", ".join(f"#{n}" for n in unassessed)
            + " have no current assessment."
        )
    touch_case(case, status=Case.Status.IN_REVIEW, submitted_for_review_at=timezone.now())
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.SUBMITTED, author=by)
    return case


def _check_taxonomy(disposition: str, ground: str) -> None:
    if ground not in engine.TAXONOMY.get(disposition, ()):
        raise ValidationError(f"“{ground}” is not a ground of “{disposition}”.")


@transaction.atomic
def decide_argument(
    *,
    argument: Argument,
    by: User,
    accept: bool,
    disposition: str = "",
    ground: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Accept the engine's assessment of one argument, or override disposition and/or ground with a reason."""
    _require_reviewer(by)
    case = lock_case(argument.case, expected_version)
    if case.status != Case.Status.IN_REVIEW:
        raise ValidationError("Decisions are made while the case is in review.")
    assessment = getattr(argument, "assessment", None)
    if assessment is None or assessment.is_stale:
        raise ValidationError("This argument has no current assessment; send the case back to run triage.")
    reason = (reason or "").strip()
    if accept:
        disposition, ground = assessment.disposition, assessment.ground
    else:
        _check_taxonomy(disposition, ground)
        if not reason:
            raise ValidationError({"reason": "Give the reason for overriding the engine's assessment."})
        if (disposition, ground) == (assessment.disposition, assessment.ground):
            accept = True
    decision, _ = Decision.objects.update_or_create(
        argument=argument,
        defaults={
            "disposition": disposition,
            "ground": ground,
            "accepted": accept,
            "reason": reason,
            "engine_disposition": assessment.disposition,
            "engine_ground": assessment.ground,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    decision.full_clean()
    touch_case(case)
    return decision


@transaction.atomic
def accept_all(*, case: Case, by: User, expected_version: int | None = None) -> tuple[int, list[int]]:
    """Accept every undecided assessment that does not need review; return (accepted, skipped positions)."""
    _require_reviewer(by)
    case = lock_case(case, expected_version)
    if case.status != Case.Status.IN_REVIEW:
        raise ValidationError("Decisions are made while the case is in review.")
    accepted, skipped = 0, []
    now = timezone.now()
    for position, argument in enumerate(case.arguments.select_related("assessment", "decision"), start=1):
        if getattr(argument, "decision", None) is not None:
            continue
        assessment = argument.assessment
        if assessment.needs_review or assessment.is_stale:
            skipped.append(position)
            continue
        Decision.objects.create(
            argument=argument,
            disposition=assessment.disposition,
            ground=assessment.ground,
            accepted=True,
            engine_disposition=assessment.disposition,
            engine_ground=assessment.ground,
            decided_by=by,
            decided_at=now,
        )
        accepted += 1
    touch_case(case)
    return accepted, skipped


@transaction.atomic
def request_changes(*, case: Case, by: User, comment: str, expected_version: int | None = None) -> Case:
    _require_reviewer(by)
    case = lock_case(case, expected_version)
    if case.status != Case.Status.IN_REVIEW:
        raise ValidationError("Only a case in review can be sent back.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say what needs to change."})
    touch_case(case, status=Case.Status.CHANGES_REQUESTED)
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.CHANGES_REQUESTED, text=comment, author=by)
    _notify_assigned(
        case,
        f"Changes requested: case {case.pk} (No. {case.docket_number})",
        f"{by} asked for changes on case {case.pk}. Open Safety Valve to read the comment.",
    )
    return case


@transaction.atomic
def approve(
    *, case: Case, by: User, threshold_acknowledged: bool, expected_version: int | None = None
) -> Revision:
    """Freeze the case as revision N, render its documents once, and mark it approved."""
    from analysis import documents_service

    _require_reviewer(by)
    case = lock_case(case, expected_version)
    if case.status != Case.Status.IN_REVIEW:
        raise ValidationError("Only a case in review can be approved.")
    if case.organisation.require_independent_approval and case.created_by_id == by.pk:
        raise PermissionDenied(
            "Your organisation requires that someone other than the intake author approves."
        )
    if not threshold_acknowledged:
        raise ValidationError(
            {"threshold_acknowledged": "Acknowledge the filing-threshold analysis before approving."}
        )
    pending = case.law_changes.filter(status=LawChange.Status.PENDING).count()
    if pending:
        raise ValidationError(
            f"The law changed for {pending} argument{'s' if pending != 1 else ''} of this case: accept the new "
            "assessment or keep the old one (with a reason) before approving."
        )
    arguments = list(case.arguments.select_related("decision"))
    undecided = [n for n, a in enumerate(arguments, 1) if getattr(a, "decision", None) is None]
    if undecided:
        raise ValidationError(
            "Decide every argument first: " + ", ".join(f"#{n}" for n in undecided) + " undecided."
        )
    now = timezone.now()
    number = (case.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    frozen = snapshot.build_snapshot(case)
    frozen.update({"revision": number, "approved_at": now.isoformat(), "approved_by": str(by)})
    revision = Revision.objects.create(
        case=case,
        number=number,
        snapshot=frozen,
        content_hash=snapshot.content_hash(frozen),
        rule_pack_version=frozen["rule_pack"]["version"],
        approved_by=by,
        approved_at=now,
    )
    documents_service.store_revision_documents(revision)
    touch_case(case, status=Case.Status.APPROVED)
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.APPROVED, author=by, text=f"Revision {number}")
    _notify_assigned(
        case,
        f"Approved: case {case.pk} (No. {case.docket_number}), revision {number}",
        f"{by} approved revision {number} of case {case.pk}. Its documents are ready in Safety Valve.",
    )
    return revision


@transaction.atomic
def reopen(*, case: Case, by: User, expected_version: int | None = None) -> Case:
    """Reopen an approved case as a draft; its next approval becomes a new revision."""
    if by.role not in (User.Role.REVIEWER, User.Role.INTAKE):
        raise PermissionDenied("Your role does not allow reopening a case.")
    case = lock_case(case, expected_version)
    if case.status != Case.Status.APPROVED:
        raise ValidationError("Only an approved case can be reopened.")
    touch_case(case, status=Case.Status.DRAFT)
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.REOPENED, author=by)
    return case
