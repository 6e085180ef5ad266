"""Render the work product of a reviewed case — triage memo, draft motion, § 2255 referral, warden request — as PDF.

Documents render only from the plain-dict *snapshot* frozen at approval (or built from the current state for a
draft preview), never from live models, so that an approved revision always prints the same facts.

This is the only module that imports WeasyPrint. Rendering never touches the network: the URL fetcher serves
files under ``static/`` and refuses everything else. Client text is passed to the templates as plain strings and
escaped by Django's autoescaping; evidence highlighting is built here as a list of (text, highlighted) segments so
that no template ever marks client text safe.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import re
import threading
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from analysis import blocks, outcomes, triage
from analysis.citations import style_citations_html, table_of_authorities

# WeasyPrint logs every layout step at INFO; that is noise in the application log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_DIR = (Path(__file__).resolve().parent.parent / "static").resolve()
STYLESHEET = STATIC_DIR / "css" / "documents.css"
PDF_VARIANT = "pdf/ua-1"

# ---------------------------------------------------------------------------------------------------------------
# The law the documents print lives in the rule pack's law text (analysis/rules/law-text-*.toml), with authorities
# by key, day counts from the pack's constants, and the circuit choosing its sentences and authorities there.
# ---------------------------------------------------------------------------------------------------------------

# The motion's fixed paragraphs and USSG § 1B1.13's grounds (LAW.md § 1, § 2) live in the rule pack's law text
# (analysis/rules/law-text-*.toml): `current_law().text("motion.danger")`, `.text("ground.medical.standard")`.
RELEASE_GROUND_KEYS = ("medical", "age", "family", "custody_abuse", "other", "rehabilitation")


def current_law():
    """The rule pack whose law the documents print: always the newest (current law at every render)."""
    from analysis.engine.rulepack import current_rule_pack

    return current_rule_pack()


def release_ground(ground: str) -> dict:
    """A compassionate-release ground's subsection, standard, what to verify (or None) and what to complete."""
    pack = current_law()
    ground = ground if ground in RELEASE_GROUND_KEYS else "other"
    prefix = f"ground.{ground}."
    return {
        "subsection": pack.text(prefix + "subsection").plain,
        "standard": pack.text(prefix + "standard").plain,
        "verify": pack.text(prefix + "verify").plain if pack.has_text(prefix + "verify") else None,
        "complete": pack.text(prefix + "complete").plain,
    }


# LAW.md § 2, (b)(1)(A): a serious, advanced illness with an end-of-life trajectory (metastatic cancer, ALS,
# end-stage organ disease, advanced dementia). Words that suggest it; the memo marks the case urgent.
TERMINAL = re.compile(
    r"terminal|end[- ]of[- ]life|end[- ]stage|metastat|stage (?:iv|4)\b|has spread|hospice|\bALS\b|"
    r"advanced dementia|(?:less than|under) (?:a|one) year|months to live",
    re.IGNORECASE,
)

RAISED_LABELS = {"yes": "Yes", "no": "No", "unknown": "Not known (not confirmed by staff)"}

DRAFT_FOOTER = "DRAFT — not for filing"


# ---------------------------------------------------------------------------------------------------------------
# WeasyPrint plumbing
# ---------------------------------------------------------------------------------------------------------------


class StaticOnlyURLFetcher(URLFetcher):
    """Serve files under ``static/`` and refuse every other URL, so that rendering never reaches the network."""

    def fetch(self, url, headers=None):
        if not url.startswith("file:"):
            raise ValueError(f"documents may only load files under static/, refused {url[:80]!r}")
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not path.is_relative_to(STATIC_DIR) or not path.is_file():
            raise ValueError(f"documents may only load files under static/, refused {url[:80]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


_URL_FETCHER = StaticOnlyURLFetcher()
# WeasyPrint makes no thread-safety promise for a shared FontConfiguration; renders are serialised per process.
_RENDER_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[CSS, FontConfiguration]:
    """Parse the print stylesheet and register its fonts once per process (the cold-render cost)."""
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=_URL_FETCHER, font_config=font_config)
    return stylesheet, font_config


def html_to_pdf(html: str) -> bytes:
    """Return the PDF for a rendered document's HTML, tagged as PDF/UA-1."""
    return _write(_layout(html))


_PDF_OPTIONS = {"pdf_variant": PDF_VARIANT, "uncompressed_pdf": False}


def _layout(html: str):
    """Lay a document's HTML out into pages (WeasyPrint's Document), as the PDF will print it."""
    stylesheet, font_config = _stylesheet()
    with _RENDER_LOCK:
        document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_URL_FETCHER)
        return document.render(stylesheets=[stylesheet], font_config=font_config, **_PDF_OPTIONS)


def _write(layout) -> bytes:
    with _RENDER_LOCK:
        return layout.write_pdf(**_PDF_OPTIONS)


