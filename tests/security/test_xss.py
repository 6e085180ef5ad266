"""Markup typed into free-text fields is shown as text: escaped in every page, printed literally in every PDF and
in the Word motion.

One case goes from intake to approval through the real views with a hostile payload in every free-text field;
each page is parsed as a browser would, looking for any element or event handler the payload could have
created, and for the payload's exact text where the page shows that field.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client as DjangoClient
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from analysis import documents_service
from analysis.models import Revision
from intake.models import Argument, Case
from tests.factories import make_organisation, make_user

INCH = 72  # points; documents.css gives every page one-inch margins
MARKUP = '<script>alert("x")</script> "><img src=x onerror=alert(1)> {{7*7}} </textarea><b>xss</b>'


def hostile(field: str) -> str:
    """The markup behind a label that names the field and appears nowhere else."""
    return f"xss-{field} {MARKUP}"


NAME = hostile("name")
FACILITY = hostile("facility")
OFFENSES = hostile("offenses")
GROUNDS = hostile("grounds")
MEDICAL = "He has stage IV lung cancer that has spread to his bones. " + hostile("medical")
PLEA = "His lawyer never told him about the plea offer the government made before trial. " + hostile("plea")
REASON = hostile("reason")
NOTE = hostile("note")
STAFF = hostile("staff")  # the intake user's last name, shown wherever her name is
FILING = hostile("filing")  # the document filed, on the Court tab
SEARCH = '<script>alert("q")</script>'
LETTER = "I have stage IV cancer. " + hostile("letter")
PREVIEW = "He has stage IV lung cancer. " + hostile("preview")


class PageParser(HTMLParser):
    """Collect what a browser would build from a page: elements, attributes and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.injected: list[str] = []
        self.text: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self._open = tag
        for name, value in attrs:
            if name.startswith("on"):
                self.injected.append(f"<{tag} {name}={value!r}>")
            if value:
                self.text.append(value)
        if tag == "img" and dict(attrs).get("src") == "x":
            self.injected.append("<img src=x>")

    def handle_data(self, data):
        if self._open == "script" and "alert(" in data:
            self.injected.append(f"<script>{data}</script>")
        if self._open == "b" and data == "xss":
            self.injected.append("<b>xss</b>")
        self.text.append(data)

    def handle_endtag(self, tag):
        self._open = None


def assert_shown_as_text(html: str, *expected: str) -> None:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    assert parser.injected == [], "the page contains markup that came from user input"
    text = "".join(parser.text)
    for value in expected:
        assert value in text, f"{value[:30]!r}… is not shown literally"


def flat(text: str) -> str:
    """Drop whitespace: a line may break at any space or after a "/", and extraction gives the break back."""
    return re.sub(r"\s+", "", text)


def printed(value: str, text: str, gap: int = 120) -> bool:
    """``value`` is in the (whitespace-free) ``text`` literally, except that where a line may break (at a space,
    after a "/") a page break may have put up to ``gap`` characters of the next page's other content, such as
    the labels of a definition list that continues there."""
    pieces = [piece for piece in re.split(r"\s+|(?<=/)", value) if piece]
    return re.search(f".{{0,{gap}}}?".join(map(re.escape, pieces)), text, re.S) is not None


def pdf_body_text(content: bytes) -> str:
    """The text of every page's body, in order, without the rotated DRAFT watermark and the running header and
    footer, which would otherwise land in the middle of a sentence that runs onto the next page."""
    pieces: list[str] = []
    for page in PdfReader(io.BytesIO(content)).pages:
        top, bottom = float(page.mediabox.top) - INCH, float(page.mediabox.bottom) + INCH

        def keep(text, cm, tm, font_dict, font_size, top=top, bottom=bottom):
            a, b, _c, _d, e, f = tm
            _A, B, _C, D, _E, F = cm
            rotated = abs(a * B + b * D) > 1e-6
            y = e * B + f * D + F  # where the text starts on the page, in points from the bottom
            if not rotated and bottom <= y <= top:
                pieces.append(text)

        page.extract_text(visitor_text=keep)
    return flat("".join(pieces))


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat("\n".join(parts))


# --- one case from intake to approval, through the views -----------------------------------------------------


def _ok(response, status: int = 302):
    assert response.status_code == status, response.content.decode()[:2000]
    return response


