"""Check the filing threshold of 18 U.S.C. § 3582(c)(1)(A) (LAW.md § 1).

A motion may be filed after the earlier of (a) full exhaustion of BOP administrative appeals or (b) 30 days
from the warden's receipt of the request. The notes' words are the law text's (``threshold.note.*``). Pure: it
never looks at today's date (the caller may give one, `as_of`); when nothing has been filed yet, `satisfied` is
None and `earliest_filing_date` says when filing becomes possible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .rulepack import RulePack, coerce_date, load_rule_pack, normalise_circuit, pack_with_law_text


@dataclass(frozen=True)
class Note:
    """One point of the threshold analysis, with the authority it rests on.

    `kind` is "rule", "assumption" (a fact the engine had to assume), "warning" or "info".
    """

    text: str
    authority: str
    kind: str = "rule"

    def to_dict(self) -> dict:
        return {"text": self.text, "authority": self.authority, "kind": self.kind}


@dataclass(frozen=True)
class ThresholdResult:
    """Whether the motion clears the threshold (`satisfied` is None when no filing date is given)."""

    satisfied: bool | None
    earliest_filing_date: dt.date
    route: str  # "lapse_30_days" or "exhausted_appeals"
    notes: tuple[Note, ...]
    lapse_date: dt.date
    receipt_assumed: bool
    days_early: int | None = None
    bp10_deadline: dt.date | None = None
    circuit: str | None = None
    rule_pack_version: str = ""

    @property
    def ready_on(self) -> dt.date:
        return self.earliest_filing_date

    def to_dict(self) -> dict:
        return {
            "satisfied": self.satisfied,
            "earliest_filing_date": self.earliest_filing_date.isoformat(),
            "route": self.route,
            "notes": [note.to_dict() for note in self.notes],
            "lapse_date": self.lapse_date.isoformat(),
            "receipt_assumed": self.receipt_assumed,
            "days_early": self.days_early,
            "bp10_deadline": self.bp10_deadline.isoformat() if self.bp10_deadline else None,
            "circuit": self.circuit,
            "rule_pack_version": self.rule_pack_version,
        }


def may_file_now(satisfied: bool | None, earliest: dt.date | None, as_of: dt.date | None) -> bool:
    """Return whether a motion not filed yet (`satisfied` None) may be filed on `as_of`: its earliest date has come.

    The dates only move forward, so a motion filed from then on meets the threshold. The case page, the review
    queue and the triage memo all ask this one question, so they say "may be filed now" alike."""
    return satisfied is None and earliest is not None and as_of is not None and earliest <= as_of


def _date(value, name: str, required: bool = False) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise ValueError(f"{name} is required (the date the request was submitted to the warden)")
        return None
    return coerce_date(value, name)


def _require_order(
    earlier: dt.date | None, later: dt.date | None, earlier_name: str, later_name: str
) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise ValueError(
            f"{later_name} ({later.isoformat()}) cannot be before {earlier_name} ({earlier.isoformat()})"
        )


def _note_text(pack: RulePack, key: str, **values) -> str:
    """The note `key` in the law text's words (``threshold.note.<key>``), with `pack`'s own day counts; a pack older
    than the law text uses the newest pack's words."""
    days = {"lapse_days": pack.threshold.lapse_days, "bp10_days": pack.threshold.bp10_days}
    return pack_with_law_text(pack).text(f"threshold.note.{key}", **days, **values).plain


