"""Plain factory functions with keyword overrides (no factory_boy until these get unwieldy)."""

import itertools
from datetime import date, datetime, time

from intake.models import Argument, Case, Client, Organisation, User, WardenRequest

_sequence = itertools.count(1)


def make_organisation(name: str | None = None, **overrides) -> Organisation:
    return Organisation.objects.create(name=name or f"Organisation {next(_sequence)}", **overrides)


def make_user(organisation: Organisation, username: str, role: str = "intake", **overrides) -> User:
    user = User(
        username=username, organisation=organisation, role=role, first_name=username.title(), **overrides
    )
    user.set_password("correct-horse-battery-staple")
    user.save()
    return user


def make_client(organisation: Organisation, **overrides) -> Client:
    n = next(_sequence)
    fields = {"name": f"Client {n}", "register_number": f"{10000 + n:05d}-{n % 1000:03d}", **overrides}
    client = Client(organisation=organisation, **fields)
    client.full_clean()
    client.save()
    return client


def make_case(organisation: Organisation, client: Client | None = None, **overrides) -> Case:
    n = next(_sequence)
    fields = {
        "district": "vaed",
        "docket_number": f"3:{n % 100:02d}-cr-{n:05d}",
        "sentence_months": 120,
        "sentence_date": date(2015, 3, 2),
        **overrides,
    }
    case = Case(organisation=organisation, client=client or make_client(organisation), **fields)
    case.full_clean()
    case.save()
    return case


def make_warden_request(case: Case, **overrides) -> WardenRequest:
    fields = {"submitted_on": date(2020, 5, 15), **overrides}
    warden_request = WardenRequest(case=case, **fields)
    warden_request.full_clean()
    warden_request.save()
    return warden_request


def make_argument(case: Case, text: str = "He has stage IV lung cancer.", **overrides) -> Argument:
    order = overrides.pop("order", case.arguments.count())
    argument = Argument(case=case, text=text, order=order, **overrides)
    argument.full_clean()
    argument.save()
    return argument


# --- Triage and review (analysis) -----------------------------------------------------------------------------

THREE_CLAIMS = (
    "He has stage IV lung cancer that has spread to his bones.",
    "His lawyer never told him about the plea offer the government made before trial.",
    "The BOP still has not applied his First Step Act time credits to his release date.",
)


def make_triaged_case(
    organisation: Organisation,
    *,
    created_by: User,
    texts: tuple[str, ...] | list[str] = THREE_CLAIMS,
    warden_request: dict | None = None,
    **overrides,
) -> Case:
    """A draft case with a warden request and ``texts`` as its arguments, triaged by ``created_by``."""
    from analysis import triage

    case = make_case(organisation, created_by=created_by, **overrides)
    make_warden_request(case, **(warden_request or {}))
    for text in texts:
        make_argument(case, text=text)
    triage.run_triage(case=case, by=created_by)
    case.refresh_from_db()
    return case


def make_case_in_review(organisation: Organisation, *, created_by: User, **kwargs) -> Case:
    """A triaged case submitted for review through the review service."""
    from analysis import review

    case = make_triaged_case(organisation, created_by=created_by, **kwargs)
    review.submit_for_review(case=case, by=created_by)
    case.refresh_from_db()
    return case


def accept_every_argument(case: Case, by: User) -> None:
    """Accept the engine's assessment of every argument, needs_review or not (a reviewer looked at each)."""
    from analysis import review

    for argument in case.arguments.all():
        review.decide_argument(argument=argument, by=by, accept=True)
    case.refresh_from_db()


# Triaged under the pack in force before Rutherford (2025.07.01), the 4th Circuit read this as a
# compassionate-release "other" reason under McCoy; the current pack forecloses it.
CHANGE_IN_LAW_CLAIM = (
    "If he were sentenced today, after the First Step Act ended § 924(c) stacking, his two 924(c) counts would "
    "carry 10 years instead of 32."
)
BEFORE_RUTHERFORD = date(2026, 3, 10)


def make_approved_case(
    organisation: Organisation,
    *,
    created_by: User,
    approved_by: User,
    texts: tuple[str, ...] | list[str] = THREE_CLAIMS,
    triage_as_of: date | None = None,
    render_documents: bool = True,
    warden_request: dict | None = None,
    approved_on: date | None = None,
    **overrides,
) -> Case:
    """A case triaged (under the pack in force on ``triage_as_of``), reviewed and approved as revision 1.

    ``render_documents=False`` skips WeasyPrint for tests that do not look at the documents; ``approved_on``
    back-dates the approval (``backdate_approval``).
    """
    from unittest import mock

    from analysis import review, triage

    case = make_case(organisation, created_by=created_by, **overrides)
    make_warden_request(case, **(warden_request or {}))
    for text in texts:
        make_argument(case, text=text)
    triage.run_triage_unassessed(case=case, by=created_by, as_of=triage_as_of)
    review.submit_for_review(case=case, by=created_by)
    accept_every_argument(case, approved_by)
    if render_documents:
        review.approve(case=case, by=approved_by, threshold_acknowledged=True)
    else:
        with mock.patch("analysis.documents_service.store_revision_documents"):
            review.approve(case=case, by=approved_by, threshold_acknowledged=True)
    if approved_on is not None:
        backdate_approval(case, approved_on)
    case.refresh_from_db()
    return case


def backdate_approval(case: Case, approved_on: date) -> None:
    """Move the approval of the case's revisions to noon of ``approved_on``, the organisation's time.

    For stories whose motion was filed in the past: a motion cannot be filed before its revision was approved.
    A revision is immutable through save(); this updates the row, as the demo does."""
    from analysis.models import Revision

    approved_at = datetime.combine(approved_on, time(12), tzinfo=case.organisation.zone)
    Revision.objects.filter(case=case).update(approved_at=approved_at)


def make_pdf(*page_texts: str) -> bytes:
    """A real PDF with one page per text (rendered by WeasyPrint, so pypdf reads the text back)."""
    from weasyprint import HTML

    body = "".join(f'<p style="break-after: page">{text}</p>' for text in page_texts or ("Exhibit page",))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def make_exhibit(case: Case, by: User, *, content: bytes | None = None, title: str = "Exhibit", **overrides):
    """Store an exhibit through the service (the same checks as an upload)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from analysis import exhibits

    fields = {"title": title, "dated": date(2024, 5, 1), "kind": "other", "sealed": False, **overrides}
    upload = SimpleUploadedFile("upload.pdf", content or make_pdf(title), content_type="application/pdf")
    return exhibits.add_exhibit(case=case, upload=upload, by=by, **fields)
