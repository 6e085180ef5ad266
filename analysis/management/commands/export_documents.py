from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from analysis import documents_service, exhibits, triage
from analysis.snapshot import build_snapshot
from intake.models import Case

FILE_NAMES = {
    "triage-memo": "triage-memo.pdf",
    "motion": "motion.pdf",
    "motion-docx": "motion.docx",
    "proposed-order": "proposed-order.pdf",
    "referral-2255": "referral-2255.pdf",
    "warden-request": "warden-request.pdf",
}
PACKET = "filing-packet.pdf"


class Command(BaseCommand):
    help = (
        "Write a case's documents to a folder: the latest approved revision's stored documents, or with --draft "
        "the current state (triaging arguments that have no assessment yet), watermarked DRAFT. With --packet, also "
        f"{PACKET}: that motion, the exhibits list and the exhibits (sealed ones as a placeholder page)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("case_id", type=int)
        parser.add_argument(
            "--out", required=True, type=Path, help="folder to write into (created if missing)"
        )
        parser.add_argument("--draft", action="store_true", help="render the current state as a DRAFT")
        parser.add_argument("--packet", action="store_true", help=f"also write the filing packet ({PACKET})")

    def handle(self, *args, case_id: int, out: Path, draft: bool, packet: bool, **options) -> None:
        case = Case.objects.select_related("client", "organisation").filter(pk=case_id).first()
        if case is None:
            raise CommandError(f"No case with id {case_id}.")
        out.mkdir(parents=True, exist_ok=True)
        if draft:
            if case.arguments.filter(assessment__isnull=True).exists():
                triage.run_triage_unassessed(case=case)
            frozen = build_snapshot(case)
            files = {
                slug: documents_service.render(frozen, slug, content_hash=None)[0] for slug in FILE_NAMES
            }
        else:
            revision = case.revisions.order_by("-number").first()
            if revision is None:
                raise CommandError(f"Case {case_id} has no approved revision; use --draft for a preview.")
            # With a law change pending, the documents carry a first-page notice (as the download does).
            files = {
                document.slug: documents_service.final_document(document)[0]
                for document in revision.documents.all()
            }
        names = {FILE_NAMES[slug]: content for slug, content in files.items()}
        if packet:
            try:
                names[PACKET] = exhibits.build_packet(case, files["motion"])
            except exhibits.PacketTooLarge as error:
                raise CommandError(" ".join(error.messages)) from error
        for name, content in names.items():
            path = out / name
            path.write_bytes(content)
            self.stdout.write(f"wrote {path} ({len(content):,} bytes)")