class _MainText(HTMLParser):
    """Collect the text inside <main>, one line per block, for citation extraction."""

    BLOCKS = {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "div",
        "tr",
        "dt",
        "dd",
        "section",
        "br",
        "td",
        "th",
    }

    def __init__(self, *, skip_notes: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        # With skip_notes, the attorney's notes (<div role="note">) are left out: they are not the filing.
        self.skip_notes = skip_notes
        self.note_divs = 0  # <div> nesting inside the current note; 0 when outside any note

    def handle_starttag(self, tag, attrs):
        if self.note_divs:
            self.note_divs += tag == "div"
        elif tag == "main":
            self.depth += 1
        elif self.skip_notes and self.depth and tag == "div" and ("role", "note") in attrs:
            self.note_divs = 1
        elif self.depth and tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if self.note_divs:
            self.note_divs -= tag == "div"
        elif tag == "main":
            self.depth -= 1
        elif self.depth and tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.depth and not self.note_divs:
            self.parts.append(data)


def document_text(html: str, *, skip_notes: bool = False) -> str:
    """Return the text of a rendered document's <main> element, paragraphs separated by blank lines.

    ``skip_notes`` leaves out the attorney's notes, so that the table of authorities lists only what the filing
    itself cites (#12 item 8).
    """
    parser = _MainText(skip_notes=skip_notes)
    parser.feed(html)
    parser.close()
    return unescape("".join(parser.parts))


def render_pdf(template_name: str, context: dict, *, draft: bool, title: str, author: str) -> bytes:
    """Render a document template to PDF bytes, with its table of authorities.

    The body is rendered once without the table, its citations are extracted (``context["known_citations"]``
    decides which are verified), and the template is rendered again with ``toa`` filled in.
    """
    return html_to_pdf(render_html(template_name, context, draft=draft, title=title, author=author))


def render_html(template_name: str, context: dict, *, draft: bool, title: str, author: str) -> str:
    """Render a document template to HTML in two passes, the second with the table of authorities."""
    context = {**context, "draft": draft, "title": title, "author": author, "toa": None}
    body = render_to_string(template_name, context)
    # Every authority of the pack (the law text's included) is known; those LAW.md marks **verify** stay flagged.
    authorities = current_law().authorities.values()
    known = [*context.get("known_citations", []), *(authority.cite for authority in authorities)]
    always_verify = [authority.cite for authority in authorities if authority.verify]
    toa = table_of_authorities([document_text(body, skip_notes=True)], known, always_verify=always_verify)
    context["toa"] = {
        "cases": [entry for entry in toa if entry["kind"] == "case"],
        "statutes": [entry for entry in toa if entry["kind"] == "statute"],
        "other": [entry for entry in toa if entry["kind"] == "other"],
        "unverified": sum(1 for entry in toa if not entry["verified"]),
    }
    return _style_main(render_to_string(template_name, context))


# ---------------------------------------------------------------------------------------------------------------
# Filings built as blocks (analysis/filings.py): one HTML renderer, the table of authorities with page numbers
# ---------------------------------------------------------------------------------------------------------------


def filing_html(slug: str, context: dict, *, title: str, author: str, pages: dict | None = None) -> str:
    """The HTML of a filing (the motion, the proposed order), built as blocks; ``pages``: citation anchor → page."""
    from django.utils.safestring import mark_safe

    from analysis import filings

    document = filings.BUILDERS[slug](context)
    # Safe: blocks.to_html escapes every run and line itself; nothing else is inserted.
    body = mark_safe(blocks.to_html(document, filings.authorities(), pages=pages))  # noqa: S308
    # The law-change notices are notes of the document (on its cover sheet), not the base template's banner.
    template_context = {
        **context,
        "law_notices": [],
        "draft": context["draft"],
        "title": title,
        "author": author,
        "body": body,
        "document_class": document.css_class,
    }
    return render_to_string("documents/blocks.html", template_context)


def document_html(slug: str, context: dict, *, draft: bool, title: str, author: str) -> str:
    """The HTML any document is printed from (a filing's blocks or a template), for tests and text checks."""
    context = {**context, "draft": draft}
    if slug in FILINGS:
        return filing_html(slug, context, title=title, author=author)
    return render_html(TEMPLATES[slug], context, draft=draft, title=title, author=author)


def _anchor_pages(layout) -> dict[str, int]:
    """The page number (1-based) of every citation anchor of a laid-out document."""
    return {
        anchor: number
        for number, page in enumerate(layout.pages, start=1)
        for anchor in page.anchors
        if anchor.startswith("cite-") or anchor == blocks.FILING_START
    }


def filing_pdf(slug: str, context: dict, *, title: str, author: str) -> bytes:
    """The PDF of a filing. The table of authorities lists each page an authority is cited on once (or "passim"):
    the first layout finds the pages; only if that changes the table is the document laid out again."""
    html = filing_html(slug, context, title=title, author=author)
    layout = _layout(html)
    if 'href="#cite-' in html:
        paged = filing_html(slug, context, title=title, author=author, pages=_anchor_pages(layout))
        if paged != html:
            layout = _layout(paged)
    return _write(layout)


def _style_main(html: str) -> str:
    """Bind "§" to its number inside <main> only (never the <head> or its <title>); case names stay roman."""
    start = html.find("<main")
    end = html.rfind("</main>")
    if start < 0 or end < 0:
        return html
    return html[:start] + style_citations_html(html[start:end]) + html[end:]


# ---------------------------------------------------------------------------------------------------------------
# Snapshot → template context
# ---------------------------------------------------------------------------------------------------------------


def _parse_date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def long_date(value) -> str:
    """Return "May 15, 2020" for an ISO date (or datetime) string; "" when there is none."""
    parsed = _parse_date(value)
    return f"{parsed:%B} {parsed.day}, {parsed.year}" if parsed else ""


def iso_date(value) -> str:
    parsed = _parse_date(value)
    return parsed.isoformat() if parsed else ""


def _add_one_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # February 29
        return day.replace(year=day.year + 1, day=28)


def disposition_label(disposition: str, missing: str) -> str:
    key = f"label.disposition.{disposition}"
    pack = current_law()
    return pack.text(key).plain if pack.has_text(key) else (disposition or missing)


def _law_or(key: str, fallback: str, **values) -> str:
    """The law text `key` (plain), or `fallback` where the pack has none (a value outside the taxonomy)."""
    pack = current_law()
    return pack.text(key, **values).plain if pack.has_text(key) else fallback


def _vehicle(argument: dict) -> str:
    """Where an other-vehicle argument goes (LAW.md § 5): the process named by the rule that read it, while the
    outcome is still that rule's (a § 404 motion and a Rule 35(b) motion are both `other_vehicle/other`, as are
    clemency and designation, which no process of LAW.md's fits), else its ground's."""
    engine = argument["engine"]
    by_ground = _law_or(f"vehicle.{argument['ground']}", _law_or("vehicle.other", ""))
    if not engine["rule_id"] or (engine["disposition"], engine["ground"]) != (
        argument["disposition"],
        argument["ground"],
    ):
        return by_ground
    return _law_or(f"vehicle.rule.{engine['rule_id'].lower().replace('-', '_')}", by_ground)


def law_view(circuit: str | None, values: dict) -> dict:
    """Every law-text sentence the documents print, nested by its dotted key (``law.memo.terminal``), filled for
    the client's circuit and with `values`; entries needing a value not given are left to build_context."""
    pack = current_law()
    view: dict = {}
    for key in pack.law.keys():
        needed = pack.law.placeholders(key)
        if any(name not in values for name in needed):
            continue
        given = {name: values[name] for name in needed}
        if pack.law.is_sentence_list(key):
            text = [item.plain for item in pack.text_list(key, circuit=circuit, **given)]
        else:
            text = pack.text(key, circuit=circuit, **given).plain
        *path, leaf = key.split(".")
        node = view
        for name in path:
            node = node.setdefault(name, {})
        node[leaf] = text
    return view


def months_display(months) -> str:
    if months in (None, ""):
        return ""
    months = int(months)
    years, rest = divmod(months, 12)
    if not years:
        return _count(months, "month")
    in_years = _count(years, "year") + (f", {_count(rest, 'month')}" if rest else "")
    return f"{_count(months, 'month')} ({in_years})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def evidence_segments(text: str, evidence: list[dict]) -> list[dict]:
    """Split ``text`` into ``{"text", "mark"}`` segments, marking the evidence spans.

    A span whose offsets no longer match its text (the argument was edited after triage) is found again by its
    text, or skipped. Overlapping spans are merged. Segments are plain strings: the template escapes them.
    """
    spans = []
    for item in evidence or []:
        start, end, quoted = item.get("start"), item.get("end"), item.get("text") or ""
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)) or (
            quoted and text[start:end] != quoted
        ):
            found = text.find(quoted) if quoted else -1
            if found < 0:
                continue
            start, end = found, found + len(quoted)
        spans.append((start, end))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments, cursor = [], 0
    for start, end in merged:
        if start > cursor:
            segments.append({"text": text[cursor:start], "mark": False})
        segments.append({"text": text[start:end], "mark": True})
        cursor = end
    if cursor < len(text):
        segments.append({"text": text[cursor:], "mark": False})
    return segments


