"""Triage and review pages. Thin: parse, call one service or query, render."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from analysis import court as court_service
from analysis import dashboards, documents_service, exhibits, panels, retriage, review, triage
from analysis.forms import (
    CHANGED_MEANWHILE,
    ApproveForm,
    DecisionForm,
    ExhibitForm,
    ExhibitMoveForm,
    FilingForm,
    LawChangeDecisionForm,
    LetterForm,
    LetterItem,
    LetterKeepForm,
    PreviewForm,
    RequestChangesForm,
    ResponseForm,
    RulingForm,
    VersionedForm,
)
from analysis.models import Exhibit, Filing, LawChange, StoredDocument
from config.forms import add_model_errors
from intake import queries
from intake.http import HtmxRequest
from intake.models import ARGUMENT_MAX_LENGTH, Case, WardenRequest
from intake.permissions import editor_required, member_required, reviewer_required
from intake.services import ensure_editable

REVIEW_QUEUE_PAGE_SIZE = 50
logger = logging.getLogger(__name__)


@require_POST
@editor_required
def run_triage(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    try:
        assessments = triage.run_triage(case=case, by=request.user)
    except ValidationError as error:  # an incomplete draft
        messages.error(request, " ".join(error.messages))
        return redirect(case)
    messages.success(
        request, f"Triage ran on {len(assessments)} argument{'s' if len(assessments) != 1 else ''}."
    )
    return redirect(case)


@require_POST
@editor_required
def triage_preview(request: HtmxRequest, pk: int) -> HttpResponse:
    """Show the engine's reading of an argument while it is typed; saves nothing."""
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = PreviewForm(request.POST)
    result = None
    if form.is_valid() and form.cleaned_data["text"]:
        result = triage.classify_argument(form.cleaned_data["text"], case.circuit)
    return render(
        request,
        "analysis/triage_preview.html",
        {"case": case, "result": result, "too_long": not form.is_valid(), "limit": ARGUMENT_MAX_LENGTH},
    )


@require_http_methods(["GET", "POST"])
@editor_required
def letter_split(request: HtmxRequest, pk: int) -> HttpResponse:
    """Paste a client's letter, review the proposed arguments, keep the ones that are right."""
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    ensure_editable(case)
    if request.method == "POST" and request.POST.get("action") == "keep":
        return _keep_from_letter(request, case)
    form = LetterForm(request.POST or None)
    items: list[LetterItem] = []
    if request.method == "POST" and form.is_valid():
        proposals, dropped = triage.propose_arguments(form.cleaned_data["letter"], case.circuit)
        items = [LetterItem(text, keep=True, reading=reading) for text, reading in proposals]
        items += [LetterItem(sentence.text, keep=False, reason=sentence.reason) for sentence in dropped]
        if not items:
            form.add_error(
                "letter", "No claim was found in this letter; add the arguments one by one instead."
            )
    return _letter_page(request, case, form, items, LetterKeepForm())


def _keep_from_letter(request: HtmxRequest, case: Case) -> HttpResponse:
    """Keep the ticked arguments, all or none; refused, the page comes back as posted with the errors."""
    keep_form = LetterKeepForm(request.POST)
    if keep_form.is_valid():
        texts = [item.text for item in keep_form.kept_items()]
        try:
            triage.keep_proposed_arguments(
                case=case, texts=texts, by=request.user, verbatim=keep_form.cleaned_data["verbatim"]
            )
        except ValidationError as error:
            keep_form.add_error(None, error.messages)  # a model's field errors say what is wrong on their own
        else:
            messages.success(
                request, f"Added {len(texts)} argument{'s' if len(texts) != 1 else ''} from the letter."
            )
            return redirect(case)
    proposed = [item for item in keep_form.proposed_items() if item.text]
    readings = triage.read_proposals([item.text for item in proposed], case.circuit)
    for item, reading in zip(proposed, readings, strict=True):
        item.reading = reading
    return _letter_page(request, case, LetterForm(), keep_form.letter_items, keep_form)


