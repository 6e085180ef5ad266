"""The filings — the motion, the proposed order — built once as blocks from a snapshot's context.

One builder per document; analysis/blocks.py renders the blocks to HTML (the PDF) and analysis/docx_export.py to
DOCX, so every sentence of a filing is written here once. The context is analysis/documents.build_context's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.blocks import (
    Authorities,
    Caption,
    Cite,
    Client,
    Document,
    Fill,
    Heading,
    List,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Signature,
    Table,
    TableOfAuthorities,
    Text,
    Verify,
    runs,
)
from analysis.documents import RELEASE_GROUND_KEYS, current_law

LINE = "________________"
_BLANK = re.compile(r"(\[ATTORNEY TO COMPLETE:[^\]]*\])")


@lru_cache(maxsize=8)
def _authorities(version: str) -> Authorities:
    from analysis import engine

    pack = engine.current_rule_pack()
    cites = {key: authority.cite for key, authority in pack.authorities.items()}
    verify = {key for key, authority in pack.authorities.items() if authority.verify}
    return Authorities(cites, frozenset(verify))


def authorities() -> Authorities:
    """The authorities the filings may cite, with their keys: the current rule pack's (its law text's included)."""
    from analysis import engine

    return _authorities(engine.current_rule_pack().version)


def _caption(context: dict) -> Caption:
    case, client = context["case"], context["client"]
    return Caption(
        court=("UNITED STATES DISTRICT COURT", f"FOR THE {case.get('district_upper', '')}"),
        parties=(
            "UNITED STATES OF AMERICA,",
            "",
            "v.",
            "",
            f"{client['name_upper']},",
            "\u2003\u2003Defendant.",
        ),
        number=f"Criminal No. {case.get('docket_number', '')}",
    )


def _law_notices(context: dict) -> list[Note]:
    if not context["law_notices"]:
        return []
    law = authorities()
    return [
        Note(
            "The law has changed: a reviewing attorney must decide before this is used",
            tuple(runs(law, notice) for notice in context["law_notices"]),
        )
    ]


def build_motion(context: dict) -> Document:
    """The § 3582(c)(1)(A) motion: only compassionate-release grounds, the attorney's notes apart."""
    law = authorities()
    client, case = context["client"], context["case"]
    name = client.get("name") or ""
    blocks: list = [*_law_notices(context), _caption(context), Heading(runs(law, *_law("motion.title")), 1)]

    def para(*parts, indent: bool = True) -> None:
        blocks.append(Paragraph(runs(law, *parts), indent=indent))

    def note(title: str, *paragraphs) -> None:
        blocks.append(
            Note(title, tuple(runs(law, *(p if isinstance(p, tuple) else (p,))) for p in paragraphs))
        )

    if not context["release_arguments"]:
        note(
            "Attorney: no ground to file on",
            "No argument was approved as a compassionate-release ground. This motion has nothing to present; "
            "do not file it.",
        )
    elif context["only_rehabilitation"]:
        note("Attorney: rehabilitation cannot stand alone", tuple(_law("motion.only_rehabilitation")))
    blocks.append(TableOfAuthorities())

    blocks.append(Heading(runs(law, "I. Introduction")))
    grounds = context["introduction_grounds"]
    para(
        *_law(
            "motion.introduction",
            name=name,
            grounds="; ".join(grounds) if grounds else "[ATTORNEY TO COMPLETE: the grounds]",
        )
    )

    blocks.append(Heading(runs(law, "II. Procedural history")))
    history = (
        f"On {case.get('sentence_date_long') or '[date]'}, this Court sentenced {name} to "
        f"{case.get('sentence_display') or '[term]'} of imprisonment"
    )
    if context["collateral_arguments"]:
        # The offense description may state facts the § 2255 referral disputes: the attorney words it.
        para(history + " for ", *_law("motion.offenses_blank"), ".")
    elif case.get("offenses"):
        para(history + f" for the following {_offense_noun(case['offenses'])}: ", Client(case["offenses"]))
    else:
        para(history + ".")
    if case.get("current_sentence_months"):
        if case.get("sentence_reduced_long"):
            para(
                f"On {case['sentence_reduced_long']}, the sentence was reduced to {case['current_sentence_display']}."
            )
        else:
            para(f"The current term of imprisonment is {case['current_sentence_display']}.")
    custody = (
        f"held at {client['facility']}"
        if client.get("facility")
        else "in the custody of the Bureau of Prisons"
    )
    register = f" (Register No. {client['register_number']})" if client.get("register_number") else ""
    release = (
        f", with a projected release date of {client['projected_release_long']}"
        if client.get("projected_release_long")
        else ""
    )
    para(f"{name} is {custody}{register}{release}.")

    blocks.append(Heading(runs(law, "III. Exhaustion of administrative remedies")))
    _exhaustion(context, name, para, note)

    blocks.append(Heading(runs(law, "IV. Extraordinary and compelling reasons warrant a reduction")))
    para(*_law("motion.standard"))
    for group in context["release_groups"]:
        blocks.append(
            Heading(runs(law, f"{group['letter']}. {group['label']} — {', '.join(group['subsections'])}"), 3)
        )
        for argument in group["arguments"]:
            if argument["is_verbatim"]:
                para(f"{name} wrote:", indent=False)
                blocks.append(Quote((Client(argument["text"]),)))
            else:
                para(Client(argument["text"]))
        ground = f"ground.{group['ground'] if group['ground'] in RELEASE_GROUND_KEYS else 'other'}"
        verify = (
            (Verify(" (verify before filing: "), *_law(f"{ground}.verify", Verify), Verify(")"))
            if current_law().has_text(f"{ground}.verify")
            else ()
        )
        if any(subsection.endswith("(b)(6)") for subsection in group["subsections"]):
            # Approved under § 1B1.13(b)(6), which the current law holds invalid (LAW.md § 4): no standard to
            # print, and (b)(5)'s would not match the heading. The attorney decides, with the law in front of them.
            para(
                Fill("[ATTORNEY TO DECIDE: "),
                *_law("foreclosed.change_in_law", Fill),
                Fill(" Argue this ground under a subsection the current law allows, or withdraw it.]"),
                indent=False,
            )
        else:
            para(*_law(f"{ground}.standard"), *verify)
        if group["ground"] == "rehabilitation":
            para(
                f"{name} offers this rehabilitation in support of the other grounds in this motion, not as a reason "
                "standing alone."
            )
        para(Fill("[ATTORNEY TO COMPLETE: "), *_law(f"{ground}.complete", Fill), Fill("]"), indent=False)
    if not context["release_groups"]:
        para(Fill("[ATTORNEY TO COMPLETE: no compassionate-release ground was approved]"), indent=False)

    blocks.append(Heading(runs(law, f"V. {name} is not a danger to the community")))
    para(*_law("motion.danger"))
    para(*_law("motion.danger_blank", Fill), indent=False)

    blocks.append(Heading(runs(law, "VI. The § 3553(a) factors support a reduction")))
    term = f" on a term of {case['current_sentence_display']}" if case.get("current_sentence_display") else ""
    para(*_law("motion.factors_blank", Fill, term=term), indent=False)
    blocks.append(Heading(runs(law, "VII. Release plan")))
    medical = (
        "where the defendant will receive medical treatment and how it will be paid for; "
        if context["has_medical"]
        else ""
    )
    para(
        Fill(
            "[ATTORNEY TO COMPLETE: where the defendant will live and with whom; how the defendant will be "
            f"supported; {medical}the proposed conditions of supervised release.]"
        ),
        indent=False,
    )

    blocks.append(Heading(runs(law, "VIII. Relief requested")))
    para(*_law("motion.relief_intro"))
    blocks.append(
        List(tuple(runs(law, *_parts(option)) for option in current_law().text_list("motion.relief_options")))
    )
    para("A proposed order accompanies this motion.")

    blocks.append(Heading(runs(law, "Exhibits")))
    para(*_law("motion.exhibits_intro"), indent=False)
    blocks.append(
        List(
            tuple(
                runs(
                    law,
                    f"Exhibit {exhibit['number']}: ",
                    Client(exhibit["title"]),
                    *((" (", *_law("motion.sealed"), ")") if exhibit["sealed"] else ()),
                )
                for exhibit in context["exhibits"]
            ),
            ordered=False,
        )
    )
    blocks.append(_counsel_signature(context, name))

    blocks.append(PageBreak())
    blocks.append(Heading(runs(law, "Certificate of service")))
    para(
        f"I certify that on {LINE}, I filed the foregoing motion with the Clerk of Court using the CM/ECF system, "
        "which will send notice of the filing to all counsel of record, including counsel for the United States."
    )
    blocks.append(_counsel_signature(context, name, certificate=True))
    return Document("Motion for reduction of sentence", tuple(blocks))