def _argument_view(argument: dict) -> dict:
    assessment = argument.get("assessment") or {}
    decision = argument.get("decision")
    outcome = outcomes.snapshot_outcome(argument)
    disposition, ground = (outcome.disposition, outcome.ground) if outcome else ("", "")
    engine_disposition, engine_ground = assessment.get("disposition", ""), assessment.get("ground", "")
    overridden = bool(decision) and (
        decision.get("accepted") is False or (disposition, ground) != (engine_disposition, engine_ground)
    )
    # The engine's subsection applies only while the final ground is still the engine's ground.
    subsection = None
    if disposition == "compassionate_release" and ground in RELEASE_GROUND_KEYS:
        subsection = release_ground(ground)["subsection"]
        engine_subsection = assessment.get("ussg_subsection") or ""
        if (engine_disposition, engine_ground) == (disposition, ground) and engine_subsection:
            candidate = (
                engine_subsection if engine_subsection.startswith("USSG") else f"USSG {engine_subsection}"
            )
            # The memo files the argument under the subsection the engine names, e.g. (b)(6) (invalid since
            # Rutherford, which the law-change notice then says), never a different one beside "fits (b)(6)".
            if candidate.startswith("USSG § 1B1.13("):
                subsection = candidate
    confidence = assessment.get("confidence")
    text = argument.get("text") or ""
    covid = re.search(r"covid|coronavirus|pandemic|outbreak", text, re.IGNORECASE) is not None
    return {
        "position": argument.get("position"),
        "text": text,
        "source": argument.get("source") or "",
        # Confirmed by staff, or "unknown"; older snapshots predate the field and count as not confirmed.
        "raised_in_request": argument.get("raised_in_request") or "unknown",
        "raised_label": RAISED_LABELS.get(argument.get("raised_in_request") or "unknown"),
        "is_verbatim": bool(argument.get("is_verbatim")),
        "segments": evidence_segments(text, assessment.get("evidence") or []),
        "disposition": disposition,
        "ground": ground,
        "disposition_label": disposition_label(disposition, "Not triaged"),
        "ground_label": outcomes.ground_label(disposition, ground) if ground else "",
        "subsection": subsection,
        "terminal": disposition == "compassionate_release"
        and ground == "medical"
        and (
            bool(subsection and subsection.startswith("USSG § 1B1.13(b)(1)(A)"))
            or TERMINAL.search(text) is not None
        ),
        "covid_note": disposition == "compassionate_release"
        and ground == "medical"
        and (covid or (subsection or "").endswith("(D)")),
        "engine": {
            "present": bool(assessment),
            "disposition": engine_disposition,
            "ground": engine_ground,
            "disposition_label": disposition_label(engine_disposition, engine_disposition),
            "ground_label": outcomes.ground_label(engine_disposition, engine_ground) if engine_ground else "",
            "confidence": f"{round(confidence * 100)}%" if isinstance(confidence, int | float) else "",
            "needs_review": bool(assessment.get("needs_review")),
            "rationale": assessment.get("rationale") or "",
            "authorities": list(assessment.get("authorities") or []),
            "evidence": [
                item.get("text", "") for item in assessment.get("evidence") or [] if item.get("text")
            ],
            "rule_id": assessment.get("rule_id") or "",
            "ussg_subsection": assessment.get("ussg_subsection") or "",
            "verify": list(assessment.get("verify") or []),
            "review_reasons": [
                triage.review_reason_as_shown(reason, model_read=bool(assessment.get("model")))
                for reason in assessment.get("review_reasons") or []
            ],
            "stale": bool(argument.get("stale")),
        },
        "decision": None
        if not decision
        else {
            "accepted": not overridden,
            "overridden": overridden,
            "reason": decision.get("reason") or "",
            "decided_by": decision.get("decided_by") or "",
            "decided_on": iso_date(decision.get("decided_at")),
        },
        "overridden": overridden,
    }


