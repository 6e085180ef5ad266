"""The DOCX renderer of the filings built as blocks (analysis/filings.py), so attorneys can edit them in Word.

Word's own styles carry the structure — Title, Heading 1, Heading 2, List Number, List Bullet, Quote, Body Text —
so the document outline and restyling work as in any brief. The body is double-spaced as court rules require;
headings, block quotes, the caption and the signature are single-spaced. Letter paper, 1-inch margins, Liberation
Serif 12 pt (the font the PDFs embed). The attorney's notes go on a cover sheet — a section of its own ahead of the
filing, whose pages are numbered from 1 — and the table of authorities gives each citation's page as a PAGEREF
field to a bookmark at the citation (Word updates the fields on opening; see w:updateFields). Client text is
inserted literally as run text; python-docx escapes it for XML.
"""

from __future__ import annotations

import io
from itertools import count

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from analysis import blocks as b
from analysis.citations import section_spaces
from analysis.documents import DRAFT_FOOTER, build_context, is_draft

FONT = "Liberation Serif"
BLACK = RGBColor(0, 0, 0)
WARNING_RED = RGBColor(0xAA, 0x00, 0x00)
BLANK_BLUE = RGBColor(0x1F, 0x3A, 0x93)
VERIFY_BROWN = RGBColor(0x8A, 0x3B, 0x00)
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}
BODY = "Body Text"


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a Word field (PAGE, SECTIONPAGES, PAGEREF …) with a placeholder result until Word updates it."""

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _font(style, size: float, *, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = (
        False  # Word's Quote and Heading styles are italic or coloured by default; a brief is not
    )
    style.font.color.rgb = BLACK
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # a theme font would win over the named one
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _styles(document) -> None:
    styles = document.styles
    _font(styles["Normal"], 12)
    normal = styles["Normal"].paragraph_format
    normal.line_spacing_rule = WD_LINE_SPACING.SINGLE
    normal.space_after = Pt(0)
    body = styles[BODY]
    _font(body, 12)
    body.paragraph_format.line_spacing_rule = WD_LINE_SPACING.DOUBLE
    body.paragraph_format.first_line_indent = Inches(0.5)
    body.paragraph_format.space_after = Pt(0)
    for name, size in (("Title", 14), ("Heading 1", 12), ("Heading 2", 12)):
        style = styles[name]
        _font(style, size, bold=True)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.space_before, fmt.space_after = Pt(12), Pt(12)
        fmt.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)  # the Title style's rule under the title
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    quote = styles["Quote"]
    _font(quote, 12)
    quote.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    quote.paragraph_format.left_indent = quote.paragraph_format.right_indent = Inches(0.5)
    quote.paragraph_format.space_after = Pt(12)
    for name in ("List Number", "List Bullet"):
        _font(styles[name], 12)
        styles[name].paragraph_format.line_spacing_rule = WD_LINE_SPACING.DOUBLE
        styles[name].paragraph_format.space_after = Pt(0)


def _update_fields_on_open(document) -> None:
    settings = document.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    settings.append(element)


class _Writer:
    def __init__(self, document, filing: b.Document, authorities: b.Authorities) -> None:
        self.document = document
        self.filing = filing
        self.authorities = authorities
        self.anchors = iter(anchor for anchor, _run in b.cite_anchors(filing))
        self.bookmark_ids = count(1)

    # Runs -------------------------------------------------------------------------------------------------------
    def runs(self, paragraph, items: b.Runs, *, anchored: bool = True) -> None:
        for run in items:
            text = run.text if isinstance(run, b.Client) else section_spaces(run.text)
            if isinstance(run, b.Cite) and anchored:
                self._bookmarked(paragraph, next(self.anchors), text)
                continue
            added = paragraph.add_run(text)
            if isinstance(run, b.Fill):
                added.bold = True
                added.font.color.rgb = BLANK_BLUE
            elif isinstance(run, b.Verify):
                added.bold = True
                added.font.color.rgb = VERIFY_BROWN

    def _bookmarked(self, paragraph, anchor: str, text: str) -> None:
        number = str(next(self.bookmark_ids))
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), number)
        start.set(qn("w:name"), _bookmark(anchor))
        paragraph._p.append(start)
        paragraph.add_run(text)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), number)
        paragraph._p.append(end)

    # Blocks -----------------------------------------------------------------------------------------------------
    def block(self, block: b.Block) -> None:
        document = self.document
        if isinstance(block, b.Caption):
            court = document.add_paragraph()
            court.alignment = WD_ALIGN_PARAGRAPH.CENTER
            court.add_run("\n".join(block.court)).bold = True
            table = document.add_table(rows=1, cols=2)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            parties, number = table.rows[0].cells
            parties.paragraphs[0].add_run("\n".join(block.parties))
            number.paragraphs[0].add_run(block.number)
            document.add_paragraph()
        elif isinstance(block, b.Heading):
            self.runs(document.add_paragraph(style=HEADING_STYLES.get(block.level, "Heading 2")), block.runs)
        elif isinstance(block, b.Paragraph):
            paragraph = document.add_paragraph(style=BODY)
            if not block.indent:
                paragraph.paragraph_format.first_line_indent = Inches(0)
            self.runs(paragraph, block.runs)
        elif isinstance(block, b.Quote):
            self.runs(document.add_paragraph(style="Quote"), block.runs)
        elif isinstance(block, b.List):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                self.runs(document.add_paragraph(style=style), item)
        elif isinstance(block, b.Table):
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                for cell, items in zip(table.add_row().cells, row, strict=True):
                    self.runs(cell.paragraphs[0], items)
        elif isinstance(block, b.Signature):
            lines = [block.opening, ""] if block.opening else []
            if block.rule:
                lines += ["_" * 36]
            paragraph = document.add_paragraph()
            for n, line in enumerate([*lines, *block.lines]):
                if n:
                    paragraph.add_run("\n")
                self.runs(paragraph, (b.Text(line),) if isinstance(line, str) else line, anchored=False)
            paragraph.paragraph_format.left_indent = Inches(3.25)
            paragraph.paragraph_format.space_before = Pt(24)
            paragraph.paragraph_format.keep_together = True
        elif isinstance(block, b.PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, b.TableOfAuthorities):
            self.table(block)
        else:
            raise TypeError(f"no DOCX for {block!r}")

    def note(self, note: b.Note) -> None:
        """A one-cell bordered table, as the PDF's warning box."""
        cell = self.document.add_table(rows=1, cols=1)
        cell.style = "Table Grid"
        cell = cell.rows[0].cells[0]
        title = cell.paragraphs[0].add_run(section_spaces(note.title))
        title.bold = True
        title.font.color.rgb = WARNING_RED
        for items in note.paragraphs:
            self.runs(cell.add_paragraph(), items, anchored=False)
        self.document.add_paragraph()

    def table(self, block: b.TableOfAuthorities) -> None:
        document = self.document
        document.add_paragraph(block.heading, style="Heading 1")
        entries = b.table_entries(self.filing, self.authorities)
        for kind, heading in b.KIND_HEADINGS.items():
            listed = [entry for entry in entries if entry.kind == kind]
            if not listed:
                continue
            document.add_paragraph(heading, style="Heading 2")
            for entry in listed:
                paragraph = document.add_paragraph()
                fmt = paragraph.paragraph_format
                fmt.left_indent, fmt.first_line_indent = Inches(0.3), Inches(-0.3)
                fmt.space_after = Pt(3)
                fmt.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                paragraph.add_run(section_spaces(entry.citation))
                if not entry.verified:
                    flag = paragraph.add_run(" — verify before filing")
                    flag.bold = True
                    flag.font.color.rgb = VERIFY_BROWN
                paragraph.add_run("\t")
                # Word cannot know the pages before layout: one page reference per citation (the PDF lists each
                # page once); an authority cited this often is "passim", as in the PDF.
                if len(entry.anchors) >= b.PASSIM_FROM:
                    paragraph.add_run("passim")
                    continue
                for n, anchor in enumerate(entry.anchors):
                    if n:
                        paragraph.add_run(", ")
                    _field(paragraph, f"PAGEREF {_bookmark(anchor)} \\h", "?")
        if not entries:
            document.add_paragraph("No authorities are cited.")