def _letter_page(request, case: Case, form: LetterForm, items: list[LetterItem], keep_form: LetterKeepForm):
    context = {
        "case": case,
        "form": form,
        "keep_form": keep_form,
        "proposals": [item for item in items if item.reason is None],
        "dropped": [item for item in items if item.reason is not None],
        "count": len(items),
        "argument_limit": ARGUMENT_MAX_LENGTH,
    }
    return render(request, "analysis/letter_split.html", context)


# --- Review ---------------------------------------------------------------------------------------------------


def _refused(request, case, error, anchor: str = "") -> HttpResponse:
    """Say why a review action changed nothing, on the review page (at ``anchor`` when given)."""
    if isinstance(error, review.ReviewConflict):
        messages.error(request, str(error))
    else:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(f"{reverse('analysis:case_review', args=[case.pk])}{anchor}")


@require_GET
@reviewer_required
def review_queue(request: HtmxRequest) -> HttpResponse:
    page = Paginator(dashboards.review_queue(request.user), REVIEW_QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "analysis/review_queue.html", {"page": page, "rows": dashboards.queue_rows(page.object_list)}
    )


def _decision_form(argument, case: Case) -> DecisionForm:
    """The decision form of one argument, showing the decision already made (so that changing it starts from
    what was decided, not from Accept)."""
    initial = {"version": case.version}
    decision = getattr(argument, "decision", None)
    if decision is not None:
        initial["reason"] = decision.reason
        if not decision.accepted:
            initial.update(decision="override", outcome=f"{decision.disposition}/{decision.ground}")
    return DecisionForm(prefix=f"a{argument.pk}", initial=initial)


def _review_page(request: HtmxRequest, case: Case, submitted: tuple[int, DecisionForm] | None = None):
    """Render the review page; ``submitted`` is an argument's refused decision form, shown as it was posted,
    with its errors beside the fields and the first of them focused."""
    arguments = list(case.arguments.select_related("assessment", "decision__decided_by"))
    rows = []
    for argument in arguments:
        if submitted and submitted[0] == argument.pk:
            rows.append((argument, submitted[1]))
        else:
            rows.append((argument, _decision_form(argument, case)))
    warden_request = getattr(case, "warden_request", None)
    exhaustion = triage.issue_exhaustion_for(warden_request, case, arguments)
    context = {
        "case": case,
        "rows": rows,
        "summary": triage.summarise(arguments),
        "threshold": triage.threshold_for(warden_request, case),
        "exhaustion": exhaustion,
        "exhaustion_flags": triage.unconfirmed_exhaustion_flags(exhaustion, arguments),
        "can_review": request.user.is_reviewer and case.status == Case.Status.IN_REVIEW,
        "changes_form": RequestChangesForm(initial={"version": case.version}),
        "approve_form": ApproveForm(initial={"version": case.version}),
        "notes": case.review_notes.select_related("author")[:20],
        "revisions": case.revisions.select_related("approved_by").prefetch_related("documents"),
        "document_titles": documents_service.document_titles(),
        "exhibits": case.exhibits.all(),
        "law_changes": panels.law_changes_panel(case, request.user),
        **panels.case_header(case),
    }
    return render(request, "analysis/case_review.html", context)


