"""The department's aftercare pages (aftercare/): the reports to review and the payments to
approve of a call (filters, CSV and XLSX, the money per year against the envelope), a granted
dossier's years, reports, tranches and recoveries, and the page that takes one aftercare step."""

import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftercare import exports as aftercare_exports
from aftercare import selectors, services
from aftercare.forms import AppealRegisterForm, RecoveryProposalForm
from aftercare.later import series_letter as series_letter_of
from aftercare.machine import APPEAL, CHANGE, RECOVERY, REPORT, TRANCHE, lifecycle_named
from aftercare.models import (
    AftercareEvent,
    RecoveryLetter,
    RecoveryReason,
    RecoveryStatus,
    ReportStatus,
    TrancheStatus,
)
from aftercare.money import granted_per_year, underspent
from aftercare.report_form import ReportForm
from grants.contents_cache import events_counts, through_cache
from grants.fragments import kept
from grants.models import DECIDED_STATUSES, GRANTED_STATUSES, Call
from grants.selectors import get_application_for
from grants.spreadsheets import csv_response, xlsx_response
from monitoring.dashboard import figures_through_cache
from pages.department.access import department_only
from pages.department.forms import kept_fields
from pages.forms import REFUSALS, refusal_status, refusal_text, show_refusal
from workflow.selectors import page_of


class AftercareFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Zoek (dossiernummer of aanvrager)"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Werkingsjaar"), required=False, coerce=int,
                                  empty_value=None)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, call, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("alle jaren")), *((y, y) for y in call.years)]
        self.fields["status"].choices = [("", _("alle statussen")), *states.choices]

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}

    def apply(self, queryset):
        data = self.filters()
        if data.get("q"):
            queryset = queryset.filter(Q(application__dossier_number__icontains=data["q"])
                                       | Q(application__applicant__name__icontains=data["q"]))
        return queryset


def _call(call_code) -> Call:
    return get_object_or_404(Call, code=call_code)


def _reports(request, call):
    form = AftercareFilterForm(request.GET, call=call, states=ReportStatus)
    data = form.filters()
    return form, form.apply(selectors.reports_for(request.user, call, data.get("status"), data.get("year")))


def _tranche_filters(request, call) -> AftercareFilterForm:
    return AftercareFilterForm(request.GET, call=call, states=TrancheStatus)


def _tranches(user, call, form):
    data = form.filters()
    return form.apply(selectors.tranches_for(user, call, data.get("status"), data.get("year")))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


@department_only
def report_list(request, call_code):
    call = _call(call_code)
    form, reports = _reports(request, call)
    return render(request, "department/aftercare/reports.html", {
        "call": call, "filter_form": form, "filters": kept_fields(list(form), request.GET),
        "page": page_of(reports, request.GET.get("pagina")),
        "query": _query_without_page(request), "section": "reports"})


@department_only
def report_export(request, call_code, fmt):
    call = _call(call_code)
    return _responder(fmt)(
        aftercare_exports.report_rows(_reports(request, call)[1]), f"jaarverslagen-{call.code}"
    )


@department_only
def payment_list(request, call_code):
    call = _call(call_code)
    form = _tranche_filters(request, call)
    query, number = _query_without_page(request), request.GET.get("pagina")
    # All the parts show follows from the query and the page number (the department sees every
    # dossier): the key names them, hashed (a cache key has no spaces).
    asked = hashlib.sha256(f"{query}&{number}".encode()).hexdigest()
    return render(request, "department/aftercare/payments.html", {
        "call": call, "filter_form": form, "filters": kept_fields(list(form), request.GET), "query": query,
        "parts": figures_through_cache(call, f"payments-{asked}",
                                       lambda: _payment_parts(request.user, call, form, query, number)),
        "section": "payments"})


def _payment_parts(user, call, form, query, number) -> dict:
    """The money per year, the page of tranches and the recoveries, rendered: through the figures'
    cache (monitoring.dashboard.figures_through_cache), whose stamp every write they show changes
    (each step of a tranche or a recovery, and planning or proposing one, adds an aftercare event;
    the dossier numbers and the applicants' names are the applications' and applicants' latest change)."""
    recoveries = selectors.recoveries_for(user, call).exclude(status=RecoveryStatus.AFGEWEZEN)[:50]
    return {
        "figures": render_to_string("department/aftercare/_figures.html",
                                    {"figures": selectors.payment_figures(call)}),
        "tranches": render_to_string("department/aftercare/_tranches.html", {
            "page": page_of(_tranches(user, call, form), number), "query": query}),
        "recoveries": render_to_string("department/aftercare/_recoveries.html", {"recoveries": recoveries}),
    }


