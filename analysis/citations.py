"""Build a table of authorities from the citations actually present in a document's text.

eyecite finds the reporter citations (cases) and the U.S.C. / C.F.R. citations; a few small regular
expressions add what eyecite does not know: Supreme Court slip opinions cited by docket number
("Fernandez v. United States, No. 24-556 (U.S. May 28, 2026)"), the Sentencing Guidelines ("USSG § 1B1.13"),
the federal rules ("Fed. R. Crim. P. 35(b)") and every section of a "§§" list (eyecite reads only the first, and misses some, such as § 1997e).

Each authority is compared with the rule pack's known citations loosely — cases by volume, reporter and page
(or by docket number for slip opinions), statutes and regulations by title and section — so that a pinpoint or
a subsection does not make a known authority look unknown. Anything that matches nothing known is returned
with ``verified=False`` and the documents print it as "verify before filing"; it is never silently kept.
"""

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from eyecite import get_citations
from eyecite.models import FullCaseCitation, FullLawCitation, ShortCaseCitation

# eyecite logs the surrounding text of odd overlaps at WARNING level; that text can be a client's narrative,
# and client narratives never go to the logs.
logging.getLogger("eyecite").setLevel(logging.ERROR)

KIND_ORDER = {"case": 0, "statute": 1, "other": 2}

_SECTION = re.compile(r"\d+[a-z]*(?:\.\d+)?")
_PARTY_WORD = r"(?:[A-Z][\w.'’&-]*|of|the|and|for|ex|rel\.|de|la|&)"
_PLAINTIFF = rf"[A-Z][\w.'’&-]*(?:\s+{_PARTY_WORD})*"
_DEFENDANT = rf"[A-Z][\w.'’&-]*(?:,?\s+{_PARTY_WORD})*"
# "United States v. Ferguson, " or "In re Vial, " immediately before a citation.
_CASE_NAME_BEFORE = re.compile(
    rf"(?:(?:In re|Ex parte)\s+{_DEFENDANT}|{_PLAINTIFF}\s+v\.\s+{_DEFENDANT}),\s*$"
)
_LEADING_SIGNALS = re.compile(
    r"^(?:(?:See|see|Cf\.|But|Accord|Also|also|Compare|E\.g\.,|Under|In(?!\s+re\b)|And|Contra)\s+)+"
)
# ", 131 n.2 (4th Cir. 2021)" or " (2023)" immediately after a citation: the court-and-year parenthetical.
_PARENTHETICAL_AFTER = re.compile(r"^(?:,\s*[\d\s,–-]+(?:n\.\s*\d+)?)?\s*\(([^()]*?\d{4})\)")
_SLIP_OPINION = re.compile(
    rf"(?P<name>(?:In re|Ex parte)\s+{_DEFENDANT}|{_PLAINTIFF}\s+v\.\s+{_DEFENDANT}),\s+No\.\s+(?P<docket>\d{{1,2}}-\d+)"
)
_FIRST_PARENTHETICAL = re.compile(r"\(([^()]*?\d{4})\)")
_GUIDELINE = re.compile(r"(?:\b(?:USSG|U\.S\.S\.G\.)\s*)?§+\s*(?P<section>\d[A-Z]\d\.\d+)")
_RULE = re.compile(r"\bFed\.\s*R\.\s*(?P<body>(?:App|Crim|Civ)\.\s*P\.|Evid\.)\s*(?P<number>\d+)")
_STATUTE = re.compile(
    r"\b(?P<title>\d+)\s+(?P<code>U\.S\.C\.|C\.F\.R\.)\s+§§?\s*(?P<sections>[\w.()]+(?:,\s*(?:and\s+)?[\w.()]+)*)"
)


@dataclass(frozen=True)
class Authority:
    key: tuple
    citation: str
    kind: str


def _normalise_reporter(reporter: str) -> str:
    return re.sub(r"\s+", "", reporter).lower()


def _case_name_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 160) : start]
    # Stop at the previous clause: a case name never spans a semicolon, a parenthesis or a sentence end.
    window = re.split(r"[;()]|(?<=[a-z]{3}\.)\s|(?<=\d\.)\s", window)[-1]
    match = _CASE_NAME_BEFORE.search(window)
    if not match:
        return None
    return _LEADING_SIGNALS.sub("", match.group(0).rstrip().rstrip(",")).strip() or None


def _parenthetical_after(text: str, end: int) -> str | None:
    match = _PARENTHETICAL_AFTER.match(text[end : end + 120])
    return match.group(1).strip() if match else None


