"""Intake pages. Views parse the request, call one query and/or one service, pick a template, respond."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.client_address import client_ip
from config.forms import add_model_errors
from intake import access, accounts, queries, search, services, user_history
from intake.districts import CIRCUITS, DISTRICT_CHOICES, DISTRICTS
from intake.forms import (
    CaseCreateClientChoiceForm,
    CaseForm,
    ClientForm,
    NewStaffMemberForm,
    StaffMemberForm,
    WardenRequestForm,
    parse_positive_int,
)
from intake.http import HtmxRequest
from intake.models import Case, Client, User, WardenRequest
from intake.permissions import admin_required, editor_required, member_required

CASE_LIST_PAGE_SIZE = search.PAGE_SIZE
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
        if existing_client is not None:
            case_form.check_sentence_after_birth(existing_client.date_of_birth)
        else:
            case_form.check_sentence_after_birth(client_form.cleaned_data.get("date_of_birth"))
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


@require_http_methods(["GET", "POST"])
@editor_required
def case_edit(request: HtmxRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(queries.cases_visible_to(request.user), pk=pk)
    services.ensure_editable(case)
    draft = SAVE_DRAFT in request.POST
    form = CaseForm(request.POST or None, organisation=request.user.organisation, instance=case, draft=draft)
    client_form = ClientForm(request.POST or None, prefix="client", instance=case.client, draft=draft)
    if form.is_bound:  # posted (an empty POST leaves both forms unbound: nothing to check)
        # Both forms, so that every error shows at once. The case form first, as before: its Case.clean()
        # compares the sentence with the stored birth date, never a new one the client form refuses.
        case_ok, client_ok = form.is_valid(), client_form.is_valid()
        form.check_sentence_after_birth(client_form.cleaned_data.get("date_of_birth"))
        if case_ok and client_ok and form.is_valid():
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
