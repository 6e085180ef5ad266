"""The case timeline from the warden request to the notice-of-appeal deadline (LAW.md § 1)."""

import datetime as dt
import re
from pathlib import Path

import pytest

from analysis import engine
from analysis.engine import FilingFacts, build_timeline

D = dt.date.fromisoformat
# LAW.md lives beside the checkout (../shared); the rule-pack tests read the same file.
LAW = next(
    (
        path
        for path in (
            Path(__file__).resolve().parents[3].parent / "shared" / "LAW.md",
            Path("/work/shared/LAW.md"),
        )
        if path.exists()
    ),
    Path("/work/shared/LAW.md"),
)

# Ferguson's threshold facts (LAW.md § 1): submitted 2020-05-15 (receipt unknown), denied 2020-05-26, motion
# filed 2020-06-08, before the 30 days lapsed on 2020-06-14, a Sunday.
FERGUSON = {"submitted": "2020-05-15", "warden_response": "2020-05-26", "circuit": "4th"}


def entry(timeline, key, filing=None):
    found = [e for e in timeline.entries if e.key == key and (filing is None or e.filing == filing)]
    assert len(found) == 1, f"expected one {key} entry, got {[e.key for e in timeline.entries]}"
    return found[0]


def ferguson_motion(**facts) -> FilingFacts:
    return FilingFacts(number=1, filed_on=D("2020-06-08"), docket_entry=12, **facts)


# --- The threshold part of the timeline ------------------------------------------------------------------


def test_ferguson_dates_give_the_request_the_lapse_and_a_premature_filing():
    timeline = build_timeline(**FERGUSON, filings=[ferguson_motion()])
    assert entry(timeline, "request_submitted").date == D("2020-05-15")
    lapse = entry(timeline, "lapse_30_days")
    assert lapse.date == D("2020-06-14") and lapse.computed
    assert "receipt assumed" in lapse.rule and "18 U.S.C. § 3582(c)(1)(A)" in lapse.authorities
    filed = entry(timeline, "filed")
    assert filed.date == D("2020-06-08") and not filed.computed
    assert "6 days before the earliest filing date (2020-06-14)" in filed.notes[0]
    # Alam (6th Cir.) and Houck (8th Cir.) do not bind in the 4th Circuit: Muhammad does.
    assert filed.authorities == ("18 U.S.C. § 3582(c)(1)(A)", "Muhammad, 16 F.4th at 130")
    sixth = build_timeline(**{**FERGUSON, "circuit": "6th"}, filings=[ferguson_motion()])
    assert entry(sixth, "filed").authorities == (
        "18 U.S.C. § 3582(c)(1)(A)",
        "United States v. Alam, 960 F.3d 831 (6th Cir. 2020)",
    )
    # No receipt date was recorded, so there is no receipt entry pretending to know one.
    assert not [e for e in timeline.entries if e.key == "request_received"]


def test_a_denial_inside_the_30_days_is_noted_with_muhammad():
    timeline = build_timeline(**FERGUSON)
    response = entry(timeline, "warden_response")
    assert "does not force the appeal route" in response.notes[0]
    assert response.authorities == (
        "18 U.S.C. § 3582(c)(1)(A)",
        "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)",
    )


def test_a_fifth_circuit_timeline_cites_no_fourth_circuit_case():
    """Muhammad binds in the 4th Circuit only; a 5th Circuit client's timeline cites the statute and the rules."""
    timeline = build_timeline(
        "2026-01-05",
        "2026-01-06",
        "2026-01-10",
        circuit="5th",
        filings=[FilingFacts(1, D("2026-01-20"), 9, D("2026-02-01"), "raised", "denied", D("2026-03-02"))],
    )
    cited = [cite for item in timeline.entries for cite in item.authorities]
    cited += [*timeline.appeal.route, *timeline.appeal.standard_authorities]
    assert cited and not [
        cite for cite in cited if "4th Cir." in cite or cite.startswith(("Muhammad", "Ferguson"))
    ]
    assert "18 U.S.C. § 3582(c)(1)(A)" in entry(timeline, "warden_response").authorities
    # The 5th Circuit's own authority for the criminal appeal deadline, and no other circuit's.
    assert timeline.appeal.deadline_authorities == (
        "Fed. R. App. P. 4(b)(1)(A), 4(b)(6)",
        "United States v. Alvarez, 210 F.3d 309 (5th Cir. 2000)",
        "Fed. R. App. P. 26(a)(1)",
    )