def _case_display(name: str | None, cite: str, parenthetical: str | None) -> str:
    display = f"{name}, {cite}" if name else cite
    return f"{display} ({parenthetical})" if parenthetical else display


def _statute(code: str, title: str, section: str) -> Authority | None:
    section_match = _SECTION.match(section)
    if not section_match:
        return None
    section = section_match.group(0)
    kind = "statute" if code == "U.S.C." else "other"
    return Authority(key=(code, title, section), citation=f"{title} {code} § {section}", kind=kind)


@lru_cache(maxsize=4096)
def _extract_block(text: str) -> tuple[Authority, ...]:
    """Return the authorities cited in one block of text (a paragraph), in order of appearance.

    Cached: a document's boilerplate paragraphs recur across renders and eyecite is the slow part.
    """
    found: list[tuple[int, Authority]] = []
    short_forms: list[tuple[int, Authority]] = []
    for citation in get_citations(text):
        start, end = citation.span()
        if isinstance(citation, FullCaseCitation):
            groups = citation.groups
            key = (
                "case",
                groups.get("volume"),
                _normalise_reporter(groups.get("reporter", "")),
                groups.get("page"),
            )
            name = _case_name_before(text, start)
            if name is None:
                metadata = citation.metadata
                if metadata.plaintiff and metadata.defendant:
                    name = f"{metadata.plaintiff} v. {metadata.defendant}"
                else:
                    name = metadata.defendant or metadata.antecedent_guess
            cite = citation.corrected_citation()
            found.append(
                (start, Authority(key, _case_display(name, cite, _parenthetical_after(text, end)), "case"))
            )
        elif isinstance(citation, ShortCaseCitation):
            groups = citation.groups
            key = ("short", groups.get("volume"), _normalise_reporter(groups.get("reporter", "")))
            short_forms.append((start, Authority(key, citation.matched_text(), "case")))
        elif isinstance(citation, FullLawCitation):
            groups = citation.groups
            reporter = groups.get("reporter", "")
            title = groups.get("title") or groups.get("chapter")
            if reporter in ("U.S.C.", "C.F.R.") and title and groups.get("section"):
                authority = _statute(reporter, title, groups["section"])
                if authority:
                    found.append((start, authority))
    for match in _SLIP_OPINION.finditer(text):
        paren = _FIRST_PARENTHETICAL.search(text, match.end(), match.end() + 120)
        court = paren.group(1).split()[0] if paren else ""
        key = ("slip", match.group("docket"), court)
        name = _LEADING_SIGNALS.sub("", match.group("name"))
        display = f"{name}, No. {match.group('docket')}"
        found.append(
            (match.start(), Authority(key, f"{display} ({paren.group(1)})" if paren else display, "case"))
        )
    for match in _STATUTE.finditer(text):
        for section in re.split(r",\s*(?:and\s+)?", match.group("sections")):
            authority = _statute(match.group("code"), match.group("title"), section)
            if authority:
                found.append((match.start(), authority))
    for match in _GUIDELINE.finditer(text):
        found.append(
            (match.start(), Authority(("USSG", match["section"]), f"USSG § {match['section']}", "other"))
        )
    for match in _RULE.finditer(text):
        body = re.sub(r"\.\s*", ". ", re.sub(r"\s+", "", match["body"])).strip()
        found.append(
            (
                match.start(),
                Authority(("rule", body, match["number"]), f"Fed. R. {body} {match['number']}", "other"),
            )
        )
    # A short form ("Muhammad, 16 F.4th at 130") counts only when its full citation is absent from the block;
    # table_of_authorities drops it again if the full citation appears anywhere in the document.
    full_volumes = {authority.key[1:3] for _, authority in found if authority.key[0] == "case"}
    found.extend(item for item in short_forms if item[1].key[1:3] not in full_volumes)
    found.sort(key=lambda item: item[0])
    return tuple(authority for _, authority in found)


def _blocks(texts: list[str]) -> list[str]:
    blocks = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text):
            # Every citation form we recognise contains a digit; skipping the rest keeps eyecite off
            # most of a client's narrative.
            if any(character.isdigit() for character in block):
                blocks.append(" ".join(block.split()))
    return blocks


def extract_authorities(texts: list[str]) -> list[Authority]:
    """Return the distinct authorities cited in ``texts``, in order of first appearance."""
    seen: dict[tuple, Authority] = {}
    for block in _blocks(texts):
        for authority in _extract_block(block):
            existing = seen.get(authority.key)
            # Prefer the fullest form seen (a case name and parenthetical over a bare reporter cite).
            if existing is None or len(authority.citation) > len(existing.citation):
                seen[authority.key] = authority
    full_volumes = {key[1:3] for key in seen if key[0] == "case"}
    return [
        authority for key, authority in seen.items() if not (key[0] == "short" and key[1:3] in full_volumes)
    ]


