"""The dates of a case from the warden request to the notice-of-appeal deadline (LAW.md § 1).

Pure, like the rest of the engine: it never looks at today's date. Recorded events (a filing, a ruling) come
in as `FilingFacts`; every computed date carries the rule that produced it and the authorities it rests on.
The day counts and every sentence of law come from the rule pack (`[threshold]`, `[court]`, `[court.text]`).

Deadlines: the notice of appeal follows Fed. R. App. P. 26(a)(1): a last day on a Saturday, Sunday or legal
holiday runs forward to the next day that is none of those, and that day is the deadline. For BOP's own appeal
deadlines LAW.md states no such rule, so there Safety Valve never counts on an extension: the entry also gives
`file_by`, the last business day before the deadline, and says why.

Authorities: a circuit's case law is cited only for a client in that circuit (`RulePack.binding`); the
Supreme Court, statutes and rules are cited for everyone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import holidays

from .rulepack import RulePack, coerce_date, load_rule_pack
from .threshold import ThresholdResult, check_threshold

RULINGS = {
    "granted": "Granted",
    "denied": "Denied",
    "denied_in_part": "Granted in part and denied in part",
    "dismissed_premature": "Dismissed without prejudice as premature",
}
# The defendant appeals what went against him; a grant in full leaves nothing for him to appeal.
APPEALABLE_BY_DEFENDANT = ("denied", "denied_in_part")
THRESHOLD_POSITIONS = {
    "raised": "raised the threshold",
    "not_raised": "did not raise the threshold",
    "waived": "expressly waived the threshold",
}


@dataclass(frozen=True)
class FilingFacts:
    """One motion as recorded: filed, answered, ruled on. Dates may be None until they happen."""

    number: int
    filed_on: dt.date
    docket_entry: int | None = None
    response_on: dt.date | None = None
    threshold_position: str | None = None  # a key of THRESHOLD_POSITIONS, or None when not recorded
    ruling: str | None = None  # a key of RULINGS, or None while pending
    ruling_on: dt.date | None = None
    new_term: str = ""  # for a grant: "time served" or the new term in words


@dataclass(frozen=True)
class TimelineEntry:
    key: str
    label: str
    date: dt.date
    computed: bool
    rule: str = ""
    authorities: tuple[str, ...] = ()
    verify: bool = False
    notes: tuple[str, ...] = ()
    file_by: dt.date | None = None
    filing: int | None = None

    @property
    def is_deadline(self) -> bool:
        return self.key in ("bp10_deadline", "appeal_deadline")

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "date": self.date.isoformat(),
            "computed": self.computed,
            "rule": self.rule,
            "authorities": list(self.authorities),
            "verify": self.verify,
            "notes": list(self.notes),
            "file_by": self.file_by.isoformat() if self.file_by else None,
            "filing": self.filing,
        }


@dataclass(frozen=True)
class AppealInfo:
    """The defendant's appeal from a ruling that went against him."""

    ruling_on: dt.date
    deadline: dt.date  # after Rule 26(a)(1) counting: never a weekend or legal holiday
    last_day: dt.date  # the plain count of days from the ruling, before that roll-forward
    route: tuple[str, ...]
    standard_of_review: str
    standard_authorities: tuple[str, ...]
    deadline_authorities: tuple[str, ...]
    verify: bool
    filing: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenewalInfo:
    """After a dismissal as premature: when a renewed motion may be filed."""

    may_file_from: dt.date | None
    reason: str
    authorities: tuple[str, ...]
    filing: int


@dataclass(frozen=True)
class Timeline:
    entries: tuple[TimelineEntry, ...]
    threshold: ThresholdResult | None
    appeal: AppealInfo | None
    renewal: RenewalInfo | None
    rule_pack_version: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def next_deadline(self) -> dt.date | None:
        """The date the team must act by next: the appeal deadline or the renewed-filing date."""
        if self.appeal:
            return self.appeal.deadline
        if self.renewal:
            return self.renewal.may_file_from
        return None


def _day(value: dt.date) -> str:
    return f"{value:%A} {value.isoformat()}"


