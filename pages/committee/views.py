"""The monitoring pages; each reads one selector of ``monitoring`` and writes nothing."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString

from grants.contents_cache import call_through_cache
from grants.fragments import kept
from grants.models import Call
from monitoring.aggregates import call_aggregates
from monitoring.agreements import default_forecast, parliamentary_table
from monitoring.dashboard import agreements_stamp, call_dashboard, figures_through_cache
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


def _dates(request):
    """The form and the days it asks the table for: today and the end of its year unless given."""
    form = TableDatesForm(request.GET or None)
    dates = form.cleaned_data if form.is_valid() else {}
    reference = dates.get("peildatum") or timezone.localdate()
    return form, reference, dates.get("prognose") or default_forecast(reference)


@monitoring_reader
def table(request, call_code):
    """The table and its map from the cache while no agreement, regiegebied or reference data
    changed (monitoring.dashboard.agreements_stamp); the days asked are in the key."""
    call = _call(call_code)
    form, reference, forecast = _dates(request)
    table, agreements_map = call_through_cache(
        call, f"committee-table:{reference}:{forecast}", lambda: _table_and_map(call, reference, forecast),
        lambda: agreements_stamp(call))
    return render(request, "committee/table.html", {
        "call": call, "form": form, "table": table, "query": request.GET.urlencode(),
        "map": agreements_map, "section": "table"})


def _table_and_map(call, reference, forecast):
    table = parliamentary_table(call, reference, forecast)
    return table, as_html(_agreements_map(table), "so-kaart")


def _agreements_map(table):
    """The map of the agreements' statuses beside the table, from the statuses the table read."""
    return coverage_map(table.call, "so", table.reference, statuses=table.statuses)


@monitoring_reader
def table_export(request, call_code, fmt):
    call = _call(call_code)
    _form, reference, forecast = _dates(request)
    table = parliamentary_table(call, reference, forecast)
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
