"""Benchmark: render the Ferguson triage memo, and compare with bare WeasyPrint on the same HTML (the floor).

Run: .venv/bin/python tests/bench/bench_documents.py   (prints figures; targets are printed, never asserted)

- first render in a fresh process: the one-off cost (stylesheet parse, font registration, eyecite warm-up);
- "cold render": a full render of the memo (snapshot → context → two template passes → table of authorities →
  PDF), nothing served from storage, median of several in one process;
- the same with the citation cache cleared, so eyecite re-reads every paragraph;
- the floor: the memo's final HTML rendered by bare ``HTML(string=...).write_pdf()`` with the same stylesheet,
  once plain and once as PDF/UA-1 (what the app writes). Target: median < 1 s, ratio to the floor ≤ 1.2;
- the motion, built once as blocks: its PDF (two layouts when an authority is cited on several pages, so the
  table of authorities can list each page once) beside bare WeasyPrint on its final HTML, and its DOCX.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DEBUG"] = "true"

import django  # noqa: E402

django.setup()

from weasyprint import HTML  # noqa: E402

from analysis import citations, documents, docx_export  # noqa: E402
from tests.analysis.test_documents import KNOWN_CITATIONS, ferguson_snapshot  # noqa: E402

RUNS = 7


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median_of(function, runs: int = RUNS) -> float:
    return statistics.median(timed(function)[0] for _ in range(runs))


def main() -> None:
    snapshot = ferguson_snapshot(revision=1)

    def render_memo() -> bytes:
        return documents.render_triage_memo(snapshot, known_citations=KNOWN_CITATIONS, content_hash="0" * 64)

    first, pdf = timed(render_memo)
    median = median_of(render_memo)

    def render_memo_uncached_citations() -> bytes:
        citations._extract_block.cache_clear()
        return render_memo()

    median_toa_cold = median_of(render_memo_uncached_citations)

    context = documents.build_context(
        snapshot, draft=False, content_hash="0" * 64, known_citations=KNOWN_CITATIONS
    )
    html = documents.render_html(
        "documents/triage_memo.html",
        {**context, "document_title": "Triage memo"},
        draft=False,
        title="Triage memo",
        author="Demo Federal Defender",
    )
    base_url = documents.STATIC_DIR.as_uri() + "/"
    stylesheet = str(documents.STYLESHEET)
    floor = median_of(lambda: HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet]))
    floor_ua = median_of(
        lambda: HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
        )
    )
    html_only = median_of(
        lambda: documents.render_html(
            "documents/triage_memo.html",
            {**context, "document_title": "Triage memo"},
            draft=False,
            title="Triage memo",
            author="Demo Federal Defender",
        )
    )

    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf)).pages)
    print(f"triage memo (Ferguson): {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(f"  first render in a fresh process      {first * 1000:8.0f} ms")
    print(f"  cold render, median of {RUNS}             {median * 1000:8.0f} ms   (target < 1000 ms)")
    print(f"  cold render, citation cache cleared  {median_toa_cold * 1000:8.0f} ms")
    print(f"  of which HTML + table of authorities {html_only * 1000:8.0f} ms")
    print(f"  floor: bare WeasyPrint, same HTML    {floor * 1000:8.0f} ms")
    print(f"  floor: bare WeasyPrint, PDF/UA-1     {floor_ua * 1000:8.0f} ms")
    print(f"  ratio to the plain floor             {median / floor:8.2f}     (target <= 1.2)")
    print(f"  ratio to the PDF/UA-1 floor          {median / floor_ua:8.2f}")

    bench_motion(snapshot, base_url, stylesheet)


def bench_motion(snapshot: dict, base_url: str, stylesheet: str) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    def render_motion() -> bytes:
        return documents.render_motion(snapshot, known_citations=KNOWN_CITATIONS, content_hash="0" * 64)

    pdf = render_motion()
    median = median_of(render_motion)
    context = documents.build_context(
        snapshot, draft=False, content_hash="0" * 64, known_citations=KNOWN_CITATIONS
    )
    html = documents.document_html(
        "motion", context, draft=False, title="Motion", author="Demo Federal Defender"
    )
    floor_ua = median_of(
        lambda: HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
        )
    )
    docx = median_of(lambda: docx_export.render_motion_docx(snapshot, draft=False))
    pages = len(PdfReader(BytesIO(pdf)).pages)
    print(f"motion (Ferguson): {pages} pages (cover sheet included), {len(pdf) / 1024:.0f} KiB")
    print(f"  PDF, median of {RUNS}                     {median * 1000:8.0f} ms")
    print(
        f"  floor: bare WeasyPrint, PDF/UA-1     {floor_ua * 1000:8.0f} ms   (one layout of the final HTML)"
    )
    print(f"  ratio to the PDF/UA-1 floor          {median / floor_ua:8.2f}")
    print(f"  DOCX, median of {RUNS}                    {docx * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