# Staff describe the offenses in free text; these words mean more than one ("aiding and abetting" is one offense).
_SEVERAL_OFFENSES = re.compile(r"\b(and|counts|offenses|crimes)\b|[;\n]", re.IGNORECASE)
_ONE_OFFENSE_PHRASES = re.compile(r"\baiding and abetting\b", re.IGNORECASE)


def _offense_noun(offenses: str) -> str:
    """Return "offense" for a description of one offense, "offenses" for several."""
    return (
        "offenses" if _SEVERAL_OFFENSES.search(_ONE_OFFENSE_PHRASES.sub("", offenses.strip())) else "offense"
    )


def _parts(text, as_run=None) -> list:
    """The runs of a law-text sentence (analysis/rules/law-text-*.toml): its citations keep their keys; its
    "[ATTORNEY TO COMPLETE: …]" pieces are blanks; ``as_run`` (Fill, Verify) styles all of its plain text."""
    out: list = []
    for part in text.parts:
        if isinstance(part, str):
            for piece in filter(None, _BLANK.split(part)):
                if as_run is not None:
                    out.append(as_run(piece))
                else:
                    out.append(Fill(piece) if _BLANK.fullmatch(piece) else Text(piece))
        else:
            # str(part): the citation with its pinpoint ("…, 55 F.4th 262, ___ (4th Cir. 2022)"), if any.
            out.append(Cite(part.key, str(part)) if as_run is None else as_run(str(part)))
    return out