@require_GET
@member_required
def case_review(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    return _review_page(request, case)


@require_POST
@editor_required
def submit_for_review(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_text())
        return redirect(case)
    try:
        review.submit_for_review(case=case, by=request.user, expected_version=form.cleaned_data["version"])
    except (ValidationError, review.ReviewConflict) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(case)
    messages.success(request, "Submitted for review.")
    return redirect(case)


@require_POST
@reviewer_required
def decide_argument(request: HtmxRequest, pk: int, argument_pk: int) -> HttpResponse:
    argument = get_object_or_404(queries.arguments_visible_to(request.user), case_id=pk, pk=argument_pk)
    case = argument.case
    anchor = f"#argument-{argument.pk}"
    form = DecisionForm(request.POST, prefix=f"a{argument.pk}")
    if form.is_valid():
        data = form.cleaned_data
        disposition, _, ground = (data.get("outcome") or "/").partition("/")
        try:
            review.decide_argument(
                argument=argument,
                by=request.user,
                accept=data["decision"] == "accept",
                disposition=disposition,
                ground=ground,
                reason=data.get("reason", ""),
                expected_version=data["version"],
            )
        except review.ReviewConflict as conflict:
            # Another tab or reviewer changed the case since this page was loaded. The decision comes back as
            # posted, on the page as the case is now and with its version, so the reviewer can check what changed
            # and save it again; a case no longer in review has no decision form to show it in.
            case.refresh_from_db()
            if case.status != Case.Status.IN_REVIEW:
                return _refused(request, case, conflict, anchor)
            form = form.posted_again(version=case.version)
            form.add_error(
                None, CHANGED_MEANWHILE.format(changed_by=conflict.changed_by, changed_at=conflict.changed_at)
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, "Decision saved.")
            return redirect(f"{reverse('analysis:case_review', args=[case.pk])}{anchor}")
    if "version" in form.errors:
        # A stale or forged page: reload it rather than show its form again with the same bad version.
        return _refused(request, case, ValidationError(form.error_text()), anchor)
    # Everything the reviewer chose stays as posted, so that fixing the error cannot turn it into another
    # decision; focus goes to the first field to fix (or to the form's own error, forms/non_field_errors.html),
    # which brings the page to this argument.
    first_error = next((name for name in form.errors if name in form.fields), None)
    if first_error:
        form.fields[first_error].widget.attrs["autofocus"] = True
    return _review_page(request, case, submitted=(argument.pk, form))


@require_POST
@reviewer_required
def accept_all(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ValidationError(form.error_text()))
    try:
        result = review.accept_all(case=case, by=request.user, expected_version=form.cleaned_data["version"])
    except (ValidationError, review.ReviewConflict) as error:
        return _refused(request, case, error)
    message = f"Accepted {result.accepted} assessment{'s' if result.accepted != 1 else ''}."
    if result.needs_review:
        message += " Decide these one by one (a reviewer must look): " + _positions(result.needs_review) + "."
    if result.untriaged:
        message += (
            " Not triaged, so nothing to accept: "
            + _positions(result.untriaged)
            + " — send the case back for triage."
        )
    messages.success(request, message)
    return redirect("analysis:case_review", pk=case.pk)


def _positions(positions: list[int]) -> str:
    return ", ".join(f"#{n}" for n in positions)


@require_POST
@reviewer_required
def request_changes(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = RequestChangesForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ValidationError(form.error_text()))
    try:
        review.request_changes(
            case=case,
            by=request.user,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationError, review.ReviewConflict) as error:
        return _refused(request, case, error)
    messages.success(request, "Sent back to intake with your comment.")
    return redirect("analysis:review_queue")


@require_POST
@reviewer_required
def approve(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ValidationError(form.error_text()))
    try:
        revision = review.approve(
            case=case,
            by=request.user,
            threshold_acknowledged=True,
            expected_version=form.cleaned_data["version"],
        )
    except (ValidationError, PermissionDenied, review.ReviewConflict) as error:
        return _refused(request, case, error)
    messages.success(request, f"Approved as revision {revision.number}. Its documents are ready below.")
    return redirect("analysis:case_review", pk=case.pk)


@require_POST
@editor_required
def reopen(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ValidationError(form.error_text()))
    try:
        review.reopen(case=case, by=request.user, expected_version=form.cleaned_data["version"])
    except (ValidationError, review.ReviewConflict) as error:
        return _refused(request, case, error)
    messages.success(request, "Reopened as a draft; the next approval becomes a new revision.")
    return redirect(case)


@require_GET
@member_required
def document_preview(request: HtmxRequest, pk: int, slug: str) -> HttpResponse:
    """Render a DRAFT-watermarked document from the case as it is now."""
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    if slug not in documents_service.document_slugs():
        raise Http404("No such document.")
    try:
        content, content_type, filename = documents_service.render_draft(case, slug)
    except documents_service.DocumentTooLarge as error:
        return _document_error(request, case, error.messages[0], status=422)
    except Exception as error:  # noqa: BLE001 - any failed render gets a clear page, never a 500
        # The case id, the document and the kind of failure only: a traceback's messages may quote client text.
        logger.error("document %s of case %s could not be rendered: %s", slug, case.pk, type(error).__name__)
        message = "This document could not be produced just now; nothing was changed. Try again in a minute."
        return _document_error(request, case, message, status=503)
    return _file_response(content, content_type, filename)


def _document_error(request: HtmxRequest, case: Case, message: str, *, status: int) -> HttpResponse:
    return render(request, "analysis/document_error.html", {"case": case, "message": message}, status=status)


@require_GET
@member_required
def document_download(request: HtmxRequest, pk: int, number: int, slug: str) -> HttpResponse:
    """Serve an approved revision's stored document (rendered once at approval)."""
    document = get_object_or_404(
        StoredDocument.objects.filter(
            revision__case__organisation_id=request.user.organisation_id
        ).select_related("revision__case"),
        revision__case_id=pk,
        revision__number=number,
        slug=slug,
    )
    # While a law change waits for a reviewer, the document carries a first-page notice naming it.
    return _file_response(*documents_service.final_document(document))


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Exhibits and the filing packet -------------------------------------------------------------------------


def _exhibit(request: HtmxRequest, pk: int, exhibit_pk: int) -> Exhibit:
    """One exhibit of a case in the user's organisation (404 for anyone else's)."""
    return get_object_or_404(
        Exhibit.objects.filter(case__organisation_id=request.user.organisation_id).select_related("case"),
        case_id=pk,
        pk=exhibit_pk,
    )


def _documents_tab(case: Case) -> str:
    return f"{reverse('analysis:case_review', args=[case.pk])}#exhibits-heading"


@require_http_methods(["GET", "POST"])
@editor_required
def exhibit_create(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    ensure_editable(case)
    form = ExhibitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exhibit = exhibits.add_exhibit(
                case=case,
                upload=data["file"],
                title=data["title"],
                dated=data["dated"],
                kind=data["kind"],
                sealed=exhibits.sealed_for(data["kind"], data["sealed"]),
                by=request.user,
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            sealed = " (sealed)" if exhibit.sealed else ""
            pages = f"{exhibit.pages} page{'s' if exhibit.pages != 1 else ''}"
            messages.success(request, f"Exhibit {exhibit.position} added{sealed}: {pages}.")
            return redirect(_documents_tab(case))
    return render(request, "analysis/exhibit_form.html", {"case": case, "form": form})


@require_GET
@member_required
def exhibit_download(request: HtmxRequest, pk: int, exhibit_pk: int) -> HttpResponse:
    exhibit = _exhibit(request, pk, exhibit_pk)
    with exhibit.file.open("rb") as stored:
        content = stored.read()
    # The uploaded file's name was never kept: the download is named by its number.
    return _file_response(content, documents_service.PDF, f"exhibit-{exhibit.position}.pdf")


@require_POST
@editor_required
def exhibit_move(request: HtmxRequest, pk: int, exhibit_pk: int) -> HttpResponse:
    exhibit = _exhibit(request, pk, exhibit_pk)
    form = ExhibitMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose up or down; nothing was moved.")
    else:
        exhibits.move_exhibit(exhibit=exhibit, up=form.cleaned_data["direction"] == "up")
    return redirect(_documents_tab(exhibit.case))


@require_http_methods(["GET", "POST"])
@editor_required
def exhibit_delete(request: HtmxRequest, pk: int, exhibit_pk: int) -> HttpResponse:
    """Ask, then delete (the exhibit's history keeps its title, type, who uploaded and deleted it, and when)."""
    exhibit = _exhibit(request, pk, exhibit_pk)
    ensure_editable(exhibit.case)
    if request.method == "POST":
        exhibits.delete_exhibit(exhibit=exhibit)
        messages.success(request, f"Exhibit {exhibit.position} deleted; the exhibits after it moved up.")
        return redirect(_documents_tab(exhibit.case))
    return render(request, "analysis/exhibit_delete.html", {"case": exhibit.case, "exhibit": exhibit})


@require_GET
@member_required
def filing_packet(request: HtmxRequest, pk: int) -> HttpResponse:
    """The motion, the exhibits list and the exhibits in one PDF (sealed exhibits as placeholder pages)."""
    case = get_object_or_404(queries.cases_visible_to(request.user).select_related("client"), pk=pk)
    try:
        content, filename = exhibits.packet_for(case)
    except exhibits.PacketTooLarge as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_documents_tab(case))
    return _file_response(content, documents_service.PDF, filename)


# --- After filing: motions, responses, rulings, and the timeline ---------------------------------------------


@require_GET
@member_required
def court(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    filings = list(case.filings.select_related("revision", "recorded_by"))
    warden_request = WardenRequest.objects.filter(case=case).first()
    pending = next((filing for filing in reversed(filings) if filing.ruling == Filing.Ruling.PENDING), None)
    can_edit = request.user.can_edit_intake
    context = {
        "case": case,
        "filings": filings,
        "timeline": court_service.timeline_for(case, warden_request, filings),
        "pending": pending,
        "can_edit": can_edit,
        "can_file": can_edit and case.status == Case.Status.APPROVED and pending is None,
        "filing_form": FilingForm(),
        **panels.case_header(case),
    }
    return render(request, "analysis/court.html", context)


@require_http_methods(["GET", "POST"])
@editor_required
def filing_create(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = FilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = court_service.record_filing(case=case, filing=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(
                request, f"Motion {filing.number} recorded as filed on {filing.filed_on:%Y-%m-%d}."
            )
            return redirect("analysis:court", pk=case.pk)
    return render(
        request, "analysis/filing_form.html", {"case": case, "form": form, "title": "Record the filing"}
    )


def _filing_step(request: HtmxRequest, pk: int, number: int, form_class, title: str, done: str):
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    filing = get_object_or_404(case.filings, number=number)
    form = form_class(request.POST or None, instance=filing)
    if request.method == "POST" and form.is_valid():
        try:
            court_service.update_filing(filing=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, done.format(number=filing.number))
            return redirect("analysis:court", pk=case.pk)
    context = {"case": case, "form": form, "filing": filing, "title": title.format(number=filing.number)}
    return render(request, "analysis/filing_form.html", context)


@require_http_methods(["GET", "POST"])
@editor_required
def filing_response(request: HtmxRequest, pk: int, number: int) -> HttpResponse:
    return _filing_step(
        request,
        pk,
        number,
        ResponseForm,
        "Record the government's response to motion {number}",
        "Government's response to motion {number} recorded.",
    )


@require_http_methods(["GET", "POST"])
@editor_required
def filing_ruling(request: HtmxRequest, pk: int, number: int) -> HttpResponse:
    return _filing_step(
        request,
        pk,
        number,
        RulingForm,
        "Record the ruling on motion {number}",
        "Ruling on motion {number} recorded; the timeline shows what follows from it.",
    )


# --- When the law changes ------------------------------------------------------------------------------------


@require_POST
@reviewer_required
def decide_law_change(request: HtmxRequest, pk: int, change_pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    change = get_object_or_404(LawChange.objects.filter(case=case), pk=change_pk)
    form = LawChangeDecisionForm(request.POST, prefix=f"lc{change.pk}")
    if not form.is_valid():
        messages.error(request, f"Not decided: {form.error_text()}")
    else:
        try:
            retriage.decide_law_change(
                change=change,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except (ValidationError, review.ReviewConflict) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"Decision on argument {change.argument.order + 1} saved.")
    return redirect(f"{reverse('intake:case_detail', args=[case.pk])}#law-changes")
