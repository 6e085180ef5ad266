"""The History tab: who changed which field of a case, its client, warden request and arguments, and when."""

from dataclasses import dataclass
from datetime import datetime

from analysis.models import Filing, LawChange
from intake.models import Argument, Case, Client, WardenRequest

CHANGE_LABELS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str
    action: str
    changes: tuple[FieldChange, ...]


def _display(record, field_name: str) -> str:
    field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if field.is_relation:
        related = getattr(record, field.name, None)
        return str(related) if related is not None else str(value)
    return str(value)


def _label(record, field_name: str) -> str:
    return str(record.instance_type._meta.get_field(field_name).verbose_name)


def _entries(records, describe) -> list[HistoryEntry]:
    """Turn one model's history records (all objects) into entries, diffing each with the one before it."""
    previous_by_object: dict[int, object] = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = previous_by_object.get(record.id)
        changes: tuple[FieldChange, ...] = ()
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            changes = tuple(
                FieldChange(
                    _label(record, change.field),
                    _display(previous, change.field),
                    _display(record, change.field),
                )
                for change in delta.changes
            )
            if not changes:
                previous_by_object[record.id] = record
                continue
        previous_by_object[record.id] = record
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "system",
                what=describe(record),
                action=CHANGE_LABELS[record.history_type],
                changes=changes,
            )
        )
    return entries


def entries_for(case: Case) -> list[HistoryEntry]:
    """Return the case's whole audit history, newest first."""
    # Staff know arguments by their place on the case page (#1, #2 …), never by database id.
    numbers = {pk: n for n, pk in enumerate(case.arguments.values_list("pk", flat=True), start=1)}

    def argument_label(argument_id: int) -> str:
        return f"argument #{numbers[argument_id]}" if argument_id in numbers else "a deleted argument"

    entries = (
        _entries(Case.history.filter(id=case.pk).select_related("history_user"), lambda r: "Case")
        + _entries(
            Client.history.filter(id=case.client_id).select_related("history_user"), lambda r: "Client"
        )
        + _entries(
            WardenRequest.history.filter(case_id=case.pk).select_related("history_user"),
            lambda r: "Warden request",
        )
        + _entries(
            Argument.history.filter(case_id=case.pk).select_related("history_user"),
            lambda r: argument_label(r.id).capitalize(),
        )
        + _entries(
            Filing.history.filter(case_id=case.pk).select_related("history_user"),
            lambda r: f"Motion {r.number}",
        )
        + _entries(
            LawChange.history.filter(case_id=case.pk).select_related("history_user"),
            lambda r: f"Law change ({r.new_rule_pack_version}), {argument_label(r.argument_id)}",
        )
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