def _law(key: str, as_run=None, *, circuit: str | None = None, **values) -> list:
    return _parts(current_law().text(key, circuit=circuit, **values), as_run)


def _counsel_signature(context: dict, name: str, *, certificate: bool = False) -> Signature:
    """Counsel's signature: the motion's in full; the certificate of service's the same /s/ line, name and office."""
    counsel = context["counsel_name"] or LINE
    organisation = context["organisation"].get("name") or ""
    if certificate:
        return Signature((f"/s/ {counsel}", counsel, f"Counsel for Defendant {name}", organisation))
    bar = context.get("counsel_bar_number")
    bar_line = f"Bar No. {bar}" if bar else (Text("Bar No. "), Fill("[ATTORNEY TO COMPLETE: bar number]"))
    return Signature(
        (
            f"/s/ {counsel}",
            counsel,
            f"Counsel for Defendant {name}",
            bar_line,
            organisation,
            f"Address: {LINE}",
            f"Telephone: {LINE}",
            f"Email: {LINE}",
            "",
            f"Date: {LINE}",
        ),
        opening="Respectfully submitted,",
    )


def _exhaustion(context: dict, name: str, para, note) -> None:
    client, case, warden = context["client"], context["case"], context["warden"]
    threshold, exhaustion = context["threshold"], context["exhaustion"]
    # Met: a motion was filed in time, or none is filed yet and the earliest date came before this rendering
    # (with the receipt date recorded: a date counted from the submission is the attorney's to confirm).
    met = bool(
        warden
        and threshold
        and (threshold["satisfied"] or (threshold.get("open") and not threshold.get("receipt_assumed")))
    )
    if warden:
        facility = f" of {client['facility']}" if client.get("facility") else ""
        parts: list = [
            f"On {warden.get('submitted_long') or '[date]'}, {name} asked the Warden{facility} to move for a "
            "reduction of sentence."
        ]
        if warden.get("grounds"):
            # Quotation marks only for the request's own words; a staff summary is reported, not quoted.
            if warden.get("grounds_verbatim"):
                parts += [" The request stated: “", Client(warden["grounds"]), "”"]
            else:
                parts += [" The request gave as its grounds: ", Client(warden["grounds"])]
        if warden.get("received_long"):
            parts.append(f" The warden received the request on {warden['received_long']}.")
        response = warden.get("response")
        if response == "denied":
            parts.append(f" The warden denied the request on {warden.get('response_long') or '[date]'}.")
        elif response == "no_response":
            parts.append(" The warden has not responded.")
        elif response == "pending":
            parts.append(" The request is pending.")
        elif response == "granted":
            on = f" on {warden['response_long']}" if warden.get("response_long") else ""
            parts.append(f" The warden granted the request{on}.")
        para(*parts)
        if met:
            # A denial inside the lapse does not force the appeals: said where the circuit has held it (Muhammad).
            circuit = case.get("circuit")
            denied = (
                _law("motion.exhaustion.denied", circuit=circuit)
                if response == "denied" and current_law().circuit_authorities("denial_inside_lapse", circuit)
                else []
            )
            if threshold["route"] == "exhausted_appeals":
                on = f" on {warden['exhausted_long']}" if warden.get("exhausted_long") else ""
                route = [f"{name} fully exhausted the administrative appeals{on}."]
            else:
                route = _law("motion.exhaustion.lapsed", earliest=threshold["earliest_long"])
            para(
                *_law("motion.exhaustion.rule"),
                *((" ", *denied) if denied else ()),
                " ",
                *route,
                " The exhaustion requirement is therefore satisfied.",
            )
    else:
        para(Fill("[ATTORNEY TO COMPLETE: the request to the warden — no request is recorded]"), indent=False)
        note("Attorney warning: no request to the warden", tuple(_law("motion.exhaustion.no_request")))
    statement = Fill("[ATTORNEY TO COMPLETE: exhaustion statement]")

    def may_file() -> None:
        para(
            *_law("motion.exhaustion.rule"),
            f" On the recorded dates, a motion may be filed on or after {threshold['earliest_long']} "
            f"({threshold['route_label']}).",
        )

    if warden and threshold and threshold.get("open") and threshold.get("receipt_assumed"):
        may_file()
        para(statement, indent=False)
        note(
            "Attorney: confirm the warden's receipt of the request",
            tuple(_law("motion.exhaustion.receipt_assumed")),
        )
    elif warden and threshold and threshold["satisfied"] is None and threshold["earliest_long"] and not met:
        may_file()
        para(statement, indent=False)
        note(
            "Attorney: confirm the filing date",
            tuple(_law("motion.exhaustion.not_before", earliest=threshold["earliest_long"])),
        )
    elif warden and (not threshold or threshold["satisfied"] is None) and not met:
        para(statement, indent=False)
        note(
            "Attorney warning: threshold not determined",
            "Whether the threshold is met could not be determined from the recorded dates. Do not assert exhaustion "
            "until it is confirmed.",
        )
    elif warden and threshold["satisfied"] is False:
        para(*_law("motion.exhaustion.statement_blank_premature", Fill), indent=False)
        filed = (
            f" This motion was filed on {case['motion_filed_long']}, before that date."
            if case.get("motion_filed_long")
            else ""
        )
        note(
            "Attorney warning: the threshold is not met — do not assert exhaustion",
            (
                f"The earliest filing date is {threshold['earliest_long']} ({threshold['route_label']}).{filed} ",
                # The client's circuit's authorities only (a 5th Circuit client got the 4th, 6th and 8th's).
                *_law("motion.premature", circuit=case.get("circuit")),
                f" File on or after {threshold['earliest_long']}.",
            ),
        )
    if exhaustion and exhaustion["unraised_in_motion"]:
        if exhaustion["requirement"] == "none":
            missing = (
                "One ground in this motion was"
                if len(exhaustion["unraised_in_motion"]) == 1
                else "Some grounds in this motion were"
            )
            para(*_law("motion.exhaustion.not_required", circuit=case.get("circuit"), missing=missing))
        else:
            listed = _listed(exhaustion["unraised_in_motion"])
            verb = "was" if len(exhaustion["unraised_in_motion"]) == 1 else "were"
            note(
                "Attorney warning: grounds not presented to the warden",
                f"{listed} {verb} not in the request to the warden. {exhaustion['requirement_label']}. "
                f"{exhaustion['advice']}",
            )
    if exhaustion and exhaustion["unconfirmed_in_motion"] and exhaustion["requirement"] != "none":
        note(
            "Attorney: confirm issue exhaustion",
            tuple(
                _law("motion.unconfirmed_exhaustion", grounds=_listed(exhaustion["unconfirmed_in_motion"]))
            ),
        )