def _group(arguments: list[dict], disposition: str) -> list[dict]:
    """Group the arguments of one final disposition by ground, in order of first appearance."""
    groups: dict[str, dict] = {}
    for argument in arguments:
        if argument["disposition"] != disposition:
            continue
        group = groups.setdefault(
            argument["ground"],
            {"ground": argument["ground"], "label": argument["ground_label"], "arguments": []},
        )
        group["arguments"].append(argument)
    return list(groups.values())


def _engine_unraised_positions(exhaustion: dict) -> set[int]:
    """The positions the engine *suggests* were not in the warden request (0-based ``index`` in the snapshot).

    Only a suggestion: the engine reads the request's one-line grounds summary. Documents decide on what staff
    confirmed per argument (``raised_in_request``) and show this only in the internal memo, labelled as such.
    """
    return {
        int(item["index"]) + 1
        for item in exhaustion.get("arguments") or []
        if item.get("raised_in_request") is False and item.get("index") is not None
    }


_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _number_word(count: int) -> str:
    """Return "eight" for 8, up to twelve; larger counts stay numerals."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def snapshot_hash(snapshot: dict) -> str:
    """Return the SHA-256 of the snapshot's canonical JSON: the content hash of an approved revision."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def is_draft(snapshot: dict) -> bool:
    return snapshot.get("revision") is None