def check_threshold(
    submitted,
    received=None,
    warden_response=None,
    appeal_exhausted=None,
    filed=None,
    circuit: str | None = None,
    *,
    pack: RulePack | None = None,
    as_of: dt.date | None = None,
) -> ThresholdResult:
    """Return whether and when a § 3582(c)(1)(A) motion clears the filing threshold.

    With `as_of` (the day the answer is read, e.g. today) and nothing filed, a note says the motion may be filed
    now once the earliest date has come; without it, the note gives the date. Dates may be `datetime.date` or
    ISO strings. Raises ValueError for a missing submission date, a bad date,
    or dates out of order (receipt, response and exhaustion cannot precede the submission; exhaustion cannot
    precede the warden's response). A filing date before the submission is not an input error: it fails the
    threshold, and the notes say why.
    """
    pack = pack or load_rule_pack()
    cite = pack.cite

    def say(key: str, **values) -> str:
        return _note_text(pack, key, **values)

    submitted_on = _date(submitted, "submitted", required=True)
    received_on = _date(received, "received")
    response_on = _date(warden_response, "warden_response")
    exhausted_on = _date(appeal_exhausted, "appeal_exhausted")
    filed_on = _date(filed, "filed")

    _require_order(submitted_on, received_on, "the submission date", "the warden's receipt date")
    _require_order(submitted_on, response_on, "the submission date", "the warden's response date")
    _require_order(received_on, response_on, "the warden's receipt date", "the warden's response date")
    _require_order(submitted_on, exhausted_on, "the submission date", "the date appeals were exhausted")
    _require_order(received_on, exhausted_on, "the warden's receipt date", "the date appeals were exhausted")
    _require_order(response_on, exhausted_on, "the warden's response date", "the date appeals were exhausted")

    code = normalise_circuit(circuit)
    notes: list[Note] = []
    receipt_assumed = received_on is None
    start = received_on or submitted_on
    lapse_on = start + dt.timedelta(days=pack.threshold.lapse_days)

    if receipt_assumed:
        notes.append(
            Note(
                say("receipt_assumed", submitted=submitted_on.isoformat()), cite("statute_3582"), "assumption"
            )
        )

    if exhausted_on is not None and exhausted_on < lapse_on:
        earliest, route = exhausted_on, "exhausted_appeals"
        notes.append(
            Note(
                say("exhausted_first", exhausted=exhausted_on.isoformat(), lapse=lapse_on.isoformat()),
                cite("statute_3582"),
            )
        )
    else:
        earliest, route = lapse_on, "lapse_30_days"
        lapse = {"assumed": "assumed " if receipt_assumed else "", "lapse": lapse_on.isoformat()}
        text = (
            say("lapse_before_exhaustion", exhausted=exhausted_on.isoformat(), **lapse)
            if exhausted_on is not None
            else say("lapse", **lapse)
        )
        notes.append(Note(text, cite("statute_3582")))

    if response_on is not None:
        if response_on < lapse_on:
            notes.append(Note(say("denial_inside_lapse", response=response_on.isoformat()), cite("muhammad")))
        bp10 = response_on + dt.timedelta(days=pack.threshold.bp10_days)
        notes.append(Note(say("appeal_route", bp10=bp10.isoformat()), cite("cfr_542_15"), "info"))
    else:
        bp10 = None

    days_early = None
    if filed_on is None:
        satisfied = None
        key = "not_filed_open" if may_file_now(satisfied, earliest, as_of) else "not_filed"
        notes.append(Note(say(key, earliest=earliest.isoformat()), cite("statute_3582"), "info"))
    elif filed_on < submitted_on:
        satisfied = False
        days_early = (earliest - filed_on).days
        notes.append(
            Note(say("filed_before_request", filed=filed_on.isoformat()), cite("statute_3582"), "warning")
        )
    elif filed_on < earliest:
        satisfied = False
        days_early = (earliest - filed_on).days
        notes.append(
            Note(
                say(
                    "filed_early",
                    filed=filed_on.isoformat(),
                    days_early=f"{days_early} day{'s' if days_early != 1 else ''}",
                    earliest=earliest.isoformat(),
                ),
                cite("statute_3582"),
                "warning",
            )
        )
    else:
        satisfied = True
        notes.append(
            Note(
                say("filed_in_time", filed=filed_on.isoformat(), earliest=earliest.isoformat()),
                cite("statute_3582"),
            )
        )

    if satisfied is False:
        notes.append(Note(say("waivable"), cite(pack.threshold.waiver_authority_for(code))))
        notes.append(Note(say("enforced"), cite("alam")))
        notes.append(Note(say("enforced_8th"), cite("houck"), "info"))
        notes.append(Note(say("not_pressed"), cite("ferguson"), "info"))

    return ThresholdResult(
        satisfied=satisfied,
        earliest_filing_date=earliest,
        route=route,
        notes=tuple(notes),
        lapse_date=lapse_on,
        receipt_assumed=receipt_assumed,
        days_early=days_early,
        bp10_deadline=bp10,
        circuit=code,
        rule_pack_version=pack.version,
    )
