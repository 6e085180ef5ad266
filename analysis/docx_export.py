"""Export the draft § 3582(c)(1)(A) motion as DOCX, so that attorneys can edit it in a word processor.

Same structure and wording as templates/documents/motion.html, from the same snapshot context; Letter paper,
1-inch margins, Liberation Serif (the font the PDFs embed; Word substitutes a Times-metric serif if it is not
installed). Client text is inserted literally as run text — python-docx escapes it for XML — so markup in an
argument prints as typed.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from analysis.citations import case_name_parts, section_spaces
from analysis.documents import DRAFT_FOOTER, MOTION_TEXT, build_context, is_draft

FONT = "Liberation Serif"
WARNING_RED = RGBColor(0xAA, 0x00, 0x00)
BLANK_BLUE = RGBColor(0x1F, 0x3A, 0x93)


def _set_font(style, size: float) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) to a paragraph."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


class _Writer:
    def __init__(self, document) -> None:
        self.document = document

    def heading(self, text: str, level: int = 2, *, centre: bool = False) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(12 if level == 2 else 8)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.keep_with_next = True
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(section_spaces(text))
        run.bold = True
        run.font.size = Pt(13 if level == 1 else 12)

    def paragraph(self, *parts, indent: bool = True, double: bool = True):
        """Add a paragraph from parts: plain strings, ("blank", text), ("bold", text), ("italic", text)."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(8)
        if indent:
            paragraph.paragraph_format.first_line_indent = Inches(0.5)
        if double:
            paragraph.paragraph_format.line_spacing = 1.75
        for part in parts:
            if isinstance(part, tuple):
                kind, text = part
                run = paragraph.add_run(section_spaces(text))
                if kind == "blank":
                    run.bold = True
                    run.font.color.rgb = BLANK_BLUE
                elif kind == "bold":
                    run.bold = True
                elif kind == "italic":
                    run.italic = True
                elif kind == "verify":
                    run.bold = True
                    run.font.color.rgb = RGBColor(0x8A, 0x3B, 0x00)
            else:
                _add_text(paragraph, part)
        return paragraph

    def quote(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.left_indent = Inches(0.5)
        paragraph.paragraph_format.right_indent = Inches(0.5)
        paragraph.paragraph_format.space_after = Pt(10)
        _add_text(paragraph, text)

    def warning(self, title: str, *paragraphs) -> None:
        """A one-cell bordered table: the attorney warning box of the PDF."""
        table = self.document.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.rows[0].cells[0]
        first = cell.paragraphs[0]
        run = first.add_run(section_spaces(title))
        run.bold = True
        run.font.color.rgb = WARNING_RED
        for parts in paragraphs:
            paragraph = cell.add_paragraph()
            for part in parts if isinstance(parts, list) else [parts]:
                if isinstance(part, tuple):
                    run = paragraph.add_run(section_spaces(part[1]))
                    run.bold = True
                    run.font.color.rgb = BLANK_BLUE
                else:
                    _add_text(paragraph, part)
        self.document.add_paragraph()


def _add_text(paragraph, text: str) -> None:
    """Add plain text as runs: case names in italic runs, a non-breaking space after "§"."""
    for part, italic in case_name_parts(section_spaces(text)):
        paragraph.add_run(part).italic = italic or None


def render_motion_docx(snapshot: dict, *, draft: bool | None = None, law_notices: list[str] = ()) -> bytes:
    """Return the draft motion for sentence reduction as DOCX bytes (structure of the PDF motion)."""
    draft = is_draft(snapshot) if draft is None else draft
    context = build_context(
        snapshot, draft=draft, content_hash=None, known_citations=[], law_notices=law_notices
    )
    client, case, warden, threshold = (
        context["client"],
        context["case"],
        context["warden"],
        context["threshold"],
    )
    exhaustion, organisation = context["exhaustion"], context["organisation"]
    name = client.get("name") or ""

    document = Document()
    _set_font(document.styles["Normal"], 12)
    properties = document.core_properties
    properties.title = f"Motion for reduction of sentence — {name}, No. {case.get('docket_number', '')}"
    properties.author = organisation.get("name") or ""
    properties.language = "en-US"

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))

    footer = section.footer.paragraphs[0]
    footer.add_run(organisation.get("name") or "").bold = True
    footer.add_run("\n")
    status = footer.add_run(DRAFT_FOOTER if draft else _approved_status(snapshot, context))
    if draft:
        status.bold = True
        status.font.color.rgb = WARNING_RED
    footer.add_run("\nPage ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
    if draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run("DRAFT")
        run.bold = True
        run.font.size = Pt(28)
        run.font.color.rgb = RGBColor(0xE0, 0xA0, 0xA0)

    out = _Writer(document)
    if context["law_notices"]:
        out.warning(
            "The law has changed: a reviewing attorney must decide before this is used",
            *context["law_notices"],
        )

    # Caption
    court = document.add_paragraph()
    court.alignment = WD_ALIGN_PARAGRAPH.CENTER
    court.add_run(f"UNITED STATES DISTRICT COURT\nFOR THE {case.get('district_upper', '')}").bold = True
    caption = document.add_table(rows=1, cols=2)
    caption.alignment = WD_TABLE_ALIGNMENT.CENTER
    parties, number = caption.rows[0].cells
    parties.paragraphs[0].add_run(f"UNITED STATES OF AMERICA,\n\nv.\n\n{client['name_upper']},\n\tDefendant.")
    number.paragraphs[0].add_run(f"Criminal No. {case.get('docket_number', '')}")
    document.add_paragraph()
    out.heading(
        "DEFENDANT'S MOTION FOR REDUCTION OF SENTENCE UNDER 18 U.S.C. § 3582(c)(1)(A)(i) (COMPASSIONATE RELEASE)",
        1,
        centre=True,
    )

    if not context["release_arguments"]:
        out.warning(
            "Attorney: no ground to file on",
            "No argument was approved as a compassionate-release ground. This motion has nothing to present; "
            "do not file it.",
        )
    elif context["only_rehabilitation"]:
        out.warning(
            "Attorney: rehabilitation cannot stand alone",
            "The only approved ground is rehabilitation, which is not, by itself, an extraordinary and compelling "
            "reason (28 U.S.C. § 994(t); USSG § 1B1.13(d)). Do not file on it alone.",
        )

    # I. Introduction
    out.heading("I. Introduction")
    grounds = context["introduction_grounds"]
    out.paragraph(
        f"Defendant {name}, through counsel, moves under 18 U.S.C. § 3582(c)(1)(A)(i) for a reduction of the term "
        "of imprisonment imposed in this case. Extraordinary and compelling reasons warrant a reduction: ",
        "; ".join(grounds) if grounds else ("blank", "[ATTORNEY TO COMPLETE: the grounds]"),
        ". A reduction is consistent with the applicable policy statement, USSG § 1B1.13, and with the factors in "
        "18 U.S.C. § 3553(a).",
    )

    # II. Procedural history
    out.heading("II. Procedural history")
    history = (
        f"On {case.get('sentence_date_long') or '[date]'}, this Court sentenced {name} to "
        f"{case.get('sentence_display') or '[term]'} of imprisonment"
    )
    if context["collateral_arguments"]:
        # The offense description may state facts the § 2255 referral disputes: the attorney words it.
        out.paragraph(history + " for ", ("blank", MOTION_TEXT["offenses_blank"]), ".")
    else:
        out.paragraph(
            history + (f" for the following offenses: {case['offenses']}" if case.get("offenses") else ".")
        )
    if case.get("current_sentence_months"):
        if case.get("sentence_reduced_long"):
            out.paragraph(
                f"On {case['sentence_reduced_long']}, the sentence was reduced to {case['current_sentence_display']}."
            )
        else:
            out.paragraph(f"The current term of imprisonment is {case['current_sentence_display']}.")
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
    out.paragraph(f"{name} is {custody}{register}{release}.")

    # III. Exhaustion
    out.heading("III. Exhaustion of administrative remedies")
    _exhaustion(out, context, name, client, case, warden, threshold, exhaustion)

    # IV. Grounds
    out.heading("IV. Extraordinary and compelling reasons warrant a reduction")
    out.paragraph(
        "A court may reduce a term of imprisonment on the defendant's motion if extraordinary and compelling reasons "
        "warrant the reduction, after considering the factors in 18 U.S.C. § 3553(a), and consistent with the "
        "Sentencing Commission's policy statement, USSG § 1B1.13. 18 U.S.C. § 3582(c)(1)(A)(i). Any one of the "
        "circumstances in USSG § 1B1.13(b), or a combination of them, can qualify."
    )
    for group in context["release_groups"]:
        out.heading(f"{group['letter']}. {group['label']} — {', '.join(group['subsections'])}", 3)
        for argument in group["arguments"]:
            if argument["is_verbatim"]:
                out.paragraph(f"{name} wrote:", indent=False)
                out.quote(argument["text"])
            else:
                out.paragraph(argument["text"])
        parts = [group["standard"]]
        if group["verify"]:
            parts.append(("verify", f" (verify before filing: {group['verify']})"))
        out.paragraph(*parts)
        if group["ground"] == "rehabilitation":
            out.paragraph(
                f"{name} offers this rehabilitation in support of the other grounds in this motion, not as a reason "
                "standing alone."
            )
        out.paragraph(("blank", f"[ATTORNEY TO COMPLETE: {group['complete']}]"), indent=False)
    if not context["release_groups"]:
        out.paragraph(
            ("blank", "[ATTORNEY TO COMPLETE: no compassionate-release ground was approved]"), indent=False
        )

    # V–VIII
    out.heading(f"V. {name} is not a danger to the community")
    out.paragraph(MOTION_TEXT["danger"])
    out.paragraph(("blank", MOTION_TEXT["danger_blank"]), indent=False)
    out.heading("VI. The § 3553(a) factors support a reduction")
    term = f" on a term of {case['current_sentence_display']}" if case.get("current_sentence_display") else ""
    out.paragraph(
        (
            "blank",
            "[ATTORNEY TO COMPLETE: the 18 U.S.C. § 3553(a) factors — the nature and circumstances of the offense; "
            "the defendant's history and characteristics, including conduct in custody; the time served"
            f"{term}; the need for the sentence imposed; and unwarranted disparities.]",
        ),
        indent=False,
    )
    out.heading("VII. Release plan")
    medical = (
        "where the defendant will receive medical treatment and how it will be paid for; "
        if context["has_medical"]
        else ""
    )
    out.paragraph(
        (
            "blank",
            "[ATTORNEY TO COMPLETE: where the defendant will live and with whom; how the defendant will be "
            f"supported; {medical}the proposed conditions of supervised release.]",
        ),
        indent=False,
    )
    out.heading("VIII. Relief requested")
    out.paragraph(MOTION_TEXT["relief_intro"])
    for number, option in enumerate(MOTION_TEXT["relief_options"], start=1):
        out.paragraph(f"{number}. {option}", indent=False)
    out.paragraph("A proposed order accompanies this motion.")
    out.heading("Exhibits")
    out.paragraph(MOTION_TEXT["exhibits_intro"], indent=False)
    for exhibit in context["exhibits"]:
        sealed = f" ({MOTION_TEXT['sealed']})" if exhibit["sealed"] else ""
        out.paragraph(f"Exhibit {exhibit['number']}: {exhibit['title']}{sealed}", indent=False)
    counsel = context["counsel_name"] or "________________"

    _signature(
        document,
        [
            f"/s/ {counsel}",
            counsel,
            f"Counsel for Defendant {name}",
            "Bar No. ________________",
            organisation.get("name") or "",
            "Address: ________________",
            "Telephone: ________________",
            "Email: ________________",
            "",
            "Date: ________________",
        ],
        opening="Respectfully submitted,",
    )

    # Certificate of service, on its own page
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out.heading("Certificate of service")
    out.paragraph(
        "I certify that on ________________, I filed the foregoing motion with the Clerk of Court using the CM/ECF "
        "system, which will send notice of the filing to all counsel of record, including counsel for the United "
        "States."
    )
    _signature(document, ["Counsel for Defendant", organisation.get("name") or ""])

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _approved_status(snapshot: dict, context: dict) -> str:
    return context["footer_status"]


def _signature(document, lines: list[str], *, opening: str | None = None) -> None:
    if opening:
        paragraph = document.add_paragraph(opening)
        paragraph.paragraph_format.left_indent = Inches(3.25)
        paragraph.paragraph_format.space_before = Pt(18)
    rule = document.add_paragraph("_" * 36)
    rule.paragraph_format.left_indent = Inches(3.25)
    rule.paragraph_format.space_before = Pt(18)
    block = document.add_paragraph("\n".join(lines))
    block.paragraph_format.left_indent = Inches(3.25)


def _exhaustion(out: _Writer, context, name, client, case, warden, threshold, exhaustion) -> None:
    if warden:
        facility = f" of {client['facility']}" if client.get("facility") else ""
        text = (
            f"On {warden.get('submitted_long') or '[date]'}, {name} asked the Warden{facility} to move for a "
            "reduction of sentence."
        )
        if warden.get("grounds"):
            # Quotation marks only for the request's own words; a staff summary is reported, not quoted.
            quoted = warden.get("grounds_verbatim")
            text += (
                f" The request stated: “{warden['grounds']}”"
                if quoted
                else f" The request gave as its grounds: {warden['grounds']}"
            )
        if warden.get("received_long"):
            text += f" The warden received the request on {warden['received_long']}."
        response = warden.get("response")
        if response == "denied":
            text += f" The warden denied the request on {warden.get('response_long') or '[date]'}."
        elif response == "no_response":
            text += " The warden has not responded."
        elif response == "pending":
            text += " The request is pending."
        elif response == "granted":
            text += " The warden granted the request" + (
                f" on {warden['response_long']}." if warden.get("response_long") else "."
            )
        out.paragraph(text)
        if threshold and threshold["satisfied"]:
            text = (
                "Section 3582(c)(1)(A) permits a defendant to file after fully exhausting the Bureau of Prisons' "
                "administrative appeals or after the lapse of 30 days from the warden's receipt of the request, "
                "whichever is earlier."
            )
            if case["fourth_circuit"]:
                text += (
                    " A warden's denial within the 30 days does not force the appeal route. United States v. "
                    "Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)."
                )
            if threshold["route"] == "exhausted_appeals":
                on = f" on {warden['exhausted_iso']}" if warden.get("exhausted_iso") else ""
                text += f" {name} fully exhausted the administrative appeals{on}."
            else:
                text += (
                    " Thirty days lapsed from the warden's receipt of the request, so a motion could be filed from "
                    f"{threshold['earliest_long']}."
                )
            out.paragraph(text + " The exhaustion requirement is therefore satisfied.")
    else:
        out.paragraph(("blank", "[ATTORNEY TO COMPLETE: the request to the warden — no request is recorded]"))
        out.warning(
            "Attorney warning: no request to the warden",
            "No request to the warden is recorded. A motion may be filed only after 30 days from the warden's "
            "receipt of a request, or after full exhaustion of BOP appeals, whichever is earlier (18 U.S.C. "
            "§ 3582(c)(1)(A)). Send the request first.",
        )
    if warden and threshold and threshold["satisfied"] is None and threshold["earliest_long"]:
        out.paragraph(
            "Section 3582(c)(1)(A) permits a defendant to file after fully exhausting the Bureau of Prisons' "
            "administrative appeals or after the lapse of 30 days from the warden's receipt of the request, "
            f"whichever is earlier. On the recorded dates, a motion may be filed on or after "
            f"{threshold['earliest_long']} ({threshold['route_label']})."
        )
        out.warning(
            "Attorney: confirm the filing date",
            f"Do not file before {threshold['earliest_long']}. Once the date has passed, state here that the 30 days "
            "have lapsed (or the appeals are exhausted).",
            [("blank", "[ATTORNEY TO COMPLETE: exhaustion statement]")],
        )
    elif warden and (not threshold or threshold["satisfied"] is None):
        out.warning(
            "Attorney warning: threshold not determined",
            "Whether the threshold is met could not be determined from the recorded dates. Do not assert exhaustion "
            "until it is confirmed.",
            [("blank", "[ATTORNEY TO COMPLETE: exhaustion statement]")],
        )
    elif warden and threshold["satisfied"] is False:
        filed = (
            f" This motion was filed on {case['motion_filed_long']}, before that date."
            if case.get("motion_filed_long")
            else ""
        )
        out.warning(
            "Attorney warning: the threshold is not met — do not assert exhaustion",
            f"The earliest filing date is {threshold['earliest_long']} ({threshold['route_label']}).{filed} The "
            "requirement is a mandatory claim-processing rule: the government can waive or forfeit it (United States "
            "v. Muhammad, 16 F.4th 126, 130 (4th Cir. 2021)), but courts enforce it when the government objects "
            "(United States v. Alam, 960 F.3d 831 (6th Cir. 2020); United States v. Houck, 2 F.4th 1082 (8th Cir. "
            f"2021)), and a motion filed too early is dismissed without prejudice. File on or after "
            f"{threshold['earliest_long']}.",
            [
                (
                    "blank",
                    "[ATTORNEY TO COMPLETE: exhaustion statement once the 30 days have lapsed or the appeals are "
                    "exhausted]",
                )
            ],
        )
    if exhaustion and exhaustion["unraised_in_motion"]:
        if exhaustion["requirement"] == "none":
            text = (
                "Some grounds in this motion were not in the request to the warden. That does not matter: neither "
                "§ 3582(c)(1)(A) nor 28 C.F.R. § 571.61 contains an issue-exhaustion requirement"
            )
            if case["fourth_circuit"]:
                text += ". United States v. Ferguson, 55 F.4th 262, ___ (4th Cir. 2022); see Sims v. Apfel, 530 U.S. 103 (2000)"
            out.paragraph(text + ".")
        else:
            listed = "; ".join(
                f"{argument['ground_label']} (argument {argument['position']})"
                for argument in exhaustion["unraised_in_motion"]
            )
            verb = "was" if len(exhaustion["unraised_in_motion"]) == 1 else "were"
            out.warning(
                "Attorney warning: grounds not presented to the warden",
                f"{listed} {verb} not in the request to the warden. {exhaustion['requirement_label']}. "
                f"{exhaustion['advice']}",
            )
    if exhaustion and exhaustion["unconfirmed_in_motion"] and exhaustion["requirement"] != "none":
        listed = "; ".join(
            f"{argument['ground_label']} (argument {argument['position']})"
            for argument in exhaustion["unconfirmed_in_motion"]
        )
        out.warning(
            "Attorney: confirm issue exhaustion", f"{listed}. {MOTION_TEXT['unconfirmed_exhaustion']}"
        )