@pytest.fixture(scope="module")
def journey(django_db_setup, django_db_blocker):
    """Run the case through every form once and keep each page as it was shown, then the stored documents."""
    with django_db_blocker.unblock(), transaction.atomic():
        organisation = make_organisation(name="XSS Defenders")
        alice = make_user(organisation, "alice", role="intake")
        rita = make_user(organisation, "rita", role="reviewer")
        omar = make_user(organisation, "omar", role="admin")
        intake, reviewer, admin = DjangoClient(), DjangoClient(), DjangoClient()
        intake.force_login(alice)
        reviewer.force_login(rita)
        admin.force_login(omar)
        pages: dict[str, str] = {}

        def keep(name: str, response) -> None:
            pages[name] = _ok(response, 200).content.decode()

        _ok(
            admin.post(
                reverse("intake:staff_edit", args=[alice.pk]),
                {
                    "username": "alice",
                    "first_name": "Alice",
                    "last_name": STAFF,
                    "email": "",
                    "role": "intake",
                    "is_active": "on",
                },
            )
        )
        keep("staff list", admin.get(reverse("intake:staff_list")))

        case_fields = {
            "client": "",
            "client-name": NAME,
            "client-register_number": "31234083",
            "client-date_of_birth": "",
            "client-facility": "FCI Butner",
            "client-projected_release_date": "",
            "district": "vaed",
            "docket_number": "3:04-cr-00013",
            "offenses": "21 U.S.C. § 841",
            "sentence_months": "120",
            "sentence_date": "2015-03-02",
            "current_sentence_months": "",
            "sentence_reduced_on": "",
            "judgment_final_date": "",
            "prior_2255_count": "0",
            "last_2255_date": "",
            "motion_filed_on": "",
            "assigned_to": str(alice.pk),
        }
        _ok(intake.post(reverse("intake:case_create"), case_fields))
        case = Case.objects.get(organisation=organisation)
        # Changed after creation, so that the History tab shows them as old -> new values.
        edit = {key: value for key, value in case_fields.items() if key != "client"}
        _ok(
            intake.post(
                reverse("intake:case_edit", args=[case.pk]),
                {**edit, "client-facility": FACILITY, "offenses": OFFENSES},
            )
        )
        _ok(
            intake.post(
                reverse("intake:warden_request_edit", args=[case.pk]),
                {"submitted_on": "2020-05-15", "received_on": "", "grounds": GROUNDS, "response": "pending"},
            )
        )
        add = reverse("intake:argument_create", args=[case.pk])
        _ok(intake.post(add, {"text": "He has stage IV lung cancer.", "source": "client_letter"}))
        _ok(intake.post(add, {"text": PLEA, "source": "client_letter"}))
        medical = case.arguments.get(text="He has stage IV lung cancer.")
        argument_edit = reverse("intake:argument_edit", args=[case.pk, medical.pk])
        keep("argument edit form (before)", intake.get(argument_edit))
        _ok(intake.post(argument_edit, {"text": MEDICAL, "source": "client_letter"}))

        keep("case page (draft)", intake.get(case.get_absolute_url()))
        keep("case edit form", intake.get(reverse("intake:case_edit", args=[case.pk])))
        keep("warden request form", intake.get(reverse("intake:warden_request_edit", args=[case.pk])))
        keep("argument edit form", intake.get(argument_edit))
        keep("case list", intake.get(reverse("intake:case_list")))
        keep("case list search", intake.get(reverse("intake:case_list"), {"q": SEARCH}))
        keep("home (drafts)", intake.get(reverse("intake:home")))
        keep(
            "letter proposals",
            intake.post(reverse("analysis:letter_split", args=[case.pk]), {"letter": LETTER}),
        )
        keep(
            "triage preview",
            intake.post(reverse("analysis:triage_preview", args=[case.pk]), {"text": PREVIEW}),
        )

        _ok(intake.post(reverse("analysis:run_triage", args=[case.pk])))
        keep("case page (triaged)", intake.get(case.get_absolute_url()))
        version = lambda: str(Case.objects.get(pk=case.pk).version)  # noqa: E731
        _ok(intake.post(reverse("analysis:submit_for_review", args=[case.pk]), {"version": version()}))

        keep("review queue", reviewer.get(reverse("analysis:review_queue")))
        keep("review page (in review)", reviewer.get(reverse("analysis:case_review", args=[case.pk])))
        prefix = f"a{medical.pk}"
        _ok(
            reviewer.post(
                reverse("analysis:decide_argument", args=[case.pk, medical.pk]),
                {
                    f"{prefix}-version": version(),
                    f"{prefix}-decision": "override",
                    f"{prefix}-outcome": "compassionate_release/other",
                    f"{prefix}-reason": REASON,
                },
            )
        )
        plea = case.arguments.get(text=PLEA)
        _ok(
            reviewer.post(
                reverse("analysis:decide_argument", args=[case.pk, plea.pk]),
                {f"a{plea.pk}-version": version(), f"a{plea.pk}-decision": "accept"},
            )
        )
        _ok(
            reviewer.post(
                reverse("analysis:request_changes", args=[case.pk]), {"version": version(), "comment": NOTE}
            )
        )
        keep("home (sent back)", intake.get(reverse("intake:home")))
        _ok(intake.post(reverse("analysis:submit_for_review", args=[case.pk]), {"version": version()}))
        _ok(
            reviewer.post(
                reverse("analysis:approve", args=[case.pk]),
                {"version": version(), "threshold_acknowledged": "on"},
            )
        )
        assert Case.objects.get(pk=case.pk).status == "approved"

        keep("review page (approved)", reviewer.get(reverse("analysis:case_review", args=[case.pk])))
        keep("case page (approved)", intake.get(case.get_absolute_url()))
        keep("history", intake.get(reverse("intake:case_history", args=[case.pk])))
        _ok(
            intake.post(
                reverse("analysis:filing_create", args=[case.pk]),
                # Filed the day it was approved: a motion cannot come before its revision.
                {
                    "filed_on": f"{Revision.objects.get(case=case).approved_on}",
                    "docket_entry": "12",
                    "document": FILING,
                },
            )
        )
        keep("court page", intake.get(reverse("analysis:court", args=[case.pk])))
        previews = {
            slug: intake.get(reverse("analysis:document_preview", args=[case.pk, slug])).content
            for slug in documents_service.document_slugs()
        }
        revision = Revision.objects.get(case=case)
        stored = {document.slug: bytes(document.content) for document in revision.documents.all()}
        refused = intake.post(
            reverse("intake:case_create"),
            {
                **case_fields,
                "client-register_number": SEARCH,
                "docket_number": SEARCH,
                "client-name": "Other",
            },
        )
        keep("refused case form", refused)
        yield {
            "pages": pages,
            "stored": stored,
            "previews": previews,
            "arguments": list(Argument.objects.all()),
        }
        transaction.set_rollback(True)