@department_only
def payment_export(request, call_code, fmt):
    call = _call(call_code)
    tranches = _tranches(request.user, call, _tranche_filters(request, call))
    return _responder(fmt)(aftercare_exports.tranche_rows(tranches), f"schijven-{call.code}")


@department_only
def approved_payments_export(request, call_code, fmt):
    """For the financial system: the approved tranches not yet paid, with real amounts and dates."""
    call = _call(call_code)
    return _responder(fmt)(aftercare_exports.payment_rows(call), f"betalingen-{call.code}")


def _responder(fmt):
    responders = {"csv": csv_response, "xlsx": xlsx_response}
    if fmt not in responders:
        raise Http404
    return responders[fmt]


def _granted(request, pk):
    application = get_application_for(request.user, pk)
    if application.status not in GRANTED_STATUSES:
        raise Http404
    return application


@department_only
def dossier_page(request, pk):
    """A granted dossier after the decision: per year the report and tranches, the recoveries."""
    application = _granted(request, pk)
    parts = _kept_aftercare(application)
    view = parts["view"]
    form = RecoveryProposalForm(request.POST or None, years=sorted(parts["granted"]),
                                initial=parts["initial"])
    if request.method == "POST":
        try:
            services.propose_recovery(request.user, pk, request.POST)
        except REFUSALS as error:
            form.is_valid()
            show_refusal(form, error)
        else:
            messages.success(request, _("De terugvordering is voorgesteld: een beslisser beslist erover."))
            return redirect("department-aftercare", pk=pk)
    _with_steps(request.user, view)
    return render(
        request,
        "department/aftercare/dossier.html",
        {
            "application": application,
            "call": application.call,
            "view_html": _view_html(view),
            "recovery_form": form,
            "recovery_fields": _recovery_fields(form),
            "history": parts["history"],
        },
        status=400 if form.errors else 200,
    )


def _view_html(view) -> SafeString:
    """The money, the years and the recoveries with this user's steps, rendered only when a value
    they show changes (grants.fragments): the key is every such value (the sums are of them)."""
    def steps(obj) -> tuple:
        return tuple(step.name for step in obj.available)

    shown = (
        view.closure and view.closure.closed_at,
        tuple((y.year, y.due_on, y.granted, y.report and (y.report.pk, y.report.status),
               tuple((t.pk, t.kind, t.term.percentage, t.amount, t.status, t.expected_on, t.paid_on,
                      t.reference, steps(t)) for t in y.tranches)) for y in view.years),
        tuple((r.pk, r.year, r.reason, r.amount, r.status, getattr(r, "letter", None) and r.letter.sequence,
               steps(r)) for r in view.recoveries),
    )
    return kept("department/aftercare/_view.html", {"view": view}, shown)


def _recovery_fields(form) -> SafeString:
    """The proposal's fields; unbound, kept (grants.fragments) by what they show: the years to
    choose from and the suggestion."""
    if form.is_bound:
        return render_to_string("department/_fields.html", {"fields": list(form)})
    return kept("department/_fields.html", {"fields": list(form)},
                (tuple(form.fields["year"].choices), tuple(sorted(form.initial.items()))))


def _kept_aftercare(application) -> dict:
    """What the page shows the same to every user, through the cache (grants.contents_cache):
    the amounts granted per year, the years' reports and tranches, the recoveries, the closure,
    the suggested recovery and the history, rendered. The key names the application (its status:
    the decision's amounts) and the stamp the count of its aftercare events, one of which every
    write on what the page shows adds in its transaction: a report started and each step (a
    closure and a recovery's letter are written in the step that makes them, a later decision's
    amounts in a change's or an appeal's step), tranches planned, a recovery proposed. The steps
    each user may take are read on every request (``_with_steps``)."""
    def compute():
        granted = granted_per_year(application)  # once, for the form, its suggestion and the years
        view = selectors.dossier_aftercare(application, granted=granted)
        return {"granted": granted, "view": view, "initial": _recovery_initial(application, granted, view),
                "history": render_to_string("department/aftercare/_history.html", {
                    "events": selectors.history(application, applicant_view=False)})}
    stamp = events_counts(application.pk, AftercareEvent)
    return through_cache(application, "department-aftercare", compute, stamp=stamp)


