"""The cooperation agreements with VDAB: where each municipality and regiegebied stands today,
a file of changes to import, and one municipality's or regiegebied's history with a new change."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.agreements import ImportRefused, form_regiegebieden, import_agreements, record_change
from grants.contents_cache import call_through_cache
from grants.fragments import kept
from grants.models import Call, Municipality, Regiegebied
from monitoring.agreements import municipalities_on, regiegebieden_on
from monitoring.dashboard import agreements_stamp
from pages.department.access import department_only
from pages.department.forms import AgreementForm, AgreementImportForm
from pages.forms import try_write


@department_only
def municipalities(request):
    call, today = Call.objects.for_the_department(), timezone.localdate()
    form, errors = AgreementImportForm(request.POST or None, request.FILES or None), []
    if request.method == "POST" and form.is_valid():
        try:
            count = import_agreements(request.user, form.cleaned_data["file"], call)
        except ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, _("%(count)s wijzigingen ingelezen.") % {"count": count})
            return redirect("department-municipalities")
    municipality_rows, regiegebied_rows = _tables(call, today)
    return render(request, "department/municipalities.html", {
        "municipality_rows": municipality_rows, "regiegebied_rows": regiegebied_rows, "call": call,
        "today": today, "form": form, "import_errors": errors, "section": "municipalities"})


def _tables(call, today) -> tuple[str, str]:
    """The two tables' rows, rendered; from the cache while no agreement change, regiegebied or
    reference data changed since (monitoring.dashboard.agreements_stamp, read on ``today``)."""
    if call is None:
        return _municipality_rows(today), ""
    return call_through_cache(call, "department-agreements",
                              lambda: (_municipality_rows(today), _regiegebied_rows(call, today)),
                              lambda: f"{agreements_stamp(call)}:{today}")


def _regiegebied_rows(call, today) -> str:
    regiegebieden = list(regiegebieden_on(call, today))
    if not regiegebieden:
        return ""
    return render_to_string("department/_regiegebied_rows.html", {"regiegebieden": regiegebieden})


def _municipality_rows(today):
    """The table's 300 rows, rendered only when one of them shows something new."""
    columns = ("pk", "name", "province__name", "population", "agreement_status", "expected_signature")
    shown = tuple(municipalities_on(today).order_by("province__name", "name").values_list(*columns))
    rows = [dict(zip(columns, row, strict=True)) for row in shown]
    return kept("department/_municipality_rows.html", {"municipalities": rows}, shown)


@department_only
@require_POST
def regiegebieden_form(request):
    """The call's submitted applications form (or update) their regiegebieden."""
    call = Call.objects.for_the_department()
    if call is None:
        raise Http404
    count = form_regiegebieden(request.user, call)
    messages.success(request, _("%(count)s regiegebieden gevormd uit de ingediende aanvragen.")
                     % {"count": count})
    return redirect(reverse("department-municipalities") + "#regiegebieden-title")


@department_only
def municipality_edit(request, pk):
    municipality = get_object_or_404(Municipality.objects.select_related("province"), pk=pk)
    return _edit(request, municipality, {"municipality_id": pk}, f"#gemeente-{pk}")


@department_only
def regiegebied_edit(request, pk):
    regiegebied = get_object_or_404(Regiegebied.objects.select_related("province"), pk=pk)
    return _edit(request, regiegebied, {"regiegebied_id": pk}, f"#regiegebied-{pk}")


def _edit(request, unit, which: dict, anchor: str):
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and try_write(
            form, lambda: record_change(request.user, **which, **form.cleaned_data)):
        messages.success(request, _("De samenwerkingsovereenkomst van %(name)s is bijgewerkt.")
                         % {"name": unit})
        return redirect(reverse("department-municipalities") + anchor)
    history = unit.agreement_changes.select_related("recorded_by").order_by("-since", "-pk")
    return render(request, "department/municipality_edit.html",
                  {"unit": unit, "form": form, "history": history, "section": "municipalities"})