def _bookmark(anchor: str) -> str:
    return "_" + anchor.replace("-", "_")  # a hidden bookmark: Word lists names starting "_" only on request


def _footer(section, organisation: str, status: str, *, draft: bool, numbered: bool) -> None:
    section.footer.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    footer.add_run(organisation).bold = True
    footer.add_run("\n")
    line = footer.add_run(status)
    if draft:
        line.bold = True
        line.font.color.rgb = WARNING_RED
    if numbered:
        footer.add_run("\nPage ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "SECTIONPAGES", "1")
    else:
        footer.add_run("\n" + b.COVER_SHEET_FOOTER)
    for run in footer.runs:
        run.font.size = Pt(8)


def _page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))


def _restart_numbering(section) -> None:
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)


def render_docx(filing: b.Document, context: dict, authorities: b.Authorities) -> bytes:
    """The DOCX of a filing: its notes on a cover sheet section, then the filing numbered from page 1."""
    document = new_docx()
    _styles(document)
    _update_fields_on_open(document)
    client, case, organisation = context["client"], context["case"], context["organisation"].get("name") or ""
    properties = document.core_properties
    properties.title = f"{filing.title} — {client.get('name') or ''}, No. {case.get('docket_number', '')}"
    properties.author = organisation
    properties.language = "en-US"
    draft = context["draft"]
    status = DRAFT_FOOTER if draft else context["footer_status"]

    section = document.sections[0]
    _page_setup(section)
    writer = _Writer(document, filing, authorities)
    if filing.notes:
        _footer(section, organisation, status, draft=draft, numbered=False)
        document.add_paragraph(b.COVER_SHEET_TITLE, style="Title")
        document.add_paragraph(b.COVER_SHEET_LEAD)
        for note in filing.notes:
            writer.note(note)
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section)
        _restart_numbering(section)
    _footer(section, organisation, status, draft=draft, numbered=True)
    if draft:
        section.header.is_linked_to_previous = False
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run("DRAFT")
        run.bold = True
        run.font.size = Pt(28)
        run.font.color.rgb = RGBColor(0xE0, 0xA0, 0xA0)
    for block in filing.body:
        writer.block(block)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_filing_docx(
    slug: str, snapshot: dict, *, draft: bool | None = None, law_notices: list[str] = ()
) -> bytes:
    from analysis import filings

    draft = is_draft(snapshot) if draft is None else draft
    context = build_context(
        snapshot, draft=draft, content_hash=None, known_citations=[], law_notices=law_notices
    )
    return render_docx(filings.BUILDERS[slug](context), context, filings.authorities())


def render_motion_docx(snapshot: dict, *, draft: bool | None = None, law_notices: list[str] = ()) -> bytes:
    """Return the motion for sentence reduction as DOCX bytes (the same blocks as the PDF motion)."""
    return render_filing_docx("motion", snapshot, draft=draft, law_notices=law_notices)
