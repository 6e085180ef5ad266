"""Build the plain-dict snapshot of a case that documents render from and approvals freeze.

The shape is the contract between the review workflow and ``analysis.documents``.
"""

import hashlib
import json
from datetime import date, datetime

from analysis import engine, exhibits, triage
from intake.models import Case, WardenRequest


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _jsonable(value):
    """Round-trip through JSON so that dates and tuples become what a stored snapshot will hold."""
    return json.loads(json.dumps(value, default=_iso))


def _pack_of(arguments) -> engine.RulePack:
    """The pack the assessments were made under (an approval records the law it was decided on)."""
    versions = {a.assessment.rule_pack_version for a in arguments if getattr(a, "assessment", None)}
    if len(versions) == 1:
        try:
            return engine.load_rule_pack_version(versions.pop())
        except engine.RulePackNotFound:
            pass
    return engine.current_rule_pack()


def build_snapshot(case: Case) -> dict:
    """Return the case as documents see it now: facts, arguments with assessments and decisions, threshold."""
    client = case.client
    warden_request = WardenRequest.objects.filter(case=case).first()
    arguments = list(case.arguments.select_related("assessment", "decision__decided_by"))
    threshold = triage.threshold_for(warden_request, case)
    exhaustion = triage.issue_exhaustion_for(warden_request, case, arguments)
    argument_rows = []
    for position, argument in enumerate(arguments, start=1):
        assessment = getattr(argument, "assessment", None)
        decision = getattr(argument, "decision", None)
        argument_rows.append(
            {
                "position": position,
                "text": argument.text,
                "source": argument.get_source_display(),
                "is_verbatim": argument.is_verbatim,
                "raised_in_request": argument.raised_in_request,
                "assessment": assessment.details if assessment else None,
                "stale": bool(assessment and assessment.is_stale),
                "decision": (
                    {
                        "disposition": decision.disposition,
                        "ground": decision.ground,
                        "accepted": decision.accepted,
                        "reason": decision.reason,
                        "decided_by": str(decision.decided_by) if decision.decided_by else "",
                        # On the organisation's clock, so the documents' dates match the pages' (#13 item 10).
                        "decided_at": _iso(case.organisation.localtime(decision.decided_at)),
                    }
                    if decision
                    else None
                ),
            }
        )
    pack = _pack_of(arguments)
    snapshot = {
        "revision": None,
        "approved_at": None,
        "approved_by": None,
        "approved_by_bar_number": None,
        "rule_pack": {"version": pack.version, "as_of": _iso(pack.as_of)},
        "organisation": {"name": case.organisation.name},
        "client": {
            "name": client.name,
            "register_number": client.register_number,
            "date_of_birth": _iso(client.date_of_birth),
            "facility": client.facility,
            "projected_release_date": _iso(client.projected_release_date),
        },
        "case": {
            "district_code": case.district,
            "district_name": case.district_name,
            "district_abbreviation": case.district_abbreviation,
            "circuit": case.circuit,
            "docket_number": case.docket_number,
            "offenses": case.offenses,
            "sentence_months": case.sentence_months,
            "sentence_date": _iso(case.sentence_date),
            "current_sentence_months": case.current_sentence_months,
            "sentence_reduced_on": _iso(case.sentence_reduced_on),
            "judgment_final_date": _iso(case.judgment_final_date),
            "prior_2255_count": case.prior_2255_count,
            "last_2255_date": _iso(case.last_2255_date),
            "motion_filed_on": _iso(case.motion_filed_on),
        },
        "warden_request": (
            {
                "submitted_on": _iso(warden_request.submitted_on),
                "received_on": _iso(warden_request.received_on),
                "grounds": warden_request.grounds,
                "grounds_verbatim": warden_request.grounds_verbatim,
                "terminal_illness": warden_request.terminal_illness,
                "response": warden_request.response,
                "response_display": warden_request.get_response_display(),
                "response_on": _iso(warden_request.response_on),
                "bp10_filed_on": _iso(warden_request.bp10_filed_on),
                "bp11_filed_on": _iso(warden_request.bp11_filed_on),
                "appeals_exhausted_on": _iso(warden_request.appeals_exhausted_on),
            }
            if warden_request
            else None
        ),
        "threshold": threshold.to_dict() if threshold else None,
        "issue_exhaustion": exhaustion.to_dict() if exhaustion else None,
        "arguments": argument_rows,
        # The motion's exhibits list (number, title, date, type, sealed), in the order they are filed.
        "exhibits": exhibits.exhibit_rows(case),
    }
    return _jsonable(snapshot)


def content_hash(snapshot: dict) -> str:
    """Return the SHA-256 of the snapshot's canonical JSON: the fingerprint printed in document footers."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
