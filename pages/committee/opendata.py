"""The granted subsidies of a call as open data, at a public URL (no login): a page that
describes the fields, and the data as CSV and JSON. A rehearsal call publishes nothing."""

import csv
import io

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from grants.models import Call
from monitoring.opendata import FIELDS, csv_rows, granted_subsidies


def _call(call_code) -> Call:
    return get_object_or_404(Call, code=call_code, is_rehearsal=False)


def description(request, call_code):
    return render(request, "committee/open_data.html", {"call": _call(call_code), "fields": FIELDS})


def download(request, call_code, fmt):
    call = _call(call_code)
    records = granted_subsidies(call)
    if fmt == "json":
        return JsonResponse({"oproep": call.code, "velden": {k: str(v) for k, v in FIELDS.items()},
                             "subsidies": records}, json_dumps_params={"ensure_ascii": False})
    if fmt != "csv":
        raise Http404
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(call, records))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subsidies-{call.code}.csv"'
    return response