def test_a_denial_after_the_30_days_carries_no_such_note():
    timeline = build_timeline("2026-01-05", "2026-01-06", "2026-03-01", circuit="4th")
    assert entry(timeline, "warden_response").notes == ()


def test_bp10_deadline_is_20_days_after_the_response_until_a_motion_is_filed():
    before = build_timeline(**FERGUSON)
    bp10 = entry(before, "bp10_deadline")
    assert bp10.date == D("2020-06-15") and bp10.authorities == ("28 C.F.R. § 542.15",)
    after = build_timeline(**FERGUSON, filings=[ferguson_motion()])
    assert not [e for e in after.entries if e.key == "bp10_deadline"]


def test_exhaustion_before_the_lapse_adds_an_earliest_filing_entry():
    timeline = build_timeline("2026-01-05", "2026-01-06", "2026-01-10", "2026-01-20", circuit="4th")
    earliest = entry(timeline, "earliest_filing")
    assert earliest.date == D("2026-01-20") and earliest.computed
    assert entry(timeline, "appeals_exhausted").date == D("2026-01-20")


def test_without_a_warden_request_the_threshold_is_left_out_and_said_so():
    timeline = build_timeline(filings=[ferguson_motion()])
    assert [e.key for e in timeline.entries] == ["filed"]
    assert timeline.threshold is None
    assert "No request to the warden" in timeline.warnings[0]


def test_entries_are_in_date_order_with_same_day_events_in_the_order_they_happen():
    timeline = build_timeline(
        "2026-01-05",
        "2026-01-05",
        circuit="4th",
        filings=[
            FilingFacts(1, D("2026-02-04"), 3, D("2026-02-04"), "not_raised", "denied", D("2026-02-04"))
        ],
    )
    keys = [e.key for e in timeline.entries]
    assert keys == [
        "request_submitted",
        "request_received",
        "lapse_30_days",
        "filed",
        "response",
        "ruling",
        "appeal_deadline",
    ]
    dates = [e.date for e in timeline.entries]
    assert dates == sorted(dates)


# --- Responses: the threshold can be waived or forfeited -------------------------------------------------


def test_government_silence_on_a_premature_motion_is_forfeiture_with_muhammad_and_ferguson_n2():
    timeline = build_timeline(
        **FERGUSON, filings=[ferguson_motion(response_on=D("2020-07-01"), threshold_position="not_raised")]
    )
    response = entry(timeline, "response")
    assert "did not raise the threshold" in response.label
    assert "can waive or forfeit" in response.notes[0]
    assert "Muhammad, 16 F.4th at 130" in response.authorities
    assert (
        "United States v. Ferguson, 55 F.4th 262 (4th Cir. 2022), slip op. at 9 n.2" in response.authorities
    )


def test_an_objection_to_a_premature_motion_warns_of_dismissal():
    timeline = build_timeline(
        **FERGUSON, filings=[ferguson_motion(response_on=D("2020-06-20"), threshold_position="raised")]
    )
    assert "expect a dismissal without prejudice" in entry(timeline, "response").notes[0]


def test_a_response_to_a_timely_motion_needs_no_threshold_note():
    timeline = build_timeline(
        **FERGUSON,
        filings=[
            FilingFacts(1, D("2020-06-15"), 12, response_on=D("2020-07-01"), threshold_position="not_raised")
        ],
    )
    assert entry(timeline, "response").notes == ()
    assert entry(timeline, "filed").notes == ()


# --- Premature dismissal: when a renewed motion may be filed ---------------------------------------------


