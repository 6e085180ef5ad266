"""Erasing a client's case for good, and the retention list of closed cases due for it.

``erase_case`` deletes a case and everything that holds its client's text: arguments, assessments, decisions,
review notes, law changes, the warden request, court filings, exhibits and their files (removed from MEDIA_ROOT
once the erasure commits, ``analysis.exhibits``), approved revisions and their stored documents,
every django-simple-history row of all of these, and Django admin log entries naming them; the client too, when
this was their last case. What stays: the access log's records of who read the case (ids only, no client text)
and one ``Erasure`` audit entry with who, when, the case number and counts. Nothing here reaches into backups or
the database's free space: see the README, "Data at rest".
"""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from analysis.models import Assessment, Decision, Exhibit, Filing, LawChange, Revision, StoredDocument
from intake.models import Argument, Case, CaseAccess, Client, Erasure, User, WardenRequest


def _history_rows(case_id: int, argument_ids: set[int]) -> list[QuerySet]:
    """Every history table's rows about the case: each model's history, including rows of deleted objects."""
    return [
        Case.history.filter(id=case_id),
        WardenRequest.history.filter(case_id=case_id),
        Argument.history.filter(case_id=case_id),
        Assessment.history.filter(argument_id__in=argument_ids),
        Decision.history.filter(argument_id__in=argument_ids),
        Filing.history.filter(case_id=case_id),
        LawChange.history.filter(case_id=case_id),
        Exhibit.history.filter(case_id=case_id),
    ]


def _tally(counts: Counter, deleted: tuple[int, dict[str, int]]) -> None:
    for label, number in deleted[1].items():
        if number and not label.split(".")[-1].startswith("Historical"):
            counts[label.split(".")[-1]] += number


def preview(case: Case) -> dict:
    """What erasing the case would remove (for the confirmation page): counts only."""
    return {
        "arguments": case.arguments.count(),
        "revisions": Revision.objects.filter(case=case).count(),
        "documents": StoredDocument.objects.filter(revision__case=case).count(),
        "exhibits": case.exhibits.count(),
        "client_too": not Case.objects.filter(client_id=case.client_id).exclude(pk=case.pk).exists(),
    }


def confirmation_phrase(case: Case) -> str:
    """What the admin must type to erase ``case``: its docket number, or the client's name for a draft saved
    before it had one (an empty phrase would let an empty confirmation through)."""
    return case.docket_number or case.client.name


@transaction.atomic
def erase_case(*, case: Case, by: User, confirmation: str) -> Erasure:
    """Erase ``case`` of ``by``'s organisation after ``confirmation`` repeats its `confirmation_phrase`."""
    # Lock first, then check, so nobody adds to the case while it is being erased.
    case = Case.objects.select_for_update().get(pk=case.pk, organisation_id=by.organisation_id)
    phrase = confirmation_phrase(case)
    if not phrase.strip() or confirmation.strip().lower() != phrase.strip().lower():
        what = "docket number" if case.docket_number else "client's name"
        raise ValidationError(
            {"confirmation": f"Type the case's {what} exactly as shown to confirm; nothing was erased."}
        )
    client_id, case_id = case.client_id, case.pk
    argument_ids = set(Argument.history.filter(case_id=case_id).values_list("id", flat=True))
    warden_request_ids = set(WardenRequest.history.filter(case_id=case_id).values_list("id", flat=True))
    counts: Counter = Counter()
    # Protected links first: documents hold their revision, filings their revision, revisions their case.
    _tally(counts, StoredDocument.objects.filter(revision__case_id=case_id).delete())
    _tally(counts, Filing.objects.filter(case_id=case_id).delete())
    _tally(counts, Revision.objects.filter(case_id=case_id).delete())
    _tally(counts, Case.objects.filter(pk=case_id).delete())  # arguments, assessments, notes ... cascade
    client_erased = not Case.objects.filter(client_id=client_id).exists()
    history = _history_rows(case_id, argument_ids)
    if client_erased:
        _tally(counts, Client.objects.filter(pk=client_id).delete())
        history.append(Client.history.filter(id=client_id))
    # Deleting wrote one more history row per object ("-"); these go with the rest.
    counts["history rows"] = sum(rows.delete()[0] for rows in history)
    counts["admin log entries"] = _delete_admin_log_entries(
        {Case: {case_id}, Argument: argument_ids, WardenRequest: warden_request_ids}
        | ({Client: {client_id}} if client_erased else {})
    )
    counts["access records kept"] = CaseAccess.objects.filter(case_id=case_id).count()
    return Erasure.objects.create(
        organisation_id=by.organisation_id,
        erased_by=by,
        case_number=case_id,
        client_erased=client_erased,
        counts=dict(sorted(counts.items())),
    )


def _delete_admin_log_entries(objects: dict) -> int:
    """The admin site's change log names objects (a case's title is the client's name): remove those."""
    condition = Q(pk__in=[])
    for model, ids in objects.items():
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            condition |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])
    return LogEntry.objects.filter(condition).delete()[0]


def cases_due_for_erasure(organisation_id: int | None = None, years: int | None = None) -> QuerySet:
    """Closed cases (approved, no motion pending) whose last change is older than ``years`` (by default
    ``RETENTION_YEARS``), oldest first."""
    cutoff = timezone.now() - timedelta(days=round(365.25 * (years or settings.RETENTION_YEARS)))
    active_filing = Filing.objects.filter(case=OuterRef("pk")).filter(
        Q(ruling=Filing.Ruling.PENDING) | Q(updated_at__gte=cutoff)
    )
    cases = Case.objects.filter(status=Case.Status.APPROVED, updated_at__lt=cutoff).exclude(
        Exists(active_filing)
    )
    if organisation_id is not None:
        cases = cases.filter(organisation_id=organisation_id)
    return cases.select_related("client").order_by("updated_at", "pk")
