"""Render, store and serve documents: draft previews from the live case, finals once per approved revision."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError

from analysis import engine, snapshot
from analysis.models import LawChange, Revision, StoredDocument
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


class DocumentTooLarge(ValidationError):
    """The case holds more than a document may (a ValidationError, so an approval refuses with its message)."""


def snapshot_size(snapshot_data: dict) -> tuple[int, int]:
    """(arguments, characters of their text and of the reviewers' reasons): what a render's time grows with."""
    arguments = snapshot_data.get("arguments") or []
    characters = sum(
        len(argument.get("text") or "") + len((argument.get("decision") or {}).get("reason") or "")
        for argument in arguments
    )
    return len(arguments), characters


def ensure_renderable(snapshot_data: dict) -> None:
    """Refuse, with what to do about it, a snapshot too large to render in bounded time."""
    arguments, characters = snapshot_size(snapshot_data)
    max_arguments, max_characters = settings.MAX_ARGUMENTS_PER_CASE, settings.MAX_DOCUMENT_CHARACTERS
    if arguments > max_arguments or characters > max_characters:
        raise DocumentTooLarge(
            f"This case is too large for its documents: {arguments} arguments with {characters:,} characters "
            f"of text and reasons, where a document holds at most {max_arguments} arguments and "
            f"{max_characters:,} characters. Merge or shorten arguments, then try again.",
            code="document_too_large",
        )


def render(
    snapshot_data: dict, slug: str, *, content_hash: str | None, law_notices: list[str] = ()
) -> tuple[bytes, str, str]:
    """Return (content, content type, file name) of one document for a snapshot (draft when no revision)."""
    from analysis import documents, docx_export

    ensure_renderable(snapshot_data)
    draft = snapshot_data.get("revision") is None
    if slug == MOTION_DOCX:
        content = docx_export.render_motion_docx(snapshot_data, draft=draft, law_notices=law_notices)
        return content, DOCX, documents.document_filename(snapshot_data, "motion", "docx")
    if slug not in documents.DOCUMENTS:
        raise KeyError(slug)
    renderer = documents.DOCUMENTS[slug][0]
    content = renderer(
        snapshot_data, known_citations=known_citations(), content_hash=content_hash, law_notices=law_notices
    )
    return content, PDF, documents.document_filename(snapshot_data, slug, "pdf")


def pending_law_notices(case: Case) -> list[str]:
    """One sentence per law change still waiting for a reviewer's decision on this case."""
    changes = LawChange.objects.filter(case=case, status=LawChange.Status.PENDING).select_related("argument")
    positions = {pk: n for n, pk in enumerate(case.arguments.values_list("pk", flat=True), start=1)}
    return [
        f"Law change waiting for a reviewer: argument {positions.get(change.argument_id, '?')} was "
        f"{change.old_disposition.replace('_', ' ')} / {change.old_ground.replace('_', ' ')} under rule pack "
        f"{change.old_rule_pack_version}; rule pack {change.new_rule_pack_version} assesses it as "
        f"{change.new_disposition.replace('_', ' ')} / {change.new_ground.replace('_', ' ')}."
        for change in changes
    ]


def final_document(document: StoredDocument) -> tuple[bytes, str, str]:
    """An approved revision's document as it may be handed out now.

    The stored bytes while no law change waits for a decision; otherwise the same revision rendered again with
    a first-page notice naming each pending change (the stored bytes stay untouched).
    """
    revision = document.revision
    notices = pending_law_notices(revision.case)
    if not notices:
        return bytes(document.content), document.content_type, document.filename
    return render(revision.snapshot, document.slug, content_hash=revision.content_hash, law_notices=notices)


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