def _foreclosed_now(arguments: list[dict], circuit: str | None) -> list[str]:
    """Notices for grounds the document presents that the CURRENT rule pack forecloses.

    A snapshot keeps the law it was decided under; a later pack (Rutherford) may foreclose a ground it presents.
    Each presented argument's text is classified again under the newest pack, whatever the snapshot's pack was.
    """
    from analysis import engine

    pack = engine.current_rule_pack()
    notices = []
    for argument in arguments:
        if argument["disposition"] not in ("compassionate_release", "collateral_attack"):
            continue
        now = engine.classify(argument["text"], circuit=circuit)
        if now.disposition != "foreclosed":
            continue
        # The foreclosing rule's own statement of the law and its authorities; never the pack's changelog,
        # which also records changes to the engine that are no law and must not reach a court.
        cites = "; ".join(now.authorities)
        notices.append(
            f"Argument {argument['position']} ({argument['ground_label']}) is foreclosed under the current law "
            f"(rule pack {pack.version}): {now.rationale.rstrip('.')}"
            + (f" ({cites})." if cites else ".")
            + " Do not present it without the reviewing attorney's decision."
        )
    return notices


def build_context(
    snapshot: dict,
    *,
    draft: bool,
    content_hash: str | None,
    known_citations: list[str],
    law_notices: list[str] = (),
    rendered_on: date | None = None,
) -> dict:
    """Return the template context shared by every document of a snapshot.

    `law_notices` name law changes still waiting for a reviewer (a final document is served with them on its
    first page); `rendered_on` is the date every "as of" in the documents uses (default: today).
    """
    from analysis.engine.rulepack import other_circuit as engine_other_circuit
    from analysis.engine.threshold import may_file_now

    client = dict(snapshot.get("client") or {})
    case = dict(snapshot.get("case") or {})
    organisation = dict(snapshot.get("organisation") or {})
    warden = snapshot.get("warden_request")
    threshold = snapshot.get("threshold")
    exhaustion = snapshot.get("issue_exhaustion")
    rule_pack = snapshot.get("rule_pack") or {}
    arguments = [_argument_view(argument) for argument in snapshot.get("arguments") or []]
    arguments.sort(key=lambda argument: argument["position"] or 0)
    by_position = {argument["position"]: argument for argument in arguments}

    name = client.get("name") or ""
    release = [a for a in arguments if a["disposition"] == "compassionate_release"]
    release_groups = _group(arguments, "compassionate_release")
    for letter, group in zip("ABCDEFGHIJ", release_groups, strict=False):
        group["letter"] = letter
        group.update(release_ground(group["ground"]))
        subsections = sorted({a["subsection"] for a in group["arguments"] if a["subsection"]})
        group["subsections"] = subsections or [group["subsection"]]
    substantive_release = [a for a in release if a["ground"] != "rehabilitation"]

    if not draft and not content_hash:
        content_hash = snapshot_hash(snapshot)
    approved_on = iso_date(snapshot.get("approved_at"))
    if draft:
        footer_status = DRAFT_FOOTER
    else:
        footer_status = (
            f"Revision {snapshot.get('revision')} · approved by {snapshot.get('approved_by') or '—'} on "
            f"{approved_on} · content hash {content_hash}"
        )

    threshold_view = None
    if threshold:
        satisfied = threshold.get("satisfied")
        threshold_view = {
            "satisfied": satisfied,
            # No motion filed yet: the threshold is neither met nor missed, but the earliest date is known.
            "status": {True: "Satisfied", False: "Not satisfied — premature"}.get(satisfied)
            or (
                f"No motion filed: may file on or after {long_date(threshold.get('earliest_filing_date'))}"
                if threshold.get("earliest_filing_date")
                else "Unknown"
            ),
            "earliest_iso": iso_date(threshold.get("earliest_filing_date")),
            "earliest_long": long_date(threshold.get("earliest_filing_date")),
            "route": threshold.get("route") or "",
            "route_label": _law_or(f"threshold.route.{threshold.get('route')}", threshold.get("route") or ""),
            "notes": [
                {
                    "text": note.get("text", ""),
                    "authority": note.get("authority") or "",
                    # Another circuit's decision is persuasive at most for this client (issue #12 item 5).
                    "other_circuit": engine_other_circuit(note.get("authority") or "", case.get("circuit")),
                    "kind": note.get("kind") or "",
                    "verify": bool(note.get("verify")) or note.get("kind") == "verify",
                }
                for note in threshold.get("notes") or []
            ],
            "receipt_assumed": bool(threshold.get("receipt_assumed")),
            "lapse_iso": iso_date(threshold.get("lapse_date")),
            "days_early": threshold.get("days_early"),
            "bp10_deadline_iso": iso_date(threshold.get("bp10_deadline")),
        }

    warden_view = None
    if warden:
        warden_view = {
            **warden,
            "submitted_long": long_date(warden.get("submitted_on")),
            "received_long": long_date(warden.get("received_on")),
            "response_long": long_date(warden.get("response_on")),
            "submitted_iso": iso_date(warden.get("submitted_on")),
            "received_iso": iso_date(warden.get("received_on")),
            "response_iso": iso_date(warden.get("response_on")),
            "bp10_iso": iso_date(warden.get("bp10_filed_on")),
            "bp11_iso": iso_date(warden.get("bp11_filed_on")),
            "exhausted_iso": iso_date(warden.get("appeals_exhausted_on")),
            "exhausted_long": long_date(warden.get("appeals_exhausted_on")),
            "response_display": warden.get("response_display")
            or (warden.get("response") or "").replace("_", " "),
        }

    exhaustion_view = None
    if exhaustion:
        requirement = exhaustion.get("requirement") or "unknown"
        exhaustion_view = {
            "circuit": exhaustion.get("circuit") or case.get("circuit") or "",
            "requirement": requirement,
            "requirement_label": _law_or(f"label.issue_exhaustion.{requirement}", requirement),
            "advice": exhaustion.get("advice") or "",
            "authorities": list(exhaustion.get("authorities") or []),
            # LAW.md § 1: everywhere but where issue exhaustion is not required (the 4th Circuit), advise listing
            # every ground in the request, including circuits with no published holding.
            "list_every_ground": requirement != "none",
        }
        suggested = _engine_unraised_positions(exhaustion)
        # The engine's guess only where staff have not confirmed: a confirmed answer is the record.
        exhaustion_view["suggested_unraised"] = [
            by_position[p]
            for p in sorted(suggested)
            if p in by_position and by_position[p]["raised_in_request"] == "unknown"
        ]
        exhaustion_view["unraised"] = [a for a in arguments if a["raised_in_request"] == "no"]
        exhaustion_view["unconfirmed"] = [a for a in arguments if a["raised_in_request"] == "unknown"]
        exhaustion_view["unraised_in_motion"] = [
            a for a in substantive_release if a["raised_in_request"] == "no"
        ]
        exhaustion_view["unconfirmed_in_motion"] = [
            a for a in substantive_release if a["raised_in_request"] == "unknown"
        ]

    judgment_final = _parse_date(case.get("judgment_final_date"))
    # Every "as of" is the day the document is rendered, never the rule pack's date.
    as_of = rendered_on or date.today()
    limitation = None
    if judgment_final:
        deadline = _add_one_year(judgment_final)
        limitation = {
            "final_long": long_date(judgment_final),
            "deadline_long": long_date(deadline),
            "expired": deadline < as_of,
        }

    terminal_confirmed = bool((warden or {}).get("terminal_illness"))
    terminal_words = any(a["terminal"] for a in release)
    filed_on = _parse_date(case.get("motion_filed_on"))
    earliest = _parse_date((threshold or {}).get("earliest_filing_date"))
    if threshold_view is not None:
        # No motion filed yet and the earliest date has come by the day of rendering: the documents need not say
        # "do not file before", and say "may be filed now" in the case page's words (the same law text).
        threshold_view["open"] = may_file_now(threshold_view["satisfied"], earliest, as_of)
        if threshold_view["open"]:
            threshold_view["open_text"] = (
                current_law()
                .text(
                    "threshold.note.not_filed_open",
                    earliest=f"{threshold_view['earliest_iso']} ({threshold_view['earliest_long']})",
                )
                .plain
            )
    surname = name.split()[-1] if name.split() else ""
    circuit = case.get("circuit") or None
    law_notices = [*law_notices, *_foreclosed_now(arguments, circuit)]
    warden_response = (warden or {}).get("response")
    # The exhibits staff uploaded, in filing order (numbered as the filing packet numbers them); until there
    # are any, the list a motion needs, for the attorney to assemble.
    exhibits = [
        {"title": row.get("title") or "", "sealed": bool(row.get("sealed")), "number": row.get("number")}
        for row in snapshot.get("exhibits") or []
    ]
    if not exhibits:
        exhibits = [
            {"title": "Request to the warden", "sealed": False},
            {"title": "Proof of the warden's receipt of the request", "sealed": False},
        ]
        if warden_response == "denied":
            exhibits.append({"title": "The warden's denial", "sealed": False})
        if any(a["ground"] in ("medical", "age") for a in release):
            exhibits.append({"title": "Medical records", "sealed": True})
        for number, exhibit in enumerate(exhibits, start=1):
            exhibit["number"] = number
    from analysis.engine.rulepack import normalise_circuit

    circuit_code = normalise_circuit(circuit)
    pack = current_law()
    prior_2255 = int(case.get("prior_2255_count") or 0)
    last_2255 = long_date(case.get("last_2255_date"))
    law = law_view(
        circuit_code,
        {
            "circuit_name": case.get("circuit") or "",
            "district_name": case.get("district_name") or "",
            "docket_number": case.get("docket_number") or "",
            "client": name,
            "filed_on": iso_date(case.get("motion_filed_on")),
            "count": prior_2255,
            "plural": "" if prior_2255 == 1 else "s",
            "last": f" (the last on {last_2255})" if last_2255 else "",
        },
    )
    return {
        "law_notices": law_notices,
        "covid_elements": current_law().text("ground.medical.covid_elements").plain,
        "law": law,
        "finality_rule": law["referral"]["finality"],
        "successive_cites": [pack.cite(key) for key in pack.circuit_authorities("successive", circuit_code)],
        # The circuit's own paragraph on § 2255 as the vehicle, or a blank naming the circuit for the attorney.
        "referral_vehicle_blank": not pack.has_circuit_text("referral.vehicle", circuit_code),
        "exhibits": exhibits,
        # Counsel signs: on a final document the approving reviewer, on a draft blanks for the attorney.
        "counsel_name": "" if draft else (snapshot.get("approved_by") or ""),
        "counsel_bar_number": "" if draft else (snapshot.get("approved_by_bar_number") or ""),
        "snapshot_revision": snapshot.get("revision"),
        "draft": draft,
        "footer_status": footer_status,
        "content_hash": content_hash,
        "approved_by": snapshot.get("approved_by") or "",
        "approved_on": approved_on,
        "approved_on_long": long_date(snapshot.get("approved_at")),
        "approved_at": snapshot.get("approved_at") or "",
        "rule_pack": rule_pack,
        "organisation": organisation,
        "client": {
            **client,
            "surname": surname,
            "name_upper": name.upper(),
            "date_of_birth_iso": iso_date(client.get("date_of_birth")),
            "projected_release_iso": iso_date(client.get("projected_release_date")),
            "projected_release_long": long_date(client.get("projected_release_date")),
        },
        "case": {
            **case,
            "district_upper": (case.get("district_name") or "").upper(),
            "sentence_display": months_display(case.get("sentence_months")),
            "current_sentence_display": months_display(case.get("current_sentence_months")),
            "sentence_date_long": long_date(case.get("sentence_date")),
            "sentence_date_iso": iso_date(case.get("sentence_date")),
            "sentence_reduced_long": long_date(case.get("sentence_reduced_on")),
            "sentence_reduced_iso": iso_date(case.get("sentence_reduced_on")),
            "judgment_final_iso": iso_date(case.get("judgment_final_date")),
            "last_2255_iso": iso_date(case.get("last_2255_date")),
            "last_2255_long": long_date(case.get("last_2255_date")),
            "motion_filed_iso": iso_date(case.get("motion_filed_on")),
            "motion_filed_long": long_date(case.get("motion_filed_on")),
            "prior_2255_count": int(case.get("prior_2255_count") or 0),
        },
        "premature_filing": bool(filed_on and earliest and filed_on < earliest),
        "warden": warden_view,
        "threshold": threshold_view,
        "exhaustion": exhaustion_view,
        "arguments": arguments,
        "release_arguments": release,
        # The warden letter's notes: (number in the letter, staff text) of each argument not in the client's words.
        "staff_summaries": [
            (number, argument["text"])
            for number, argument in enumerate(release, start=1)
            if not argument["is_verbatim"]
        ],
        "substantive_release": substantive_release,
        "release_groups": release_groups,
        # The introduction's list of grounds: rehabilitation is never stated as a reason on its own.
        "introduction_grounds": [
            f"{group['label'].lower()} ({', '.join(group['subsections'])})"
            for group in release_groups
            if group["ground"] != "rehabilitation"
        ],
        "only_rehabilitation": bool(release) and not substantive_release,
        "has_medical": any(a["ground"] == "medical" for a in release),
        # Terminal illness: confirmed when staff ticked it on the warden request; otherwise only suggested by the
        # words of a medical ground. The memo is urgent either way; the client's letter states it only if confirmed.
        "terminal_confirmed": terminal_confirmed,
        "terminal_suggested": terminal_words and not terminal_confirmed,
        "has_terminal": terminal_confirmed or terminal_words,
        "collateral_arguments": [a for a in arguments if a["disposition"] == "collateral_attack"],
        "collateral_groups": _group(arguments, "collateral_attack"),
        # A sentence never opens with a numeral: "Eight arguments …".
        "collateral_count_words": _number_word(
            sum(1 for a in arguments if a["disposition"] == "collateral_attack")
        ).capitalize(),
        "foreclosed_arguments": [
            {**a, "reason": _law_or(f"foreclosed.{a['ground']}", "")}
            for a in arguments
            if a["disposition"] == "foreclosed"
        ],
        "other_vehicle_arguments": [
            {**a, "vehicle": _vehicle(a)} for a in arguments if a["disposition"] == "other_vehicle"
        ],
        "undecided_arguments": [a for a in arguments if a["decision"] is None],
        "untriaged_arguments": [a for a in arguments if not a["disposition"]],
        "limitation": limitation,
        "as_of_long": long_date(as_of),
        "known_citations": list(known_citations),
    }


