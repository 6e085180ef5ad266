"""Exhibits (PDFs staff upload to a case) and the filing packet that merges them behind the motion.

Uploads are checked here, not trusted: a real PDF (its magic bytes, and pypdf can open it), not encrypted,
within ``EXHIBIT_MAX_BYTES`` and ``EXHIBIT_MAX_PAGES``. The file is stored under MEDIA_ROOT with a random name
(``analysis.models.exhibit_path``). Every change locks the case and requires it to be editable, like arguments:
an approved revision's exhibits list must not change under it.

The filing packet is the motion, the exhibits list, then every exhibit in order, each sealed exhibit replaced by
one placeholder page. Its size is bounded (``PACKET_MAX_PAGES``, ``PACKET_MAX_BYTES``) before any work is done.
"""

import hashlib
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from analysis.models import Exhibit
from intake.models import Case, User
from intake.services import lock_editable_case

PDF_MAGIC = b"%PDF-"


class PacketTooLarge(ValidationError):
    """The packet would exceed its bounds; nothing was rendered."""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_pdf(upload: UploadedFile) -> tuple[int, str]:
    """Return (pages, sha256) of an uploaded PDF, or raise ValidationError saying what is wrong with it."""
    if upload.size > settings.EXHIBIT_MAX_BYTES:
        raise ValidationError(
            f"This file is {_megabytes(upload.size)}; an exhibit can be at most "
            f"{_megabytes(settings.EXHIBIT_MAX_BYTES)}. Split it or reduce its scan resolution."
        )
    upload.seek(0)
    content = upload.read()
    if not content.startswith(PDF_MAGIC):
        raise ValidationError("This file is not a PDF. Upload the exhibit as a PDF file.")
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                "This PDF is password-protected or encrypted; upload an unprotected copy so it can be filed."
            )
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        # pypdf raises assorted errors on damaged files; every one of them means "not a usable PDF".
        raise ValidationError("This PDF is damaged and cannot be read; upload a fresh copy.") from error
    if pages == 0:
        raise ValidationError("This PDF has no pages.")
    if pages > settings.EXHIBIT_MAX_PAGES:
        raise ValidationError(
            f"This PDF has {pages} pages; an exhibit can have at most {settings.EXHIBIT_MAX_PAGES}. Split it."
        )
    upload.seek(0)
    return pages, hashlib.sha256(content).hexdigest()


def sealed_for(kind: str, choice: str) -> bool:
    """The sealed flag from the form's choice: "yes", "no", or "" for the type's default (medical records)."""
    if choice in ("yes", "no"):
        return choice == "yes"
    return kind in Exhibit.SEALED_BY_DEFAULT