def _listed(arguments: list[dict]) -> str:
    return "; ".join(
        f"{argument['ground_label']} (argument {argument['position']})" for argument in arguments
    )


def build_proposed_order(context: dict) -> Document:
    """The proposed order granting the motion: a separate document, options for the judge to tick."""
    law = authorities()
    blocks = [
        *_law_notices(context),
        _caption(context),
        Heading(runs(law, *_law("motion.order_title")), 1),
        Paragraph(runs(law, *_law("motion.order_findings"))),
        List(
            tuple(
                runs(law, "[\u2002] ", *_parts(option))
                for option in current_law().text_list("motion.order_options")
            )
        ),
        Paragraph(runs(law, "All other terms of the judgment remain in effect.")),
        Signature(("United States District Judge",), opening=f"Date: {LINE}", rule=True),
    ]
    return Document("Proposed order", tuple(blocks))


def build_exhibits_list(client_name: str, docket_number: str, rows: list[dict]) -> Document:
    """The exhibits list the filing packet puts behind the motion: number, description, date of each exhibit."""
    law = authorities()
    blocks: list = [
        Heading(runs(law, "Exhibits"), 1),
        Paragraph(runs(law, f"United States v. {client_name}, No. {docket_number}"), indent=False),
    ]
    if not rows:
        blocks.append(Paragraph(runs(law, "No exhibits are filed with this motion."), indent=False))
        return Document("Exhibits", tuple(blocks))
    table_rows = tuple(
        (
            runs(law, str(row["number"])),
            runs(
                law,
                Client(row["title"]),
                f" ({row['kind'].lower()})",
                *((" — ", *_law("motion.sealed")) if row["sealed"] else ()),
            ),
            runs(law, row["dated"] or "undated"),
        )
        for row in rows
    )
    blocks.append(Table(("Exhibit", "Description", "Date"), table_rows))
    return Document("Exhibits", tuple(blocks))


BUILDERS = {"motion": build_motion, "proposed-order": build_proposed_order}