PAGES = {
    "staff list": [STAFF],
    "argument edit form (before)": [NAME],
    "case page (draft)": [NAME, FACILITY, OFFENSES, GROUNDS, MEDICAL, PLEA, STAFF],
    "case edit form": [NAME, FACILITY, OFFENSES],
    "warden request form": [NAME, GROUNDS],
    "argument edit form": [NAME, MEDICAL],
    "case list": [NAME],
    "case list search": [SEARCH],
    "home (drafts)": [NAME],
    "letter proposals": [NAME, "I have stage IV cancer.", MARKUP],
    "triage preview": ["He has stage IV lung cancer"],  # the engine's evidence, quoted from the text
    "case page (triaged)": [NAME, MEDICAL, PLEA],
    "review queue": [NAME],
    "review page (in review)": [NAME, MEDICAL, PLEA],
    "home (sent back)": [NAME, NOTE],
    "review page (approved)": [NAME, MEDICAL, PLEA, REASON, NOTE],
    "case page (approved)": [NAME, FACILITY, OFFENSES, GROUNDS, MEDICAL, PLEA],
    "history": [NAME, FACILITY, OFFENSES, MEDICAL, STAFF],
    "court page": [NAME, FILING],
    "refused case form": [SEARCH],
}


def test_every_page_of_the_journey_is_checked(journey):
    assert set(journey["pages"]) == set(PAGES)


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_show_markup_from_users_as_text(journey, db, page):
    assert_shown_as_text(journey["pages"][page], *PAGES[page])


# What each document prints of the case (see templates/documents/ and analysis/docx_export.py): the motion and
# the warden request carry compassionate-release arguments only, the referral the § 2255 ones. This case has a
# § 2255 referral, so the motion leaves the offence description to the attorney (#12 item 4) and prints no
# OFFENSES; the proposed order names the defendant in its caption.
DOCUMENTS = {
    "triage-memo": [NAME, FACILITY, OFFENSES, GROUNDS, MEDICAL, PLEA, REASON],
    "motion": [NAME, FACILITY, GROUNDS, MEDICAL],
    "referral-2255": [NAME, PLEA],
    "warden-request": [NAME, FACILITY, MEDICAL],
    "motion-docx": [NAME, FACILITY, GROUNDS, MEDICAL],
    "proposed-order": [NAME.upper()],  # only in the caption, in capitals
}


def test_every_document_is_checked(journey):
    assert set(journey["stored"]) == set(DOCUMENTS)
    assert set(journey["previews"]) == set(DOCUMENTS)


def _document_text(slug: str, content: bytes) -> str:
    return docx_text(content) if slug.endswith("docx") else pdf_body_text(content)


@pytest.mark.parametrize("stage", ["stored", "previews"])
@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_documents_print_markup_from_users_literally(journey, db, stage, slug):
    text = _document_text(slug, journey[stage][slug])
    for value in DOCUMENTS[slug]:
        found = flat(value) in text if slug.endswith("docx") else printed(value, text)
        assert found, f"{value[:30]!r}… is not printed literally in {slug} ({stage})"
