"""The review workflow: submit, decide each argument, approve (freezing a revision) or send back, reopen.

Each service is keyword-only, runs in one transaction, locks the case row and checks the version the user
saw, so that two reviewers cannot silently overwrite each other.
"""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from analysis import engine, notifications, snapshot
from analysis.models import Assessment, Decision, LawChange, ReviewNote, Revision
from intake import services
from intake.models import Argument, Case, Client, User, WardenRequest

ACCEPT_WITH_OUTCOME = (
    "You chose to accept the engine's assessment but also picked an outcome: choose Override to decide on that "
    "outcome, or clear it to accept."
)


class ReviewConflict(Exception):
    """The case changed after the user loaded it; nothing was saved."""

    def __init__(self, changed_by: str, changed_at: str):
        # Kept apart so that a page showing the refused work again can say who and when in its own words.
        self.changed_by, self.changed_at = changed_by, changed_at
        super().__init__(
            f"This case was changed by {changed_by} at {changed_at} — reload to see the changes."
        )


def lock_case(case: Case, expected_version: int | None) -> Case:
    """Lock the case row for this transaction; a stale ``expected_version`` is a ReviewConflict.

    Views always pass the version the page was loaded with (``analysis.forms.VersionedForm`` refuses a post
    without a valid one); ``None`` is for scripts and the demo, which act on the case as it is."""
    locked = services.lock_case(case.pk)
    if expected_version is not None and locked.version != expected_version:
        last = locked.history.select_related("history_user").first()
        who = str(last.history_user) if last and last.history_user else "someone else"
        when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M") if last else "just now"
        raise ReviewConflict(changed_by=who, changed_at=when)
    return locked


def touch_case(case: Case) -> None:
    """Save a review change to the case and bump its version, so that other open pages see they are stale."""
    case.version += 1
    case.save()


def _require_reviewer(user: User) -> None:
    if not user.is_reviewer:
        raise PermissionDenied("Only reviewers decide, approve or send back a case.")


@transaction.atomic
def submit_for_review(*, case: Case, by: User, expected_version: int | None = None) -> Case:
    case = lock_case(case, expected_version)
    case.ensure_can_become(Case.Status.IN_REVIEW)
    services.ensure_complete(case, "submit it for review")
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
    case.submit_for_review(at=timezone.now())
    touch_case(case)
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.SUBMITTED, author=by)
    notifications.case_submitted(case, by)
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
    if accept and (disposition or ground):
        # An accept that carries an outcome is a form that lost the reviewer's choice of Override: saving it as
        # an accept would record the opposite of the decision.
        raise ValidationError({"outcome": ACCEPT_WITH_OUTCOME})
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


class BulkAccept(NamedTuple):
    accepted: int
    needs_review: list[int]  # positions a reviewer must decide one by one
    untriaged: list[int]  # positions without a current assessment: nothing to accept


@transaction.atomic
def accept_all(*, case: Case, by: User, expected_version: int | None = None) -> BulkAccept:
    """Accept every undecided assessment that does not need review, and report the arguments left undecided.

    An argument without a current assessment is skipped, never triaged here: the engine runs on what intake
    submitted, and an argument that slipped in untriaged needs intake (send the case back), not a silent triage
    under the reviewer's name. Approval refuses while any argument is undecided."""
    _require_reviewer(by)
    case = lock_case(case, expected_version)
    if case.status != Case.Status.IN_REVIEW:
        raise ValidationError("Decisions are made while the case is in review.")
    accepted, needs_review, untriaged = 0, [], []
    now = timezone.now()
    for position, argument in enumerate(case.arguments.select_related("assessment", "decision"), start=1):
        if getattr(argument, "decision", None) is not None:
            continue
        assessment = getattr(argument, "assessment", None)
        if assessment is None or assessment.is_stale:
            untriaged.append(position)
            continue
        if assessment.needs_review:
            needs_review.append(position)
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
    return BulkAccept(accepted, needs_review, untriaged)