# ---------------------------------------------------------------------------------------------------------------
# The documents
# ---------------------------------------------------------------------------------------------------------------


def _render(
    snapshot: dict,
    template_name: str,
    slug: str,
    *,
    known_citations: list[str],
    content_hash: str | None,
    draft: bool | None,
    law_notices: list[str] = (),
) -> bytes:
    draft = is_draft(snapshot) if draft is None else draft
    context = build_context(
        snapshot,
        draft=draft,
        content_hash=content_hash,
        known_citations=known_citations,
        law_notices=law_notices,
    )
    client = snapshot.get("client") or {}
    case = snapshot.get("case") or {}
    human_title = DOCUMENTS[slug][1]
    title = f"{human_title} — {client.get('name', '')}, No. {case.get('docket_number', '')}"
    organisation = (snapshot.get("organisation") or {}).get("name") or "Safety Valve"
    author = (
        organisation
        if draft or not snapshot.get("approved_by")
        else f"{snapshot['approved_by']}, {organisation}"
    )
    context = {**context, "document_title": human_title}
    if slug in FILINGS:
        return filing_pdf(slug, context, title=title, author=author)
    return render_pdf(template_name, context, draft=draft, title=title, author=author)


TEMPLATES: dict[str, str] = {}


def _document(template_name: str, slug: str, doc: str) -> Callable[..., bytes]:
    """One document's renderer: its template under the shared context, with any law-change notices."""
    TEMPLATES[slug] = template_name

    def renderer(
        snapshot: dict,
        *,
        known_citations: list[str],
        content_hash: str | None,
        draft: bool | None = None,
        law_notices: list[str] = (),
    ) -> bytes:
        return _render(
            snapshot,
            template_name,
            slug,
            known_citations=known_citations,
            content_hash=content_hash,
            draft=draft,
            law_notices=law_notices,
        )

    renderer.__doc__ = doc
    return renderer


