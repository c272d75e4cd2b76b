"""A call's pages: its list of applications (filters, bulk assignment) and its dashboard,
each also as CSV or XLSX."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aftercare.selectors import payment_figures
from grants.fragments import kept
from grants.models import Call
from grants.spreadsheets import csv_response, xlsx_response
from monitoring.dashboard import call_dashboard, figures_through_cache, municipalities_without_contact
from monitoring.flanders_map import as_html
from monitoring.maps import coverage_map
from pages.department import exports
from pages.department.access import department_only
from pages.department.forms import BulkAssignForm, ListFilterForm, kept_fields, person_name
from pages.forms import REFUSALS, show_refusal
from workflow import selectors, services


@department_only
def home(request):
    """The workspace opens on the real call (a rehearsal is a click away, in the call switcher)."""
    call = Call.objects.for_the_department()
    if call is None:
        raise Http404(_("Er is nog geen oproep."))
    return redirect("department-list", call_code=call.code)


@department_only
def application_list(request, call_code):
    call = get_object_or_404(Call, code=call_code)
    reviewers = selectors.reviewers()
    filter_form = ListFilterForm(request.GET, reviewers=list(reviewers))
    assign_form = BulkAssignForm(request.POST or None, reviewers=reviewers)
    if request.method == "POST" and assign_form.is_valid():
        try:
            count = services.assign_reviewer(request.user, assign_form.cleaned_data["ids"],
                                             assign_form.cleaned_data["reviewer"])
        except REFUSALS as error:
            show_refusal(assign_form, error)
        else:
            messages.success(request, _("%(count)s dossier(s) toegewezen aan %(name)s.") % {
                "count": count, "name": person_name(assign_form.cleaned_data["reviewer"])})
            return redirect(request.get_full_path())
    page, drafts = selectors.call_applications_page(call, filter_form.filters(), request.GET.get("pagina"))
    return render(request, "department/list.html", {
        "call": call, "filter_form": filter_form, "assign_form": assign_form,
        "filters": kept_fields(list(filter_form), request.GET),
        # Unbound only: a refused assignment shows the person chosen and the refusal.
        "reviewer_field": None if assign_form.is_bound else kept_fields([assign_form["reviewer"]], {}),
        # Rendered only when a row shows something new (grants.fragments): a row is all it shows.
        "page": page, "rows": kept("department/_list_rows.html", {"page": page}, tuple(page)),
        "drafts": drafts, "query": _query_without_page(request), "section": "list",
    })


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


@department_only
def list_export(request, call_code, fmt):
    respond, call = _responder(fmt), get_object_or_404(Call, code=call_code)
    form = ListFilterForm(request.GET, reviewers=list(selectors.reviewers()))
    rows = exports.list_rows(selectors.call_applications(call, form.filters()))
    return respond(rows, f"aanvragen-{call.code}")


@department_only
def dashboard(request, call_code):
    call = get_object_or_404(Call, code=call_code)
    board, payments, flanders_map = figures_through_cache(call, "department-dashboard", lambda: _board(call))
    return render(request, "department/dashboard.html", {
        "call": call, "board": board, "section": "dashboard", "map": flanders_map,
        "without_contact": municipalities_without_contact(call),
        "days_to_decision": (call.decision_expected - timezone.localdate()).days,
        "figures": _figures(call, board, payments),
    })


def _board(call):
    """The dashboard's figures, its payments per year and its map, as HTML."""
    board = call_dashboard(call)
    flanders_map = coverage_map(call, "dekking", timezone.localdate(), board.municipalities)
    return board, payment_figures(call), as_html(flanders_map, "kaart")


def _figures(call, board, payments) -> SafeString:
    """The dashboard's tables (states, coverage, money, payments, VDAB, municipalities without an
    application), rendered only when one of their figures changes (grants.fragments): the key is
    every figure shown, the board's and the payments' (committed, approved and paid) as plain values."""
    shown = repr((call.code, board.states, board.provinces, board.flanders, board.money,
                  [(m.province_name, m.name) for m in board.uncovered], payments))
    return kept("department/_board.html", {"call": call, "board": board, "payments": payments}, (shown,))


@department_only
def dashboard_export(request, call_code, fmt):
    respond, call = _responder(fmt), get_object_or_404(Call, code=call_code)
    return respond(exports.dashboard_rows(call_dashboard(call)), f"dashboard-{call.code}")


def _responder(fmt):
    responders = {"csv": csv_response, "xlsx": xlsx_response}
    if fmt not in responders:
        raise Http404
    return responders[fmt]