def non_business_reason(day: dt.date) -> str | None:
    """Why `day` is not a business day (a weekend or a U.S. federal holiday), or None when it is one."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    name = holidays.US(years=day.year).get(day)
    return f"a federal holiday ({name})" if name else None


def last_business_day_on_or_before(day: dt.date) -> dt.date:
    while non_business_reason(day):
        day -= dt.timedelta(days=1)
    return day


def next_business_day_on_or_after(day: dt.date) -> dt.date:
    while non_business_reason(day):
        day += dt.timedelta(days=1)
    return day


def _deadline_notes(deadline: dt.date, pack: RulePack) -> tuple[dt.date, tuple[str, ...]]:
    reason = non_business_reason(deadline)
    if reason is None:
        return deadline, ()
    file_by = last_business_day_on_or_before(deadline)
    note = pack.court.say(
        "deadline_not_business_day", deadline=deadline.isoformat(), reason=reason, file_by=_day(file_by)
    )
    return file_by, (note,)


def _cites(pack: RulePack, keys, circuit: str | None) -> tuple[tuple[str, ...], bool]:
    """The cites of `keys` that bind in `circuit`, and whether any of them is marked verify."""
    keys = pack.binding(keys, circuit)
    return tuple(pack.cite(key) for key in keys), any(pack.authorities[key].verify for key in keys)


def _appeal(latest: FilingFacts, pack: RulePack, circuit: str | None) -> AppealInfo:
    court = pack.court
    last_day = latest.ruling_on + dt.timedelta(days=court.appeal_days)
    deadline = next_business_day_on_or_after(last_day)
    notes = []
    if deadline != last_day:
        notes.append(
            court.say(
                "appeal_deadline_rolled",
                days=court.appeal_days,
                last_day=_day(last_day),
                reason=non_business_reason(last_day),
                deadline=_day(deadline),
            )
        )
    notes.append(court.say("appeal_extension"))
    cites, verify = _cites(
        pack, court.appeal_deadline_authorities + court.appeal_counting_authorities, circuit
    )
    return AppealInfo(
        ruling_on=latest.ruling_on,
        deadline=deadline,
        last_day=last_day,
        route=_cites(pack, court.appeal_route_authorities, circuit)[0],
        standard_of_review=court.standard_of_review,
        standard_authorities=_cites(pack, court.standard_of_review_authorities, circuit)[0],
        deadline_authorities=cites,
        verify=verify,
        filing=latest.number,
        notes=tuple(notes),
    )


def build_timeline(
    submitted=None,
    received=None,
    warden_response=None,
    appeal_exhausted=None,
    circuit: str | None = None,
    filings: list[FilingFacts] | tuple[FilingFacts, ...] = (),
    *,
    pack: RulePack | None = None,
) -> Timeline:
    """Return the case's dated entries, oldest first, plus the open appeal or renewal, if any.

    `submitted` … `appeal_exhausted` are the warden-request dates `check_threshold` takes (None when no request
    is recorded: the threshold entries are then left out and a warning says so). `filings` are the motions in
    the order they were filed. Raises ValueError for dates out of order, as `check_threshold` does, and for a
    ruling before its filing.
    """
    pack = pack or load_rule_pack()
    court = pack.court
    if court is None:
        raise ValueError(f"rule pack {pack.version} has no [court] rules")
    entries: list[TimelineEntry] = []
    warnings: list[str] = []
    threshold = None
    filings = sorted(filings, key=lambda filing: filing.number)
    submitted, received, warden_response, appeal_exhausted = (
        coerce_date(value, name)
        for value, name in (
            (submitted, "submitted"),
            (received, "received"),
            (warden_response, "warden_response"),
            (appeal_exhausted, "appeal_exhausted"),
        )
    )

    if submitted is None:
        warnings.append("No request to the warden is recorded, so the filing threshold cannot be computed.")
    else:
        threshold = check_threshold(
            submitted, received, warden_response, appeal_exhausted, None, circuit, pack=pack
        )
        entries.extend(
            _threshold_entries(
                threshold,
                submitted,
                received,
                warden_response,
                appeal_exhausted,
                pack,
                filed=bool(filings),
                circuit=circuit,
            )
        )

    for filing in filings:
        entries.extend(_filing_entries(filing, threshold, pack, circuit))

    appeal = renewal = None
    latest = filings[-1] if filings else None
    if latest and latest.ruling in APPEALABLE_BY_DEFENDANT and latest.ruling_on:
        appeal = _appeal(latest, pack, circuit)
        entries.append(
            TimelineEntry(
                "appeal_deadline",
                "Notice of appeal due",
                appeal.deadline,
                computed=True,
                rule=court.say("appeal_rule", days=court.appeal_days),
                authorities=appeal.deadline_authorities,
                verify=appeal.verify,
                notes=appeal.notes,
                filing=latest.number,
            )
        )
    elif latest and latest.ruling == "dismissed_premature" and latest.ruling_on:
        renewal = _renewal(latest, threshold, pack, circuit)
        if renewal.may_file_from:
            entries.append(
                TimelineEntry(
                    "renewed_filing",
                    "A renewed motion may be filed",
                    renewal.may_file_from,
                    computed=True,
                    rule=renewal.reason,
                    authorities=renewal.authorities,
                    filing=latest.number,
                )
            )

    entries.sort(key=lambda entry: (entry.date, _ORDER.get(entry.key, 50)))
    return Timeline(tuple(entries), threshold, appeal, renewal, pack.version, tuple(warnings))


# Same-day entries keep the order in which they happen.
_ORDER = {
    "request_submitted": 0,
    "request_received": 1,
    "warden_response": 2,
    "appeals_exhausted": 3,
    "lapse_30_days": 4,
    "earliest_filing": 5,
    "bp10_deadline": 6,
    "filed": 10,
    "response": 11,
    "ruling": 12,
    "renewed_filing": 13,
    "appeal_deadline": 14,
}


def _threshold_entries(
    threshold, submitted, received, warden_response, appeal_exhausted, pack, filed, circuit
):
    cite, court, days = pack.cite, pack.court, pack.threshold
    entries = [
        TimelineEntry(
            "request_submitted",
            "Request submitted to the warden",
            submitted,
            computed=False,
            authorities=(cite("cfr_571_61"),),
        )
    ]
    if received is not None:
        entries.append(
            TimelineEntry(
                "request_received",
                "Warden received the request",
                received,
                computed=False,
                authorities=(cite("statute_3582"),),
            )
        )
    if warden_response is not None:
        notes = ()
        if warden_response < threshold.lapse_date:
            notes = (court.say("denial_within_lapse"),)
        entries.append(
            TimelineEntry(
                "warden_response",
                "Warden responded",
                warden_response,
                computed=False,
                authorities=_cites(pack, ("statute_3582", "muhammad"), circuit)[0] if notes else (),
                notes=notes,
            )
        )
    # Once a motion is in court the administrative route no longer matters for the timeline.
    if threshold.bp10_deadline and appeal_exhausted is None and not filed:
        file_by, notes = _deadline_notes(threshold.bp10_deadline, pack)
        entries.append(
            TimelineEntry(
                "bp10_deadline",
                "Regional appeal (BP-10) due, if the administrative route is taken",
                threshold.bp10_deadline,
                computed=True,
                rule=court.say("bp10_rule", days=days.bp10_days),
                authorities=(cite("cfr_542_15"),),
                notes=notes,
                file_by=file_by,
            )
        )
    if appeal_exhausted is not None:
        entries.append(
            TimelineEntry(
                "appeals_exhausted",
                "BOP administrative appeals exhausted",
                appeal_exhausted,
                computed=False,
                authorities=(cite("cfr_542_15"),),
            )
        )
    lapse_notes = (court.say("receipt_assumed"),) if threshold.receipt_assumed else ()
    entries.append(
        TimelineEntry(
            "lapse_30_days",
            f"{days.lapse_days} days have lapsed since the warden's receipt"
            + ("; earliest filing date" if threshold.route == "lapse_30_days" else ""),
            threshold.lapse_date,
            computed=True,
            rule=court.say(
                "lapse_rule_assumed" if threshold.receipt_assumed else "lapse_rule", days=days.lapse_days
            ),
            authorities=_cites(pack, ("statute_3582", "muhammad"), circuit)[0],
            notes=lapse_notes,
        )
    )
    if threshold.route == "exhausted_appeals":
        entries.append(
            TimelineEntry(
                "earliest_filing",
                f"Earliest filing date (appeals exhausted before the {days.lapse_days} days lapsed)",
                threshold.earliest_filing_date,
                computed=True,
                rule=court.say("earliest_rule", days=days.lapse_days),
                authorities=(cite("statute_3582"),),
            )
        )
    return entries


def _filing_entries(
    filing: FilingFacts, threshold: ThresholdResult | None, pack: RulePack, circuit: str | None
):
    court = pack.court
    motion = f"Motion {filing.number}"
    docket = f" (ECF No. {filing.docket_entry})" if filing.docket_entry else ""
    early_days = None
    if threshold is not None and filing.filed_on < threshold.earliest_filing_date:
        early_days = (threshold.earliest_filing_date - filing.filed_on).days
    notes = []
    authorities: tuple[str, ...] = ()
    if early_days:
        premature, _ = _cites(pack, court.premature_authorities, circuit)
        authorities = premature
        notes.append(
            court.say(
                "premature_filing",
                days=f"{early_days} day{'s' if early_days != 1 else ''}",
                earliest=threshold.earliest_filing_date.isoformat(),
            )
        )
    entries = [
        TimelineEntry(
            "filed",
            f"{motion} filed{docket}",
            filing.filed_on,
            computed=False,
            authorities=authorities,
            notes=tuple(notes),
            filing=filing.number,
        )
    ]
    if filing.response_on is not None:
        if filing.response_on < filing.filed_on:
            raise ValueError(f"motion {filing.number}: the response cannot come before the filing")
        position = THRESHOLD_POSITIONS.get(filing.threshold_position or "")
        response_notes = []
        response_cites: tuple[str, ...] = ()
        if early_days and filing.threshold_position in ("not_raised", "waived"):
            response_cites, _ = _cites(pack, court.waiver_authorities, circuit)
            position_words = "waived" if filing.threshold_position == "waived" else "did not raise"
            response_notes.append(court.say("premature_forfeited", position=position_words))
        elif early_days and filing.threshold_position == "raised":
            response_cites, _ = _cites(pack, court.premature_authorities, circuit)
            response_notes.append(court.say("premature_objection"))
        entries.append(
            TimelineEntry(
                "response",
                f"Government responded to motion {filing.number}" + (f"; it {position}" if position else ""),
                filing.response_on,
                computed=False,
                authorities=response_cites,
                notes=tuple(response_notes),
                filing=filing.number,
            )
        )
    if filing.ruling and filing.ruling_on:
        if filing.ruling_on < filing.filed_on:
            raise ValueError(f"motion {filing.number}: the ruling cannot come before the filing")
        ruling_notes = []
        ruling_cites: tuple[str, ...] = ()
        if filing.ruling == "granted":
            ruling_cites, _ = _cites(pack, court.appeal_route_authorities, circuit)
            new_term = f"New term: {filing.new_term}. " if filing.new_term else ""
            ruling_notes.append(new_term + court.say("grant_appealable"))
        elif filing.ruling == "denied_in_part" and filing.new_term:
            ruling_notes.append(f"New term: {filing.new_term}.")
        entries.append(
            TimelineEntry(
                "ruling",
                f"Motion {filing.number}: {RULINGS.get(filing.ruling, filing.ruling).lower()}",
                filing.ruling_on,
                computed=False,
                authorities=ruling_cites,
                notes=tuple(ruling_notes),
                filing=filing.number,
            )
        )
    return entries


def _renewal(
    filing: FilingFacts, threshold: ThresholdResult | None, pack: RulePack, circuit: str | None
) -> RenewalInfo:
    court = pack.court
    cites, _ = _cites(pack, court.premature_authorities, circuit)
    if threshold is None:
        return RenewalInfo(None, court.say("renewal_needs_request"), cites, filing.number)
    earliest = threshold.earliest_filing_date
    if earliest > filing.ruling_on:
        reason = court.say("renewal_after_threshold", earliest=earliest.isoformat())
        return RenewalInfo(earliest, reason, cites, filing.number)
    return RenewalInfo(filing.ruling_on, court.say("renewal_at_once"), cites, filing.number)