def test_ferguson_dismissed_as_premature_before_the_lapse_may_renew_on_the_lapse_date():
    timeline = build_timeline(
        **FERGUSON,
        filings=[ferguson_motion(ruling="dismissed_premature", ruling_on=D("2020-06-10"))],
    )
    assert timeline.appeal is None
    assert timeline.renewal.may_file_from == D(
        "2020-06-14"
    )  # a Sunday: it is an earliest date, not a deadline
    renewed = entry(timeline, "renewed_filing")
    assert renewed.computed and renewed.file_by is None
    assert "without prejudice" in renewed.rule
    assert timeline.next_deadline == D("2020-06-14")


def test_dismissed_after_the_lapse_the_motion_may_be_renewed_at_once():
    timeline = build_timeline(
        **FERGUSON,
        filings=[ferguson_motion(ruling="dismissed_premature", ruling_on=D("2020-07-02"))],
    )
    assert timeline.renewal.may_file_from == D("2020-07-02")
    assert "already met" in timeline.renewal.reason


def test_dismissed_without_a_recorded_warden_request_asks_for_it():
    timeline = build_timeline(
        filings=[ferguson_motion(ruling="dismissed_premature", ruling_on=D("2020-06-10"))]
    )
    assert timeline.renewal.may_file_from is None
    assert "Record the request to the warden" in timeline.renewal.reason


# --- Rulings and the appeal deadline ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ruled", "last_day", "deadline"),
    [
        ("2026-11-10", "2026-11-24", "2026-11-24"),  # a Tuesday: due that day
        ("2026-11-22", "2026-12-06", "2026-12-07"),  # a Sunday: runs to Monday (Fed. R. App. P. 26(a)(1))
        ("2026-11-21", "2026-12-05", "2026-12-07"),  # a Saturday
        ("2026-11-12", "2026-11-26", "2026-11-27"),  # Thanksgiving Day, a federal holiday
        ("2026-12-11", "2026-12-25", "2026-12-28"),  # Christmas Day, a Friday: past the weekend
        ("2027-06-04", "2027-06-18", "2027-06-21"),  # Juneteenth observed on Friday the 18th
    ],
)
def test_the_notice_of_appeal_is_due_14_days_after_a_denial(ruled, last_day, deadline):
    timeline = build_timeline(
        "2026-01-05",
        "2026-01-06",
        circuit="4th",
        filings=[FilingFacts(1, D("2026-02-10"), 40, ruling="denied", ruling_on=D(ruled))],
    )
    appeal = timeline.appeal
    assert appeal.deadline == D(deadline) and appeal.last_day == D(last_day)
    assert timeline.next_deadline == D(deadline)
    due = entry(timeline, "appeal_deadline")
    assert due.date == D(deadline) and due.file_by is None and due.is_deadline
    assert due.rule == "14 days after the entry of the order on the criminal docket"
    # A 4th Circuit client: the rules only (LAW.md lists no 4th Circuit case for the criminal deadline).
    assert due.authorities == ("Fed. R. App. P. 4(b)(1)(A), 4(b)(6)", "Fed. R. App. P. 26(a)(1)")
    assert not due.verify
    assert "Rule 4(b)(4)" in due.notes[-1] and "Rule 4(c)(1)" in due.notes[-1]
    if deadline != last_day:
        assert f"{D(last_day):%A} {last_day}" in due.notes[0]
        assert "runs until the end of the next day" in due.notes[0]
        assert due.notes[0].endswith(f"{D(deadline):%A} {deadline}.")
    else:
        assert len(due.notes) == 1


def test_the_appeal_names_its_route_and_standard_of_review():
    timeline = build_timeline(
        **FERGUSON,
        filings=[
            FilingFacts(
                1,
                D("2020-06-15"),
                12,
                ruling="denied_in_part",
                ruling_on=D("2020-09-01"),
                new_term="240 months",
            )
        ],
    )
    appeal = timeline.appeal
    assert appeal.route == ("28 U.S.C. § 1291", "Ferguson, 55 F.4th at ___")
    assert appeal.standard_of_review == "Abuse of discretion; statutory questions de novo."
    assert appeal.standard_authorities == (
        "United States v. Kibble, 992 F.3d 326, 329 (4th Cir. 2021)",
        "Muhammad, 16 F.4th at 127",
    )
    assert appeal.verify is False  # LAW.md 2026-12-06 confirms Fed. R. App. P. 4(b) for § 3582(c) rulings
    assert "New term: 240 months." in entry(timeline, "ruling").notes[0]