@transaction.atomic
def add_exhibit(*, case: Case, upload: UploadedFile, title: str, dated, kind: str, sealed: bool, by: User):
    """Check the upload, then store it as the case's last exhibit."""
    try:
        pages, sha256 = check_pdf(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    case = lock_editable_case(case.pk)
    count = case.exhibits.count()
    if count >= settings.EXHIBITS_PER_CASE:
        raise ValidationError(f"A case can have at most {settings.EXHIBITS_PER_CASE} exhibits.")
    exhibit = Exhibit(
        case=case,
        position=count + 1,
        title=title,
        dated=dated,
        kind=kind,
        sealed=sealed,
        size=upload.size,
        pages=pages,
        sha256=sha256,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    # Only the extension of the name given here is kept; exhibit_path chooses the stored name.
    exhibit.file.save("exhibit.pdf", upload, save=False)
    try:
        exhibit.save()
    except Exception:
        exhibit.file.delete(save=False)  # no file without its row
        raise
    return exhibit


@transaction.atomic
def delete_exhibit(*, exhibit: Exhibit) -> None:
    """Delete an exhibit and close the gap in the numbering (its file goes once the deletion commits)."""
    lock_editable_case(exhibit.case_id)
    Exhibit.objects.filter(case_id=exhibit.case_id, position__gt=exhibit.position).update(
        position=F("position") - 1
    )
    exhibit.delete()


@transaction.atomic
def move_exhibit(*, exhibit: Exhibit, up: bool) -> None:
    """Swap an exhibit with its neighbour; the first cannot go up, the last cannot go down (no change)."""
    lock_editable_case(exhibit.case_id)
    exhibits = list(Exhibit.objects.filter(case_id=exhibit.case_id))
    index = next(i for i, other in enumerate(exhibits) if other.pk == exhibit.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(exhibits):
        return
    ordered = exhibits[:]
    ordered[index], ordered[other_index] = ordered[other_index], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@receiver(post_delete, sender=Exhibit)
def _remove_file(sender, instance: Exhibit, **kwargs) -> None:
    """A deleted exhibit (also one deleted with its case) leaves no file behind, once the deletion commits."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- The filing packet -----------------------------------------------------------------------------------------


def exhibit_rows(case: Case) -> list[dict]:
    """The exhibits list: number, title, date, type and sealed flag of each exhibit, in order."""
    return [
        {
            "number": number,
            "title": exhibit.title,
            "dated": exhibit.dated.isoformat() if exhibit.dated else None,
            "kind": exhibit.get_kind_display(),
            "sealed": exhibit.sealed,
        }
        for number, exhibit in enumerate(case.exhibits.all(), start=1)
    ]


def check_packet_bounds(exhibits: list[Exhibit], motion_pages: int) -> None:
    """Refuse a packet over its page or size bounds, before reading any exhibit."""
    filed = [exhibit for exhibit in exhibits if not exhibit.sealed]
    pages = motion_pages + 1 + sum(exhibit.pages for exhibit in filed) + (len(exhibits) - len(filed))
    size = sum(exhibit.size for exhibit in filed)
    if pages > settings.PACKET_MAX_PAGES:
        raise PacketTooLarge(
            f"The filing packet would have {pages} pages; the limit is {settings.PACKET_MAX_PAGES}. "
            "Download the motion and the exhibits separately, or file the largest exhibits on their own."
        )
    if size > settings.PACKET_MAX_BYTES:
        raise PacketTooLarge(
            f"The exhibits in the filing packet come to {_megabytes(size)}; the limit is "
            f"{_megabytes(settings.PACKET_MAX_BYTES)}. Download the motion and the exhibits separately."
        )


def _render_page(template_name: str, context: dict) -> PdfReader:
    from analysis import documents

    return PdfReader(io.BytesIO(documents.html_to_pdf(render_to_string(template_name, context))))


def _exhibits_list(case: Case, context: dict):
    from django.utils.safestring import mark_safe

    from analysis import blocks, filings

    document = filings.build_exhibits_list(case.client.name, case.docket_number, context["exhibits"])
    # Safe: blocks.to_html escapes every run itself.
    return mark_safe(blocks.to_html(document, filings.authorities()))  # noqa: S308


def filing_start(motion: PdfReader) -> int:
    """The index of the motion's first filed page: after the cover sheet (its pages say so in their footer)."""
    from analysis.blocks import COVER_SHEET_FOOTER

    for index, page in enumerate(motion.pages):
        if COVER_SHEET_FOOTER not in (page.extract_text() or ""):
            return index
    return len(motion.pages)


def build_packet(case: Case, motion_pdf: bytes) -> bytes:
    """Merge the motion, the exhibits list and the exhibits (sealed ones as a placeholder page) into one PDF."""
    exhibits = list(case.exhibits.all())
    motion = PdfReader(io.BytesIO(motion_pdf))
    check_packet_bounds(exhibits, len(motion.pages))
    context = {"case": case, "client": case.client, "exhibits": exhibit_rows(case)}
    writer = PdfWriter()
    # The cover sheet of attorney notes is for the attorney, never the court: the packet starts at the filing.
    writer.append(motion, pages=(filing_start(motion), len(motion.pages)))
    writer.append(
        _render_page("documents/exhibits_list.html", {**context, "body": _exhibits_list(case, context)})
    )
    for row, exhibit in zip(context["exhibits"], exhibits, strict=True):
        if exhibit.sealed:
            writer.append(_render_page("documents/sealed_exhibit.html", {**context, "exhibit": row}))
        else:
            with exhibit.file.open("rb") as stored:
                writer.append(PdfReader(io.BytesIO(stored.read())))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def packet_motion(case: Case) -> tuple[bytes, int | None]:
    """(PDF, revision number) of the motion a packet starts with: the approved revision's stored motion when the
    case is approved, otherwise a DRAFT rendered from the case as it is now (revision None)."""
    from analysis import documents_service

    if case.status == Case.Status.APPROVED:
        revision = case.revisions.order_by("-number").first()
        stored = revision.documents.filter(slug="motion").first() if revision else None
        if stored is not None:
            return bytes(stored.content), revision.number
    return documents_service.render_draft(case, "motion")[0], None


def packet_for(case: Case) -> tuple[bytes, str]:
    """(content, file name) of the case's filing packet."""
    from analysis import documents

    motion, revision = packet_motion(case)
    content = build_packet(case, motion)
    snapshot = {
        "client": {"name": case.client.name},
        "case": {"docket_number": case.docket_number},
        "revision": revision,
    }
    return content, documents.document_filename(snapshot, "filing-packet", "pdf")
