"""The monitoring pages; each reads one selector of ``monitoring`` and writes nothing."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString

from grants.fragments import kept
from grants.models import Call
from monitoring.aggregates import call_aggregates
from monitoring.agreements import default_forecast, parliamentary_table
from monitoring.dashboard import call_dashboard, figures_through_cache
from monitoring.documents import XLSX, aggregates_xlsx, table_pdf, table_xlsx
from monitoring.flanders_map import as_html
from monitoring.maps import coverage_map
from pages.committee.access import monitoring_reader
from pages.committee.forms import MapForm, TableDatesForm


def _call(call_code) -> Call:
    return get_object_or_404(Call, code=call_code)


@monitoring_reader
def home(request):
    call = Call.objects.for_the_department()
    if call is None:
        raise Http404
    return redirect("monitoring-dashboard", call.code)


@monitoring_reader
def dashboard(request, call_code):
    call, form = _call(call_code), MapForm(request.GET or None)
    kind = form.cleaned_data["kaart"] if form.is_valid() and form.cleaned_data["kaart"] else "dekking"
    board, aggregates, flanders_map = figures_through_cache(call, f"committee-dashboard-{kind}",
                                                            lambda: _board(call, kind))
    return render(request, "committee/dashboard.html", {
        "call": call, "map_form": form, "figures": _figures(board, aggregates), "map": flanders_map,
        "section": "dashboard"})


def _board(call, kind):
    """The dashboard's figures, the plans' aggregates and the map of ``kind``, as HTML."""
    board = call_dashboard(call)
    flanders_map = coverage_map(call, kind, timezone.localdate(), board.municipalities)
    return board, call_aggregates(call), as_html(flanders_map, "kaart")


def _figures(board, aggregates) -> SafeString:
    """The tables under the map (coverage, money, plans per priority, target group and province),
    rendered only when one of their figures changes (grants.fragments): the key is every figure shown."""
    shown = repr((board.provinces, board.flanders, board.money,
                  aggregates.priorities, aggregates.target_groups, aggregates.provinces))
    return kept("committee/_figures.html", {"board": board, "aggregates": aggregates}, (shown,))


@monitoring_reader
def aggregates_export(request, call_code):
    call = _call(call_code)
    response = HttpResponse(aggregates_xlsx(call_aggregates(call)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cijfers-{call.code}.xlsx"'
    return response


def _table(request, call):
    form = TableDatesForm(request.GET or None)
    dates = form.cleaned_data if form.is_valid() else {}
    reference = dates.get("peildatum") or timezone.localdate()
    forecast = dates.get("prognose") or default_forecast(reference)
    return form, parliamentary_table(call, reference, forecast)


@monitoring_reader
def table(request, call_code):
    call = _call(call_code)
    form, table = _table(request, call)
    return render(request, "committee/table.html", {
        "call": call, "form": form, "table": table, "query": request.GET.urlencode(),
        "map": as_html(_agreements_map(table), "so-kaart"), "section": "table"})


def _agreements_map(table):
    """The map of the agreements' statuses beside the table, from the statuses the table read."""
    return coverage_map(table.call, "so", table.reference, statuses=table.statuses)


@monitoring_reader
def table_export(request, call_code, fmt):
    call = _call(call_code)
    _form, table = _table(request, call)
    name = f"samenwerkingsovereenkomsten-{table.reference:%Y-%m-%d}"
    if fmt == "pdf":
        response = HttpResponse(table_pdf(table, _agreements_map(table)),
                                content_type="application/pdf")
    elif fmt == "xlsx":
        response = HttpResponse(table_xlsx(table), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