def test_a_grant_gives_the_new_term_and_no_defendant_appeal_deadline():
    timeline = build_timeline(
        **FERGUSON,
        filings=[
            FilingFacts(
                1, D("2020-06-15"), 12, ruling="granted", ruling_on=D("2020-09-01"), new_term="time served"
            )
        ],
    )
    assert timeline.appeal is None and timeline.renewal is None
    ruling = entry(timeline, "ruling")
    assert "granted" in ruling.label
    assert ruling.notes[0].startswith("New term: time served.")
    assert "28 U.S.C. § 1291" in ruling.authorities


def test_only_the_newest_motion_opens_an_appeal_or_renewal():
    first = FilingFacts(1, D("2020-06-08"), 12, ruling="dismissed_premature", ruling_on=D("2020-06-10"))
    second = FilingFacts(2, D("2020-06-20"), 20, ruling="denied", ruling_on=D("2020-08-03"))
    timeline = build_timeline(**FERGUSON, filings=[second, first])
    assert timeline.renewal is None
    assert timeline.appeal.filing == 2 and timeline.appeal.deadline == D("2020-08-17")
    assert [e.filing for e in timeline.entries if e.key == "filed"] == [1, 2]
    # the second motion, filed after the lapse, is not premature
    assert entry(timeline, "filed", filing=2).notes == ()


def test_a_pending_motion_has_no_ruling_entry_and_no_deadline():
    timeline = build_timeline(**FERGUSON, filings=[ferguson_motion()])
    assert timeline.appeal is None and timeline.renewal is None and timeline.next_deadline is None
    assert not [e for e in timeline.entries if e.key == "ruling"]


# --- Bad input --------------------------------------------------------------------------------------------


def test_a_ruling_before_its_filing_is_refused():
    with pytest.raises(ValueError, match="ruling cannot come before the filing"):
        build_timeline(**FERGUSON, filings=[ferguson_motion(ruling="denied", ruling_on=D("2020-06-01"))])


def test_a_response_before_its_filing_is_refused():
    with pytest.raises(ValueError, match="response cannot come before the filing"):
        build_timeline(
            **FERGUSON, filings=[ferguson_motion(response_on=D("2020-06-01"), threshold_position="raised")]
        )


def test_warden_dates_out_of_order_are_refused_as_in_the_threshold_check():
    with pytest.raises(ValueError):
        build_timeline("2020-05-15", "2020-05-10")


# --- The rules are data, with authorities from LAW.md ------------------------------------------------------


def test_court_rules_come_from_the_rule_pack_and_the_past_pack_inherits_them():
    current = engine.current_rule_pack()
    past = engine.load_rule_pack_version("2025.07.01")
    assert current.court.appeal_days == 14
    assert past.court == current.court
    assert (
        past.changelog == ()
    )  # a pack's changelog says what changed since an older pack; it is not inherited


@pytest.mark.skipif(not LAW.exists(), reason="LAW.md is not available here")
def test_the_14_day_rule_and_its_verify_flag_are_as_law_md_states_them():
    law = re.sub(r"\s+", " ", LAW.read_text(encoding="utf-8"))
    assert "notice of appeal is due 14 days after the *entry* of the order on the criminal docket" in law
    assert "(Fed. R. App. P. 4(b)(1)(A), 4(b)(6);" in law
    assert "the period runs until the end of the next day that is none of those" in law
    pack = engine.current_rule_pack()
    assert pack.court.appeal_days == 14
    assert not pack.authorities["frap_4b1a"].verify


def test_every_computed_entry_names_a_rule_and_an_authority():
    timeline = build_timeline(
        **FERGUSON,
        filings=[
            ferguson_motion(ruling="dismissed_premature", ruling_on=D("2020-06-10")),
        ],
    )
    computed = [e for e in timeline.entries if e.computed]
    assert {e.key for e in computed} >= {"lapse_30_days", "renewed_filing"}
    for item in computed:
        assert item.rule and item.authorities, item.key
