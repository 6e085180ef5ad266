"""The pages of the intake: URL namespace that also show what analysis adds: home (review queue, filing
dates), the case page with its arguments (their triage), the case history (court filings, law changes), the
pipeline, and erasing a case (its revisions, documents, filings, exhibits) with the retention list.

They live here because ``intake`` is the lower app and never imports ``analysis``; config/urls.py mounts them
under the intake: namespace so their URL names and paths stay what they were.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from analysis import court, dashboards, erasure, history, panels, triage
from analysis import pipeline as pipeline_service
from config.forms import add_model_errors
from intake import duplicates, queries, services
from intake.forms import ArgumentEditForm, ArgumentForm, EraseCaseForm
from intake.http import HtmxRequest
from intake.models import Case, Erasure, WardenRequest
from intake.permissions import admin_required, editor_required, member_required

HOME_QUEUE_SIZE = 10  # the most urgent waiting cases; the review queue page lists them all


@require_GET
@member_required
def home(request: HtmxRequest) -> HttpResponse:
    user = request.user
    cases = queries.cases_visible_to(user)
    queue = dashboards.review_queue(user) if user.is_reviewer else []
    sent_back = cases.filter(status=Case.Status.CHANGES_REQUESTED)
    mine = Q(created_by=user) | Q(assigned_to=user)
    if user.is_intake:
        sent_back = sent_back.filter(mine)  # intake staff see their own work; reviewers see the team's
    context = {
        "my_drafts": cases.filter(assigned_to=user, status=Case.Status.DRAFT)[:10],
        "sent_back": sent_back.select_related("client").prefetch_related("review_notes")[:10],
        "my_in_review": (
            cases.filter(mine, status=Case.Status.IN_REVIEW)
            .select_related("client")
            .order_by("submitted_for_review_at", "pk")[:10]
            if user.is_intake
            else []
        ),
        "queue": dashboards.queue_rows(queue[:HOME_QUEUE_SIZE]),
        "queue_count": len(queue),
        "upcoming": dashboards.upcoming_filing_dates(user),
        "court_dates": court.upcoming_court_dates(cases),
        "totals": dashboards.disposition_totals(user),
    }
    return render(request, "intake/home.html", context)


def _case_context(request: HtmxRequest, case: Case, **extra) -> dict:
    warden_request = WardenRequest.objects.filter(case=case).first()
    arguments = list(case.arguments.select_related("assessment", "decision"))
    exhaustion = triage.issue_exhaustion_for(warden_request, case, arguments)
    return {
        "case": case,
        "client": case.client,
        "warden_request": warden_request,
        "arguments": arguments,
        "summary": triage.summarise(arguments),
        "threshold": triage.threshold_for(warden_request, case),
        "exhaustion": exhaustion,
        "exhaustion_flags": triage.unconfirmed_exhaustion_flags(exhaustion, arguments),
        "argument_form": extra.pop("argument_form", None) or ArgumentForm(),
        "can_edit": request.user.can_edit_intake and case.is_editable,
        "law_changes": panels.law_changes_panel(case, request.user),
        "timeline": court.timeline_for(case, warden_request, case.filings.all()),
        **panels.case_header(case),
        **extra,
    }


@require_GET
@member_required
def case_detail(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    return render(request, "intake/case_detail.html", _case_context(request, case))


@require_GET
@member_required
def case_history(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    context = {"case": case, "entries": history.entries_for(case), **panels.case_header(case)}
    return render(request, "intake/case_history.html", context)


def _arguments_response(request: HtmxRequest, case: Case, **extra) -> HttpResponse:
    """Answer an argument action: the arguments section for htmx, the case page otherwise."""
    if request.htmx:
        return render(request, "intake/case_detail.html#arguments", _case_context(request, case, **extra))
    return redirect(case)


@require_POST
@editor_required
def argument_create(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    services.ensure_editable(case)
    form = ArgumentForm(request.POST)
    duplicate = None
    if form.is_valid():
        # A near-copy of an argument already there is added only when the user says so ("Add anyway").
        if request.POST.get("duplicate") != "add":
            duplicate = duplicates.duplicate_of(case, form.cleaned_data["text"])
        if duplicate is None:
            try:
                services.add_argument(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_model_errors(form, error)
            else:
                if not request.htmx:
                    messages.success(request, "Argument added.")
                return _arguments_response(request, case)
    context = _case_context(request, case, argument_form=form, duplicate=duplicate)
    if request.htmx:
        return render(request, "intake/case_detail.html#arguments", context)
    return render(request, "intake/case_detail.html", context)


@require_http_methods(["GET", "POST"])
@editor_required
def argument_edit(request: HtmxRequest, pk: int, argument_pk: int) -> HttpResponse:
    argument = get_object_or_404(queries.arguments_visible_to(request.user), case_id=pk, pk=argument_pk)
    case = argument.case
    services.ensure_editable(case)
    form = ArgumentEditForm(request.POST or None, instance=argument)
    theirs = duplicate = None
    if request.method == "POST" and form.is_valid() and request.POST.get("duplicate") != "add":
        # As when adding: an edit that makes it repeat another argument is saved only on "Save anyway".
        duplicate = duplicates.duplicate_of(case, form.cleaned_data["text"], other_than=argument.pk)
    if request.method == "POST" and form.is_valid() and duplicate is None:
        try:
            services.revise_argument(
                argument=argument,
                by=request.user,
                text=form.cleaned_data["text"],
                source=form.cleaned_data["source"],
                is_verbatim=form.cleaned_data["is_verbatim"],
                raised_in_request=form.cleaned_data["raised_in_request"],
                expected_fingerprint=form.cleaned_data["fingerprint"] or None,
            )
        except services.ArgumentConflict as conflict:
            # Keep the user's text in the form and show the other version next to it.
            theirs = conflict.current
            form.rebase_on(theirs)
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            response = _arguments_response(request, case)
            # The edit form targets its own row; a saved argument refreshes the whole list instead.
            return retarget(reswap(response, "outerHTML"), "#arguments") if request.htmx else response
    template = "intake/argument_edit.html#argument-edit-form" if request.htmx else "intake/argument_edit.html"
    context = {"case": case, "argument": argument, "form": form, "theirs": theirs, "duplicate": duplicate}
    return render(request, template, context)


@require_POST
@editor_required
def argument_delete(request: HtmxRequest, pk: int, argument_pk: int) -> HttpResponse:
    argument = get_object_or_404(queries.arguments_visible_to(request.user), case_id=pk, pk=argument_pk)
    services.delete_argument(argument=argument, by=request.user)
    if not request.htmx:
        messages.success(request, "Argument deleted.")
    return _arguments_response(request, argument.case)


@require_POST
@editor_required
def argument_move(request: HtmxRequest, pk: int, argument_pk: int) -> HttpResponse:
    argument = get_object_or_404(queries.arguments_visible_to(request.user), case_id=pk, pk=argument_pk)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        return HttpResponse("Choose to move the argument up or down.", status=400)
    services.move_argument(argument=argument, direction=direction, by=request.user)
    return _arguments_response(request, argument.case)


@require_GET
@admin_required
def pipeline(request: HtmxRequest) -> HttpResponse:
    return render(request, "intake/pipeline.html", {"pipeline": pipeline_service.pipeline_for(request.user)})


# --- Erasing a client's case, and the retention list --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@admin_required
def case_erase(request: HtmxRequest, pk: int) -> HttpResponse:
    """An organisation admin erases a case for good after typing its docket number (analysis/erasure.py)."""
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    form = EraseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = erasure.erase_case(
                case=case, by=request.user, confirmation=form.cleaned_data["confirmation"]
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(
                request, f"Case #{record.case_number} was erased; the record below says what went."
            )
            return redirect("intake:retention")
    context = {
        "case": case,
        "form": form,
        "preview": erasure.preview(case),
        "phrase": erasure.confirmation_phrase(case),
        **panels.case_header(case),
    }
    return render(request, "intake/case_erase.html", context)


RETENTION_PAGE_SIZE = 50


@require_GET
@admin_required
def retention(request: HtmxRequest) -> HttpResponse:
    """Closed cases due for erasure under the retention setting, and the erasures done so far."""
    organisation_id = request.user.organisation_id
    context = {
        "due": Paginator(erasure.cases_due_for_erasure(organisation_id), RETENTION_PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "years": settings.RETENTION_YEARS,
        "erasures": Erasure.objects.filter(organisation_id=organisation_id).select_related("erased_by")[:50],
    }
    return render(request, "intake/retention.html", context)
