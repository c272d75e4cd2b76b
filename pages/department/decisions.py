"""A call's decision pages: the sharing-out of the envelope (the amount rule and the ranking,
shown before anyone decides), the collective act that approves every ready proposal, and an
act with its annex (PDF and XLSX)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from grants.allocation import RANKING_KEYS
from grants.models import Call
from grants.spreadsheets import xlsx_response
from pages.department.access import department_only
from pages.forms import try_write
from workflow import acts
from workflow.decisions import distribution, envelope_check
from workflow.letters.render import render_act_annex
from workflow.models import DecisionAct


@department_only
def distribution_page(request, call_code):
    call = get_object_or_404(Call, code=call_code)
    shares = distribution(call)
    return render(
        request,
        "department/distribution.html",
        {
            "call": call,
            "section": "distribution",
            "shares": shares,
            "keys": [RANKING_KEYS[key][0] for key in call.ranking_keys or []],
            "totals": [
                (year, shares.available[year], shares.wanted[year], shares.proposed_total(year))
                for year in call.years
            ],
        },
    )


@department_only
def collective_act(request, call_code):
    """The ready proposals, the envelope they take, and the act that approves them all."""
    call = get_object_or_404(Call, code=call_code)
    form = acts.CollectiveActForm(request.POST or None, call=call)
    recorded = []
    if (
        request.method == "POST"
        and form.is_valid()
        and try_write(
            form, lambda: recorded.append(acts.approve_collectively(request.user, call, request.POST))
        )
    ):
        messages.success(
            request,
            _("De akte is vastgelegd: %(count)s beslissingen goedgekeurd.")
            % {"count": recorded[0].proposals.count()},
        )
        return redirect("department-act", pk=recorded[0].pk)
    found = acts.readiness(request.user, call)
    return render(
        request,
        "department/collective_act.html",
        {
            "call": call,
            "section": "act",
            "form": form,
            "found": found,
            "envelope": envelope_check(call, found.total),
        },
        status=400 if form.errors else 200,
    )


def _act(pk) -> DecisionAct:
    return get_object_or_404(DecisionAct.objects.select_related("call", "recorded_by"), pk=pk)


@department_only
def act_page(request, pk):
    act = _act(pk)
    return render(
        request,
        "department/act.html",
        {"act": act, "call": act.call, "section": "act", "annex": acts.annex(act)},
    )


@department_only
def act_annex(request, pk, fmt):
    act = _act(pk)
    annex = acts.annex(act)
    name = f"bijlage-{act.number}".replace("/", "-")
    if fmt == "pdf":
        response = HttpResponse(render_act_annex(annex), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "xlsx":
        return xlsx_response(acts.annex_sheet(annex), name)
    raise Http404
