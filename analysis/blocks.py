"""Documents as blocks: a filing is built once as a list of blocks, then rendered to HTML (for WeasyPrint) and DOCX.

A block is a frozen dataclass — a heading, a paragraph, a quote, a list, a table, an attorney's note, a signature,
a page break, the caption, the table of authorities. A paragraph is made of runs: plain text, a citation (which
carries the key of the authority it cites), a blank for the attorney to fill, a verification flag, or the client's
own text. The table of authorities is built from the citation runs of the body — never from the notes, which are
for the attorney and go on a cover sheet ahead of the filing.

No Django here: the HTML renderer escapes every run itself (it is the only producer of the markup it returns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

from analysis.citations import KIND_ORDER, bind_sections_html, extract_authorities, section_spaces

# ---------------------------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Cite:
    """A citation as printed here (with its pinpoint), and the key of the authority it cites."""

    key: str
    text: str


@dataclass(frozen=True)
class Fill:
    """A blank the attorney completes before filing ("[ATTORNEY TO COMPLETE: …]")."""

    text: str


@dataclass(frozen=True)
class Verify:
    """A flag: something to verify against the primary source before filing."""

    text: str


@dataclass(frozen=True)
class Client:
    """Text as the client or staff typed it: printed literally, line breaks kept."""

    text: str


Run = Text | Cite | Fill | Verify | Client
Runs = tuple[Run, ...]

# ---------------------------------------------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Caption:
    court: tuple[str, ...]
    parties: tuple[str, ...]
    number: str


@dataclass(frozen=True)
class Heading:
    runs: Runs
    level: int = 2  # 1: the document's title; 2: a section; 3: a subsection


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    indent: bool = True  # body text is indented; a blank or a lead-in line is not


@dataclass(frozen=True)
class Quote:
    runs: Runs


@dataclass(frozen=True)
class List:
    items: tuple[Runs, ...]
    ordered: bool = True


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Runs, ...], ...]


@dataclass(frozen=True)
class Note:
    """For the attorney only: printed on the cover sheet ahead of the filing, never inside it."""

    title: str
    paragraphs: tuple[Runs, ...]


@dataclass(frozen=True)
class Signature:
    lines: tuple[str | Runs, ...]  # a line is plain text, or runs (a blank to fill)
    opening: str = ""
    rule: bool = False  # a line to sign on above the lines


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class TableOfAuthorities:
    """Where the table of authorities goes; its entries come from the citation runs of the body."""

    heading: str = "Table of authorities"


Block = (
    Caption | Heading | Paragraph | Quote | List | Table | Note | Signature | PageBreak | TableOfAuthorities
)


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    css_class: str = "motion"

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Note))

    @property
    def body(self) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if not isinstance(block, Note))


COVER_SHEET_TITLE = "For the attorney — not part of the filing"
# Printed in the footer of every cover-sheet page (static/css/documents.css): the filing packet finds them by it.
COVER_SHEET_FOOTER = "Cover sheet — not filed"
COVER_SHEET_LEAD = "Resolve every note below, then remove this page before filing."

# ---------------------------------------------------------------------------------------------------------------
# Building runs from text: citations are recognised by the authorities the document knows, so each carries its key
# ---------------------------------------------------------------------------------------------------------------


def _pattern(cite: str) -> str:
    """The regex of a citation as written in prose: its pinpoint and parenthetical may differ from the pack's."""
    # "United States v. Muhammad, 16 F.4th 126, 131 (4th Cir. 2021)" → the name, volume, reporter and first page.
    case = re.match(r"(.+?, \d+ [A-Za-z0-9. ]+? \d+)(?:, [\d–n. ]+)?(?: \(.*)?$", cite)
    if case and " v. " in case.group(1) or cite.startswith("In re "):
        head = case.group(1) if case else cite
        return re.escape(head) + r"(?:, (?:\d+(?:[–-]\d+)?(?: n\.\d+)?|___))?(?: \([^()]*\d{4}\))?"
    if ", No. " in cite:
        # A slip opinion: its name and docket number, then its parenthetical.
        head = cite.split(" (")[0]
        return re.escape(head) + r"(?: \([^()]*\d{4}\))?(?: \(unpublished\))?"
    # A statute, regulation, guideline or rule: the cite, then any further subsections.
    return re.escape(cite) + r"(?:\([0-9a-zA-Z]+\))*"


