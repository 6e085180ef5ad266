"""Render, store and serve documents: draft previews from the live case, finals once per approved revision."""

import hashlib

from analysis import engine, snapshot
from analysis.models import Revision, StoredDocument
from intake.models import Case

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MOTION_DOCX = "motion-docx"


def known_citations() -> list[str]:
    """The citations the rule pack vouches for; anything else in a document is flagged for verification."""
    return [authority.cite for authority in engine.current_rule_pack().authorities.values()]


def document_slugs() -> list[str]:
    return [slug for slug, _title in document_titles()]


def document_titles() -> list[tuple[str, str]]:
    """(slug, title) of every document a case can produce, in the order staff see them."""
    from analysis import documents

    titles = [(slug, f"{title} (PDF)") for slug, (_renderer, title, _suffix) in documents.DOCUMENTS.items()]
    return [*titles, (MOTION_DOCX, "Motion for reduction of sentence (Word, editable)")]


def render(snapshot_data: dict, slug: str, *, content_hash: str | None) -> tuple[bytes, str, str]:
    """Return (content, content type, file name) of one document for a snapshot (draft when no revision)."""
    from analysis import documents, docx_export

    draft = snapshot_data.get("revision") is None
    if slug == MOTION_DOCX:
        content = docx_export.render_motion_docx(snapshot_data, draft=draft)
        return content, DOCX, documents.document_filename(snapshot_data, "motion", "docx")
    if slug not in documents.DOCUMENTS:
        raise KeyError(slug)
    renderer = documents.DOCUMENTS[slug][0]
    content = renderer(snapshot_data, known_citations=known_citations(), content_hash=content_hash)
    return content, PDF, documents.document_filename(snapshot_data, slug, "pdf")


def render_draft(case: Case, slug: str) -> tuple[bytes, str, str]:
    return render(snapshot.build_snapshot(case), slug, content_hash=None)


def store_revision_documents(revision: Revision) -> list[StoredDocument]:
    """Render every document of an approved revision once and keep the bytes."""
    stored = []
    for slug in document_slugs():
        content, content_type, filename = render(revision.snapshot, slug, content_hash=revision.content_hash)
        stored.append(
            StoredDocument.objects.create(
                revision=revision,
                slug=slug,
                filename=filename,
                content_type=content_type,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            )
        )
    return stored