def _recovery_initial(application, granted, view) -> dict:
    """The first year with an underspent approved report, and its amount, as a suggestion.
    (Only a year whose report the view shows approved can be underspent: no query for the others.)"""
    approved = {y.year for y in view.years if y.report and y.report.status == ReportStatus.GOEDGEKEURD}
    for year in sorted(granted):
        if year in approved and (amount := underspent(application, year)) > 0:
            return {"year": year, "reason": RecoveryReason.UNDERSPENT, "amount": amount}
    return {}


def _with_steps(user, view) -> None:
    """Each tranche, report and recovery with the steps this user can take on it now (buttons)."""
    for year in view.years:
        for tranche in year.tranches:
            tranche.available = services.available_steps(TRANCHE, user, tranche)
    for recovery in view.recoveries:
        recovery.available = services.available_steps(RECOVERY, user, recovery)


@department_only
def report_page(request, pk):
    report = services.get_for(REPORT, request.user, pk)
    return render(
        request,
        "department/aftercare/report.html",
        {
            "report": report,
            "application": report.application,
            "call": report.application.call,
            "rows": ReportForm(report=report).rows(),
            "questions": report.questions.all(),
            "steps": services.available_steps(REPORT, request.user, report),
        },
    )


@department_only
def step_page(request, lifecycle_name, pk, step_name):
    lifecycle = lifecycle_named(lifecycle_name)
    step = lifecycle.step(step_name)
    obj = services.get_for(lifecycle, request.user, pk)
    page = "department-amendments" if lifecycle in (CHANGE, APPEAL) else "department-aftercare"
    back = reverse(page, args=[obj.application_id])
    context = {
        "obj": obj,
        "lifecycle": lifecycle,
        "step": step,
        "application": obj.application,
        "call": obj.application.call,
        "back": back,
    }
    try:
        services.check_may_take(lifecycle, step, obj, request.user)
    except REFUSALS as error:
        return render(
            request,
            "department/aftercare/step.html",
            {**context, "refusal": refusal_text(error)},
            status=refusal_status(error),
        )
    form = step.form(request.POST or None, subject=obj)
    status, refusal = 200, ""
    if request.method == "POST":
        try:
            services.fire(request.user, lifecycle.name, pk, step.name, request.POST)
        except ValidationError:
            form.is_valid()
            status = 400
        except REFUSALS as error:
            refusal, status = refusal_text(error), refusal_status(error)
        else:
            messages.success(request, _("'%(step)s' is gebeurd.") % {"step": step.label})
            return redirect(back)
    return render(
        request,
        "department/aftercare/step.html",
        {**context, "form": form, "refusal": refusal},
        status=status,
    )


@department_only
def recovery_letter(request, pk):
    recovery = services.get_for(RECOVERY, request.user, pk)
    letter = get_object_or_404(RecoveryLetter, recovery=recovery)
    return FileResponse(letter.file.open("rb"), content_type="application/pdf", filename=letter.download_name)


# --- changes, appeals and the letters (issue 23) ----------------------------------------------


def _decided(request, pk):
    application = get_application_for(request.user, pk)
    if application.status not in DECIDED_STATUSES:
        raise Http404
    return application


@department_only
def amendments(request, pk):
    """A decided dossier's letters, changes and appeals with the steps open to you; register a
    Raad van State appeal or a material error to correct."""
    application = _decided(request, pk)
    form = AppealRegisterForm(request.POST or None)
    if request.method == "POST":
        try:
            services.register_appeal(request.user, pk, request.POST)
        except REFUSALS as error:
            form.is_valid()
            show_refusal(form, error)
        else:
            messages.success(request, _("Geregistreerd."))
            return redirect("department-amendments", pk=pk)
    return render(request, "department/aftercare/amendments.html", {
        "application": application, "call": application.call, "form": form,
        "view": selectors.amendments_of(application, request.user)}, status=400 if form.errors else 200)


@department_only
def series_letter(request, pk, position):
    letter = series_letter_of(_decided(request, pk), position)
    return FileResponse(letter.file.open("rb"), content_type="application/pdf", filename=letter.download_name)