render_triage_memo = _document(
    "documents/triage_memo.html",
    "triage-memo",
    "Render the internal triage memo: facts, threshold, issue exhaustion, every argument, recommendations.",
)
# The documents filed with the court, built as blocks (analysis/filings.py) with their notes on a cover sheet.
FILINGS = ("motion", "proposed-order")

render_motion = _document(
    "documents/blocks.html",
    "motion",
    "Render the draft § 3582(c)(1)(A) motion; only compassionate-release grounds ever appear in it.",
)
render_proposed_order = _document(
    "documents/blocks.html",
    "proposed-order",
    "Render the proposed order granting the motion, a separate document for the court to sign.",
)
render_referral_2255 = _document(
    "documents/referral_2255.html",
    "referral-2255",
    "Render the § 2255 referral memo for the collateral-attack arguments.",
)
render_warden_request = _document(
    "documents/warden_request.html",
    "warden-request",
    "Render the request to the warden (28 C.F.R. § 571.61) that starts the 30-day clock.",
)


Renderer = Callable[..., bytes]

#: slug → (renderer, human title, filename suffix)
DOCUMENTS: dict[str, tuple[Renderer, str, str]] = {
    "triage-memo": (render_triage_memo, "Triage memo", "triage-memo"),
    "motion": (render_motion, "Motion for reduction of sentence", "motion"),
    "proposed-order": (render_proposed_order, "Proposed order", "proposed-order"),
    "referral-2255": (render_referral_2255, "§ 2255 referral memo", "referral-2255"),
    "warden-request": (render_warden_request, "Request to the warden", "warden-request"),
}


def document_filename(snapshot: dict, slug: str, ext: str) -> str:
    """Return e.g. ``ferguson-3-04-cr-00013-r1-triage-memo.pdf`` (``draft`` instead of ``r1`` for previews)."""
    name = ((snapshot.get("client") or {}).get("name") or "").split()
    surname = slugify(name[-1]) if name else "client"
    docket_number = (snapshot.get("case") or {}).get("docket_number") or ""
    docket = re.sub(r"[^a-z0-9]+", "-", docket_number.lower()).strip("-") or "no-docket"
    revision = snapshot.get("revision")
    version = f"r{revision}" if revision is not None else "draft"
    suffix = DOCUMENTS[slug][2] if slug in DOCUMENTS else slugify(slug)
    return f"{surname or 'client'}-{docket}-{version}-{suffix}.{ext.lstrip('.')}"


__all__ = [
    "DOCUMENTS",
    "build_context",
    "document_filename",
    "document_text",
    "evidence_segments",
    "html_to_pdf",
    "render_html",
    "render_motion",
    "render_pdf",
    "render_proposed_order",
    "render_referral_2255",
    "render_triage_memo",
    "render_warden_request",
    "snapshot_hash",
]
