"""Intake pages. Views parse the request, call one query and/or one service, pick a template, respond."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from analysis import court, dashboards, triage
from analysis import pipeline as analysis_pipeline
from config.client_address import client_ip
from config.forms import add_model_errors
from intake import access, accounts, duplicates, erasure, history, queries, search, services, user_history
from intake.districts import CIRCUITS, DISTRICT_CHOICES, DISTRICTS
from intake.forms import (
    ArgumentEditForm,
    ArgumentForm,
    CaseCreateClientChoiceForm,
    CaseForm,
    ClientForm,
    EraseCaseForm,
    NewStaffMemberForm,
    StaffMemberForm,
    WardenRequestForm,
    parse_positive_int,
)
from intake.http import HtmxRequest
from intake.models import Case, Client, Erasure, User, WardenRequest
from intake.permissions import admin_required, editor_required, member_required

CASE_LIST_PAGE_SIZE = search.PAGE_SIZE
HOME_QUEUE_SIZE = 10  # the most urgent waiting cases; the review queue page lists them all
CASE_LIST_SORTS = {
    "updated": "-updated_at",
    "client": "client__name",
    "docket": "docket_number",
    "status": "status",
    "district": "district",
    "created": "-created_at",
}


@require_GET
@member_required
def home(request: HtmxRequest) -> HttpResponse:
    user = request.user
    cases = queries.cases_visible_to(user)
    queue = dashboards.review_queue(user) if user.is_reviewer else []
    sent_back = cases.filter(status=Case.Status.CHANGES_REQUESTED)
    mine = Q(created_by=user) | Q(assigned_to=user)
    if user.role == User.Role.INTAKE:
        sent_back = sent_back.filter(mine)  # intake staff see their own work; reviewers see the team's
    context = {
        "my_drafts": cases.filter(assigned_to=user, status=Case.Status.DRAFT)[:10],
        "sent_back": sent_back.select_related("client").prefetch_related("review_notes")[:10],
        "my_in_review": (
            cases.filter(mine, status=Case.Status.IN_REVIEW)
            .select_related("client")
            .order_by("submitted_for_review_at", "pk")[:10]
            if user.role == User.Role.INTAKE
            else []
        ),
        "queue": dashboards.queue_rows(queue[:HOME_QUEUE_SIZE]),
        "queue_count": len(queue),
        "upcoming": dashboards.upcoming_filing_dates(user),
        "court_dates": court.upcoming_court_dates(cases),
        "totals": dashboards.disposition_totals(user),
    }
    return render(request, "intake/home.html", context)


@require_GET
@member_required
def case_list(request: HtmxRequest) -> HttpResponse:
    cases = queries.case_list_for(request.user)
    # NUL can match nothing and PostgreSQL refuses it in a query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query:
        cases = search.search(cases, query, request.user.organisation_id)
    status = request.GET.get("status", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    district = request.GET.get("district", "")
    if district in dict(DISTRICT_CHOICES):
        cases = cases.filter(district=district)
    circuit = request.GET.get("circuit", "")
    if circuit in dict(CIRCUITS):
        cases = cases.filter(district__in=[d.code for d in DISTRICTS if d.circuit == circuit])
    assigned = request.GET.get("assigned", "")
    if (assigned_id := parse_positive_int(assigned)) is not None:
        cases = cases.filter(assigned_to_id=assigned_id)
    sorts = CASE_LIST_SORTS | ({"relevance": "-search_rank"} if query else {})
    sort = request.GET.get("sort") or ("relevance" if query else "updated")
    cases = cases.order_by(sorts.get(sort, "-updated_at"), "-updated_at", "pk")
    if query:
        rows = queries.case_list_for(request.user)
        page = search.page_of(cases, rows, query, request.GET.get("page"))
        # why each case of the page matched, in one more query
        reasons = search.reasons_for(page.object_list, query)
        for case in page.object_list:
            case.match_reasons = reasons[case.pk].labels()
    else:
        page = Paginator(cases, CASE_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "status": status,
        "district": district,
        "circuit": circuit,
        "assigned": assigned,
        "sort": sort,
        "statuses": Case.Status.choices,
        "districts": DISTRICT_CHOICES,
        "circuits": CIRCUITS,
        "staff": queries.staff_of(request.user),
        "sorts": [(key, key.title()) for key in sorts],
    }
    template = "intake/case_list.html#case-results" if request.htmx else "intake/case_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@editor_required
def case_create(request: HtmxRequest) -> HttpResponse:
    organisation = request.user.organisation
    data = request.POST if request.method == "POST" else None
    draft = SAVE_DRAFT in request.POST
    choice_form = CaseCreateClientChoiceForm(data, organisation=organisation)
    client_form = ClientForm(data, prefix="client", instance=Client(organisation=organisation), draft=draft)
    case_form = CaseForm(
        data, organisation=organisation, instance=Case(organisation=organisation), draft=draft
    )
    if request.method == "POST" and choice_form.is_valid():
        existing_client = choice_form.cleaned_data["client"]
        client_ok = existing_client is not None or client_form.is_valid()
        if case_form.is_valid() and client_ok:
            client = existing_client or client_form.save(commit=False)
            try:
                case = services.create_case(case=case_form.save(commit=False), client=client, by=request.user)
            except ValidationError as error:
                add_model_errors(case_form, error)
            else:
                messages.success(
                    request,
                    _incomplete_message(case, "Case created")
                    or "Case created. Record the warden request and the client's arguments.",
                )
                return redirect(case)
    return render(
        request,
        "intake/case_create.html",
        {"choice_form": choice_form, "client_form": client_form, "case_form": case_form},
    )


SAVE_DRAFT = "save_draft"  # the name of the "Save as draft" button


def _incomplete_message(case: Case, done: str) -> str:
    """Say what a draft saved without some facts still needs ("" when the case is complete)."""
    if missing := case.missing_to_complete:
        return f"{done} as an incomplete draft. Before triage or review, add: {', '.join(missing)}."
    return ""


def _case_context(request: HtmxRequest, case: Case, **extra) -> dict:
    warden_request = WardenRequest.objects.filter(case=case).first()
    arguments = list(case.arguments.select_related("assessment", "decision"))
    return {
        "case": case,
        "client": case.client,
        "warden_request": warden_request,
        "arguments": arguments,
        "summary": triage.summarise(arguments),
        "threshold": triage.threshold_for(warden_request, case),
        "exhaustion": triage.issue_exhaustion_for(warden_request, case, arguments),
        "argument_form": extra.pop("argument_form", None) or ArgumentForm(),
        "can_edit": request.user.can_edit_intake and case.is_editable,
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
    return render(request, "intake/case_history.html", {"case": case, "entries": history.entries_for(case)})


@require_http_methods(["GET", "POST"])
@editor_required
def case_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    services.ensure_editable(case)
    draft = SAVE_DRAFT in request.POST
    form = CaseForm(request.POST or None, organisation=request.user.organisation, instance=case, draft=draft)
    client_form = ClientForm(request.POST or None, prefix="client", instance=case.client, draft=draft)
    if request.method == "POST" and form.is_valid() and client_form.is_valid():
        try:
            services.update_client_and_case(
                client=client_form.save(commit=False), case=form.save(commit=False), by=request.user
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _incomplete_message(case, "Case saved") or "Case saved.")
            return redirect(case)
    return render(request, "intake/case_edit.html", {"case": case, "form": form, "client_form": client_form})


@require_http_methods(["GET", "POST"])
@editor_required
def warden_request_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    services.ensure_editable(case)
    warden_request = WardenRequest.objects.filter(case=case).first() or WardenRequest(case=case)
    form = WardenRequestForm(request.POST or None, instance=warden_request)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_warden_request(warden_request=form.save(commit=False), by=request.user)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, "Warden request saved.")
            return redirect(case)
    return render(request, "intake/warden_request_edit.html", {"case": case, "form": form})


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


STAFF_LIST_CHANGES = 20
STAFF_MEMBER_CHANGES = 200


@require_GET
@admin_required
def staff_list(request: HtmxRequest) -> HttpResponse:
    members = queries.staff_managed_by(request.user)
    changes = user_history.changes_seen_by(request.user)[:STAFF_LIST_CHANGES]
    return render(request, "intake/staff_list.html", {"members": members, "changes": changes})


@require_http_methods(["GET", "POST"])
@admin_required
def staff_create(request: HtmxRequest) -> HttpResponse:
    form = NewStaffMemberForm(
        request.POST or None, instance=User(organisation=request.user.organisation), editor=request.user
    )
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        services.save_staff_member(
            member=member,
            organisation=request.user.organisation,
            by=request.user,
            password=form.cleaned_data["password"],
        )
        messages.success(request, f"{member.username} can now sign in.")
        return redirect("intake:staff_list")
    return render(request, "intake/staff_form.html", {"form": form, "member": None})


@require_http_methods(["GET", "POST"])
@admin_required
def staff_edit(request: HtmxRequest, user_pk: int) -> HttpResponse:
    member = get_object_or_404(queries.staff_managed_by(request.user), pk=user_pk)
    form = StaffMemberForm(request.POST or None, instance=member, editor=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_staff_member(
            member=form.save(commit=False), organisation=request.user.organisation, by=request.user
        )
        messages.success(request, f"Saved {member.username}.")
        return redirect("intake:staff_list")
    changes = user_history.changes_seen_by(request.user, user=member)[:STAFF_MEMBER_CHANGES]
    return render(request, "intake/staff_form.html", {"form": form, "member": member, "changes": changes})


@require_POST
@admin_required
def staff_send_reset(request: HtmxRequest, user_pk: int) -> HttpResponse:
    """Mail a colleague a password-reset link (Django's reset flow), recorded in their account history."""
    member = get_object_or_404(queries.staff_managed_by(request.user), pk=user_pk)
    if not (member.is_active and member.email and member.has_usable_password()):
        messages.error(
            request,
            f"{member.username} cannot be sent a reset link: the account needs to be active, with an e-mail address.",
        )
    else:
        accounts.send_reset_link_to_colleague(
            member=member,
            by=request.user,
            domain=request.get_host(),
            use_https=request.is_secure(),
            client_address=client_ip(request),
        )
        messages.success(
            request, f"A password-reset link is on its way to {member.username}'s e-mail address."
        )
    return redirect("intake:staff_edit", user_pk=member.pk)


@require_GET
@admin_required
def pipeline(request: HtmxRequest) -> HttpResponse:
    return render(request, "intake/pipeline.html", {"pipeline": analysis_pipeline.pipeline_for(request.user)})


ACCESS_LOG_PAGE_SIZE = 50


@require_GET
@admin_required
def access_log(request: HtmxRequest) -> HttpResponse:
    """Who read which case, newest first: the organisation admin's view of the access log."""
    case_id, user_id = request.GET.get("case", "").strip(), request.GET.get("user", "")
    rows = access.access_log_for(
        request.user, case_id=parse_positive_int(case_id), user_id=parse_positive_int(user_id)
    )
    context = {
        "page": Paginator(rows, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page")),
        "case_id": case_id if parse_positive_int(case_id) is not None else "",
        "user_id": user_id,
        # Former staff too: their reads stay in the log after they leave.
        "staff": queries.staff_managed_by(request.user),
    }
    return render(request, "intake/access_log.html", context)


# --- Erasing a client's case, and the retention list --------------------------------------------------------


@require_http_methods(["GET", "POST"])
@admin_required
def case_erase(request: HtmxRequest, pk: int) -> HttpResponse:
    """An organisation admin erases a case for good after typing its docket number (intake/erasure.py)."""
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