@transaction.atomic
def request_changes(*, case: Case, by: User, comment: str, expected_version: int | None = None) -> Case:
    _require_reviewer(by)
    case = lock_case(case, expected_version)
    case.ensure_can_become(Case.Status.CHANGES_REQUESTED)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say what needs to change."})
    case.send_back()
    touch_case(case)
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.CHANGES_REQUESTED, text=comment, author=by)
    notifications.changes_requested(case, by)
    return case


# Case fields the review workflow itself writes (``touch_case``): changing them is not authoring the case.
_WORKFLOW_FIELDS = ("status", "version", "submitted_for_review_at", "updated_at")
# Recorded on an assessment a reviewer replaced by accepting a change in the law (``retriage``): review work,
# not triage.
LAW_CHANGE_ACCEPTED = "law change accepted"


def contributions(case: Case, user: User) -> list[str]:
    """What ``user`` did to the revision now up for approval (everything since the case was last approved),
    read from the history every change already leaves; empty when they wrote none of it.

    Deciding arguments and law changes is review work and does not count."""
    last = case.revisions.order_by("-number").first()
    since = {"history_date__gt": last.approved_at} if last else {}
    found = []
    if case.created_by_id == user.pk:
        found.append("created the case")
    edited_case = any(
        record.prev_record is not None
        and record.diff_against(record.prev_record, excluded_fields=_WORKFLOW_FIELDS).changed_fields
        for record in case.history.filter(history_user=user, history_type="~", **since)
    ) or (Client.history.filter(id=case.client_id, history_user=user, history_type="~", **since).exists())
    if edited_case:
        found.append("edited the case")
    if WardenRequest.history.filter(case_id=case.pk, history_user=user, **since).exists():
        found.append("recorded the warden request")
    if Argument.history.filter(case_id=case.pk, history_user=user, **since).exists():
        found.append("added, edited, moved or deleted arguments")
    argument_ids = Argument.history.filter(case_id=case.pk).values("id")
    triaged = (
        Assessment.history.filter(argument_id__in=argument_ids, **since)
        .filter(Q(history_user=user) | Q(assessed_by=user))
        .exclude(history_change_reason=LAW_CHANGE_ACCEPTED)
    )
    if triaged.exists():
        found.append("ran triage")
    submitted = case.review_notes.filter(kind=ReviewNote.Kind.SUBMITTED, author=user)
    if last:
        submitted = submitted.filter(created_at__gt=last.approved_at)
    if submitted.exists():
        found.append("submitted it for review")
    return found


@transaction.atomic
def approve(
    *, case: Case, by: User, threshold_acknowledged: bool, expected_version: int | None = None
) -> Revision:
    """Freeze the case as revision N, render its documents once, and mark it approved."""
    from analysis import documents_service

    _require_reviewer(by)
    case = lock_case(case, expected_version)
    case.ensure_can_become(Case.Status.APPROVED)
    if case.organisation.require_independent_approval:
        authored = contributions(case, by)
        if authored:
            raise PermissionDenied(
                "Your organisation requires that someone other than the intake author approves: you "
                + ", ".join(authored)
                + ". Ask another reviewer to approve this revision."
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
    # The instant on the organisation's clock: documents print its date as written (#13 item 10).
    approved_at = case.organisation.localtime(now).isoformat()
    frozen.update(
        {
            "revision": number,
            "approved_at": approved_at,
            "approved_by": str(by),
            # Counsel signs the motion they approve: their bar number is printed under the /s/ line.
            "approved_by_bar_number": by.bar_number,
        }
    )
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
    case.approve()
    touch_case(case)
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.APPROVED, author=by, text=f"Revision {number}")
    notifications.case_approved(case, by, revision)
    return revision


@transaction.atomic
def reopen(*, case: Case, by: User, expected_version: int | None = None) -> Case:
    """Reopen an approved case as a draft; its next approval becomes a new revision."""
    if not by.can_edit_intake:
        raise PermissionDenied("Your role does not allow reopening a case.")
    case = lock_case(case, expected_version)
    case.reopen()
    touch_case(case)
    ReviewNote.objects.create(case=case, kind=ReviewNote.Kind.REOPENED, author=by)
    return case