@dataclass(frozen=True)
class Authorities:
    """The authorities a document may cite: key → citation (the rule pack's, and the few the documents add)."""

    cites: Mapping[str, str]
    verify: frozenset[str] = frozenset()
    _regex: re.Pattern = field(init=False, repr=False, compare=False)
    _by_group: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One key per way of writing a citation: of two entries for one case ("…, 55 F.4th 262 (4th Cir. 2022)" and
        # its "slip op. at 9 n.2" variant), prose is read as the plainer. Longest patterns first, so
        # "§ 3582(c)(1)(A)(i)" is read as itself, not as "§ 3582(c)(1)(A)" plus "(i)".
        patterns: dict[str, str] = {}
        for key in sorted(self.cites, key=lambda key: (len(self.cites[key]), key)):
            patterns.setdefault(_pattern(self.cites[key]), key)
        ordered = sorted(patterns.items(), key=lambda item: -len(self.cites[item[1]]))
        groups = {f"a{n}": key for n, (_pattern_text, key) in enumerate(ordered)}
        alternatives = "|".join(
            f"(?P<{name}>{pattern})" for name, (pattern, _key) in zip(groups, ordered, strict=True)
        )
        object.__setattr__(self, "_regex", re.compile(rf"(?<![\w§]){alternatives}" if alternatives else "$^"))
        object.__setattr__(self, "_by_group", groups)

    def runs(self, text: str) -> list[Run]:
        """Split prose into Text and Cite runs."""
        runs: list[Run] = []
        last = 0
        for match in self._regex.finditer(text):
            if match.start() > last:
                runs.append(Text(text[last : match.start()]))
            runs.append(Cite(self._by_group[match.lastgroup], match.group(0)))
            last = match.end()
        if last < len(text) or not runs:
            runs.append(Text(text[last:]))
        return runs


def runs(authorities: Authorities, *parts) -> Runs:
    """Runs from parts: plain strings (their citations recognised) and ready-made runs (Fill, Client, Cite…)."""
    out: list[Run] = []
    for part in parts:
        if isinstance(part, str):
            out.extend(authorities.runs(part))
        elif isinstance(part, Text):
            out.extend(authorities.runs(part.text))
        elif part is not None:
            out.append(part)
    # Neighbouring pieces of one kind are one run: a blank built of several law-text parts prints as one blank.
    merged: list[Run] = []
    for run in out:
        if merged and type(run) is type(merged[-1]) and isinstance(run, Text | Fill | Verify | Client):
            merged[-1] = type(run)(merged[-1].text + run.text)
        elif run.text:
            merged.append(run)
    return tuple(merged)


def plain(items: Iterable[Run]) -> str:
    return "".join(run.text for run in items)


# ---------------------------------------------------------------------------------------------------------------
# The table of authorities
# ---------------------------------------------------------------------------------------------------------------

FILING_START = "filing-start"  # the anchor on the filing's first page (after any cover sheet)
PASSIM_FROM = 5  # an authority cited on this many pages or more is listed "passim", as a brief lists it


@dataclass(frozen=True)
class Entry:
    citation: str
    kind: str  # "case", "statute" or "other"
    verified: bool
    anchors: tuple[str, ...]  # the ids of the citation runs that cite it, in order


def _without_pinpoint(cite: str) -> str:
    return re.sub(r"(\d+ [A-Za-z0-9. ]+? \d+), \d+(?:[–-]\d+)?(?: n\.\d+)?(?= \()", r"\1", cite)


def cite_anchors(document: Document) -> list[tuple[str, Cite]]:
    """(anchor id, citation run) for every citation of the body, numbered in reading order."""
    found = []
    for block in document.body:
        for items in _run_groups(block):
            for run in items:
                if isinstance(run, Cite):
                    found.append((f"cite-{len(found) + 1}", run))
    return found


def table_entries(document: Document, authorities: Authorities) -> list[Entry]:
    """One entry per authority the body cites (one key's short and full forms are one entry), sorted as a brief."""
    entries: dict[tuple, dict] = {}
    for anchor, run in cite_anchors(document):
        cite = authorities.cites.get(run.key, run.text)
        found = extract_authorities([cite])
        identity = found[0].key if found else ("key", run.key)
        kind = found[0].kind if found else "other"
        if identity[0] == "short":
            # "Muhammad, 16 F.4th at 130" is the entry of United States v. Muhammad, 16 F.4th 126.
            identity = next(
                (key for key in entries if key[0] == "case" and key[1:3] == identity[1:3]), identity
            )
        entry = entries.setdefault(
            identity, {"citation": None, "kind": kind, "verified": True, "anchors": []}
        )
        if identity[0] != "short":
            full = _without_pinpoint(cite)
            # The shortest statute form ("18 U.S.C. § 3582(c)(1)(A)" over "…(A)(i)"), the full form of a case.
            if entry["citation"] is None or (kind != "case" and len(full) < len(entry["citation"])):
                entry["citation"] = full
        elif entry["citation"] is None:
            entry["citation"] = cite
        entry["verified"] = entry["verified"] and run.key not in authorities.verify
        entry["anchors"].append(anchor)
    result = [
        Entry(entry["citation"], entry["kind"], entry["verified"], tuple(entry["anchors"]))
        for entry in entries.values()
    ]
    result.sort(key=lambda entry: (KIND_ORDER[entry.kind], _sort_key(entry.citation)))
    return result


def _sort_key(citation: str) -> tuple:
    match = re.match(r"(\d+) (U\.S\.C\.|C\.F\.R\.) § (\d+)", citation)
    if match:
        return (match.group(2), int(match.group(1)), int(match.group(3)), citation)
    return ("", 0, 0, re.sub(r"^(United States v\.|In re) ", "", citation).lower())


KIND_HEADINGS = {"case": "Cases", "statute": "Statutes", "other": "Regulations, guidelines and rules"}


def _run_groups(block: Block) -> list[Runs]:
    """Every sequence of runs a block holds (a paragraph has one, a list one per item, a table one per cell)."""
    if isinstance(block, Heading | Paragraph | Quote):
        return [block.runs]
    if isinstance(block, List):
        return list(block.items)
    if isinstance(block, Table):
        return [cell for row in block.rows for cell in row]
    if isinstance(block, Note):
        return list(block.paragraphs)
    return []


# ---------------------------------------------------------------------------------------------------------------
# HTML (for WeasyPrint, with the classes of static/css/documents.css)
# ---------------------------------------------------------------------------------------------------------------


def _text(text: str) -> str:
    return bind_sections_html(escape(section_spaces(text), quote=False))


class _Html:
    def __init__(self, document: Document, authorities: Authorities, pages: Mapping[str, int] | None) -> None:
        self.document = document
        self.authorities = authorities
        self.pages = pages
        self.anchors = iter(anchor for anchor, _run in cite_anchors(document))

    def runs(self, items: Runs, *, anchored: bool = True) -> str:
        out = []
        for run in items:
            if isinstance(run, Cite):
                anchor = f' id="{next(self.anchors)}"' if anchored else ""
                out.append(f'<span class="cite"{anchor}>{_text(run.text)}</span>')
            elif isinstance(run, Fill):
                out.append(f'<span class="blank">{_text(run.text)}</span>')
            elif isinstance(run, Verify):
                # A filing's verify flag is part of a sentence: it wraps with it (class "inline").
                out.append(f'<span class="verify inline">{_text(run.text)}</span>')
            elif isinstance(run, Client):
                out.append(f'<span class="client-text">{escape(run.text, quote=False)}</span>')
            else:
                out.append(_text(run.text))
        return "".join(out)

    def block(self, block: Block) -> str:
        if isinstance(block, Caption):
            return (
                f'<p class="court">{"<br>".join(_text(line) for line in block.court)}</p>'
                '<table class="caption" role="presentation"><tr>'
                f'<td class="parties">{"<br>".join(_text(line) for line in block.parties)}</td>'
                f'<td class="number">{_text(block.number)}</td></tr></table>'
            )
        if isinstance(block, Heading):
            if block.level == 1:
                return f'<h1 class="motion-title running-title">{self.runs(block.runs)}</h1>'
            return f"<h{block.level}>{self.runs(block.runs)}</h{block.level}>"
        if isinstance(block, Paragraph):
            css = "" if block.indent else ' class="no-indent"'
            return f"<p{css}>{self.runs(block.runs)}</p>"
        if isinstance(block, Quote):
            return f'<blockquote class="client-text">{self.runs(block.runs)}</blockquote>'
        if isinstance(block, List):
            tag, css = ("ol", "relief") if block.ordered else ("ul", "exhibits")
            items = "".join(f"<li>{self.runs(item)}</li>" for item in block.items)
            return f'<{tag} class="{css}">{items}</{tag}>'
        if isinstance(block, Table):
            head = "".join(f'<th scope="col">{_text(cell)}</th>' for cell in block.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{self.runs(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        if isinstance(block, Signature):
            opening = f"<p>{_text(block.opening)}</p>" if block.opening else ""
            rule = '<span class="line"></span>' if block.rule else ""
            lines = "<br>".join(
                _text(line) if isinstance(line, str) else self.runs(line, anchored=False)
                for line in block.lines
            )
            return f'<div class="signature">{opening}{rule}<p>{lines}</p></div>'
        if isinstance(block, PageBreak):
            return '<div class="page-break"></div>'
        if isinstance(block, TableOfAuthorities):
            return self.table(block)
        raise TypeError(f"no HTML for {block!r}")

    def note(self, note: Note) -> str:
        paragraphs = "".join(f"<p>{self.runs(items, anchored=False)}</p>" for items in note.paragraphs)
        return (
            f'<div class="warning" role="note"><div class="warning__title">{_text(note.title)}</div>'
            f"{paragraphs}</div>"
        )

    def table(self, block: TableOfAuthorities) -> str:
        entries = table_entries(self.document, self.authorities)
        out = [
            f'<section class="toa" aria-labelledby="toa-heading"><h2 id="toa-heading">{_text(block.heading)}</h2>'
        ]
        if any(not entry.verified for entry in entries):
            out.append(
                '<p class="toa-summary">Authorities marked <span class="verify">verify before filing</span> are '
                "ones the rule pack itself says to verify. Check each against the primary source before relying "
                "on it.</p>"
            )
        for kind, heading in KIND_HEADINGS.items():
            listed = [entry for entry in entries if entry.kind == kind]
            if not listed:
                continue
            out.append(f"<h3>{heading}</h3><ul>")
            for entry in listed:
                flag = "" if entry.verified else ' <span class="verify">— verify before filing</span>'
                out.append(
                    f'<li><span class="toa-citation">{_text(entry.citation)}{flag}</span>'
                    f'<span class="toa-pages">{self.page_links(entry)}</span></li>'
                )
            out.append("</ul>")
        if not entries:
            out.append("<p>No authorities are cited.</p>")
        out.append("</section>")
        return "".join(out)

    def page_links(self, entry: Entry) -> str:
        """One link per page the authority is cited on; WeasyPrint prints each target's page number."""
        anchors = list(entry.anchors)
        if self.pages:
            first_on_page: dict[int, str] = {}
            for anchor in anchors:
                first_on_page.setdefault(self.pages.get(anchor, 0), anchor)
            if len(first_on_page) >= PASSIM_FROM:
                return "passim"
            # The filing is numbered from its own first page (a cover sheet before it is not counted). The number
            # is the link's text, so a screen reader and a PDF reader both have it (axe: link-name).
            start = self.pages.get(FILING_START, 1)
            return ", ".join(
                f'<a class="toa-page" href="#{anchor}">{page - start + 1}</a>'
                for page, anchor in sorted(first_on_page.items())
            )
        # First layout: WeasyPrint prints each target's page number (the second layout writes them as text).
        return ", ".join(f'<a class="toa-page" href="#{anchor}"></a>' for anchor in anchors)


def to_html(document: Document, authorities: Authorities, *, pages: Mapping[str, int] | None = None) -> str:
    """The document's HTML: a cover sheet of its notes (if any), then the filing. ``pages``: anchor → page."""
    writer = _Html(document, authorities, pages)
    body = "".join(writer.block(block) for block in document.body)
    cover = ""
    if document.notes:
        notes = "".join(writer.note(note) for note in document.notes)
        cover = (
            f'<section class="cover-sheet"><h1>{_text(COVER_SHEET_TITLE)}</h1><p>{_text(COVER_SHEET_LEAD)}</p>'
            f"{notes}</section>"
        )
    # The end marker gives the filing's own page count ("Page 2 of 5" without the cover sheet).
    return (
        f'{cover}<div class="filing {document.css_class}"><span id="{FILING_START}"></span>{body}'
        '<span id="filing-end"></span></div>'
    )