@lru_cache(maxsize=64)
def _known_keys(known_citations: tuple[str, ...]) -> tuple[frozenset, dict]:
    keys = set()
    canonical = {}
    for citation in known_citations:
        for authority in extract_authorities([citation]):
            keys.add(authority.key)
            if authority.key[0] == "case":
                keys.add(("short", *authority.key[1:3]))
            canonical.setdefault(authority.key, authority.citation)
    return frozenset(keys), canonical


def table_of_authorities(
    texts: list[str], known_citations: list[str], *, always_verify: list[str] = ()
) -> list[dict]:
    """Return the table of authorities for ``texts``: one entry per distinct authority cited.

    Each entry is ``{"citation", "kind", "verified"}`` with kind ``"case"``, ``"statute"`` or ``"other"``.
    ``verified`` is True when the authority matches one of ``known_citations`` (the rule pack's list) and is
    not among ``always_verify`` (authorities the rule pack itself says to verify). Entries are sorted by kind,
    then alphabetically, as a table of authorities is.
    """
    known, canonical = _known_keys(tuple(known_citations))
    flagged, _ = _known_keys(tuple(always_verify))
    entries = []
    for authority in extract_authorities(texts):
        verified = authority.key in known and authority.key not in flagged
        # A verified case is listed in the rule pack's own form (full name, no pinpoint) when that reads better.
        citation = canonical.get(authority.key, authority.citation) if verified else authority.citation
        entries.append({"citation": citation, "kind": authority.kind, "verified": verified})
    entries.sort(key=lambda entry: (KIND_ORDER[entry["kind"]], _sort_key(entry["citation"])))
    return entries


def _sort_key(citation: str) -> tuple:
    # Statutes sort by title then section number; everything else alphabetically, ignoring "United States v.".
    match = re.match(r"(\d+) (U\.S\.C\.|C\.F\.R\.) § (\d+)", citation)
    if match:
        return (match.group(2), int(match.group(1)), int(match.group(3)), citation)
    return ("", 0, 0, re.sub(r"^(United States v\.|In re) ", "", citation).lower())


# Typography of citations in the rendered documents (#12 item 10): case names stay in roman type (never italic),
# and a non-breaking space follows "§" / "§§" so a section sign never ends a line apart from its number.
# A code's title number stays with the code's name too: "18 U.S.C." never ends a line at "18".
_SECTION_SPACE = re.compile(r"(§§?) ")
_CODE_SPACE = re.compile(r"\b(\d+) (U\.S\.C\.|C\.F\.R\.)")


def section_spaces(text: str) -> str:
    """Put a non-breaking space after every "§" or "§§" followed by a plain space, and in "18 U.S.C."."""
    return _CODE_SPACE.sub("\\1\u00a0\\2", _SECTION_SPACE.sub("\\1\u00a0", text))


# A section number and its subsections ("§ 3582(c)(1)(A)(i)") are one unit: a line may not break between ")"
# and "(" (the motion's title printed "§ 3582(c)" at a line's end and "(1)(A)(i)" on the next).
# A docket number ("4:15-cr-00233") is one unit too: a line may not break at its hyphens.
_SECTION_CITE = re.compile(r"§§?\u00a0\d+[A-Za-z]?(?:\([0-9A-Za-z]+\))+|\b\d{1,2}:\d{2}-[a-z]{2,3}-\d{3,5}\b")


def bind_sections_html(text: str) -> str:
    """Wrap each section citation and docket number of HTML-escaped text in a span kept on one line."""
    return _SECTION_CITE.sub(
        lambda match: f'<span class="nobr">{match.group(0)}</span>', section_spaces(text)
    )


def style_citations_html(html: str) -> str:
    """Fix "§" spacing and keep each section citation on one line, in the text (never the tags) of HTML."""
    pieces = re.split(r"(<[^>]*>)", html)
    out = []
    raw = False  # never inside <style> or <script>
    for piece in pieces:
        if piece.startswith("<"):
            raw = re.match(r"<(style|script)\b", piece, re.I) is not None or (
                raw and not re.match(r"</(style|script)\b", piece, re.I)
            )
            out.append(piece)
        else:
            out.append(piece if raw else bind_sections_html(piece))
    return "".join(out)
