"""The department's pages. Thin: reads from workflow.department selectors, writes through
workflow.services (transitions, conflicts, assignments) and workflow.department.services."""

from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call, Municipality
from grants.money import requested_per_year
from grants.plan import version_budget, version_by_priority
from grants.roles import is_department
from grants.selectors import get_application_for
from monitoring.dashboard import call_dashboard
from pages.forms import REFUSALS, refusal_status, refusal_text, show_refusal, try_write
from workflow import services
from workflow.actors import ASSESSOR, current_proposal
from workflow.decisions import envelope_check
from workflow.department import admissibility, dossier, exports, selectors
from workflow.department import services as department_services
from workflow.department.forms import (
    AssessmentForm,
    BulkAssignForm,
    ConflictForm,
    ListFilterForm,
    NoteForm,
    VdabForm,
)
from workflow.models import Dossier

DOSSIER_QUERYSET = Dossier.objects.all()


def department_only(view):
    """Staff of the department only; anyone else learns nothing (404)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_department(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _dossier(request, pk) -> Dossier:
    return get_application_for(request.user, pk, queryset=DOSSIER_QUERYSET)


@department_only
def home(request):
    call = Call.objects.first()
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
                "count": count, "name": assign_form.cleaned_data["reviewer"]})
            return redirect(request.get_full_path())
    applications = selectors.call_applications(call, filter_form.filters())
    return render(request, "workflow/department/list.html", {
        "call": call, "filter_form": filter_form, "assign_form": assign_form,
        "page": selectors.page_of(applications, request.GET.get("pagina")),
        "query": _query_without_page(request), "section": "list",
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
    return render(request, "workflow/department/dashboard.html", {
        "call": call, "board": call_dashboard(call), "section": "dashboard",
    })


@department_only
def dashboard_export(request, call_code, fmt):
    respond, call = _responder(fmt), get_object_or_404(Call, code=call_code)
    return respond(exports.dashboard_rows(call_dashboard(call)), f"dashboard-{call.code}")


def _responder(fmt):
    responders = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}
    if fmt not in responders:
        raise Http404
    return responders[fmt]


@department_only
def dossier_page(request, pk):
    application = _dossier(request, pk)
    versions = dossier.versions_with_changes(application)
    snapshot = versions[0].version.data if versions else None
    years = application.call.years
    user = request.user
    return render(request, "workflow/department/dossier.html", {
        "application": application, "call": application.call, "snapshot": snapshot, "versions": versions,
        "plan": version_by_priority(snapshot, years) if snapshot else [],
        "budget": version_budget(snapshot, years) if snapshot else None,
        "attachments": application.attachments.select_related("attachment_type", "municipality"),
        "audit": application.audit_events.select_related("actor"),
        "notes": application.internal_notes.select_related("author"),
        "note_form": NoteForm(),
        "declarations": application.conflict_declarations.select_related("reviewer"),
        "my_declaration": application.conflict_declarations.filter(reviewer=user).first(),
        "assessments": application.assessments.select_related("criterion", "reviewer"),
        "clarifications": application.clarifications.select_related("asked_by", "answered_by"),
        "proposals": application.decision_proposals.select_related("proposed_by", "approved_by"),
        "admissibility": admissibility.admissibility_report(application),
        "steps": services.available_steps(user, application),
        "can_assess": ASSESSOR.refusal(application, user) is None
        and application.status in department_services.ASSESSABLE,
        "assignment": getattr(application, "assignment", None),
        "letter": getattr(application, "decision_letter", None),
    })


@department_only
def step_page(request, pk, step_name):
    application = _dossier(request, pk)
    step = services.step_named(step_name)
    form = step.form(request.POST or None, application=application)
    status, refusal = 200, ""
    if request.method == "POST":
        try:
            services.fire(request.user, pk, step_name, request.POST)
        except ValidationError:
            form.is_valid()  # the same form fire() used: its errors go beside the fields
            status = 400
        except REFUSALS as error:
            refusal, status = refusal_text(error), refusal_status(error)
        else:
            if step_name == "propose_decision":
                _warn_if_envelope_exceeded(request, application, form)
            messages.success(request, _("'%(step)s' is gebeurd.") % {"step": step.label})
            return redirect("department-dossier", pk=pk)
    return render(request, "workflow/department/step.html", {
        "application": application, "step": step, "form": form, "refusal": refusal,
        "envelope": _envelope(application, form) if step_name == "propose_decision" else None,
        "proposal": current_proposal(application) if step_name == "approve_decision" else None,
        "admissibility": admissibility.admissibility_report(application)
        if step_name in ("declare_admissible", "declare_inadmissible") else None,
    }, status=status)


def _proposed_amounts(application, form) -> dict[int, Decimal]:
    """The amounts typed in the form, or else what the application requests."""
    requested = requested_per_year(application)
    if not form.is_bound:
        return requested
    return {year: _decimal(form.data.get(f"amount_{year}")) for year in requested}


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value).replace(",", ".")) if value else Decimal("0")
    except ArithmeticError:
        return Decimal("0")


def _envelope(application, form):
    return envelope_check(application.call, _proposed_amounts(application, form))


def _warn_if_envelope_exceeded(request, application, form) -> None:
    for year in _envelope(application, form):
        if year.exceeded_by:
            messages.warning(request, _("Let op: met dit voorstel wordt het budget voor %(year)s "
                                        "overschreden als het wordt goedgekeurd.") % {"year": year.year})


@department_only
def conflict_page(request, pk):
    application = _dossier(request, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if try_write(form, lambda: services.declare_conflict(
                request.user, pk, form.cleaned_data["has_conflict"], form.cleaned_data["explanation"])):
            messages.success(request, _("Uw verklaring is vastgelegd."))
            return redirect("department-dossier", pk=pk)
    return render(request, "workflow/department/conflict.html", {"application": application, "form": form})


@department_only
def assessment_page(request, pk):
    application = _dossier(request, pk)
    criteria = application.call.criteria.all()
    previous = {a.criterion_id: a for a in application.assessments.filter(reviewer=request.user)}
    form = AssessmentForm(request.POST or None, criteria=criteria, initial_scores=previous)
    if request.method == "POST" and form.is_valid():
        if try_write(form, lambda: department_services.save_assessment(request.user, pk, form.scores())):
            messages.success(request, _("Uw beoordeling is bewaard."))
            return redirect("department-dossier", pk=pk)
    return render(request, "workflow/department/assessment.html", {"application": application, "form": form})


@department_only
@require_POST
def note_add(request, pk):
    form = NoteForm(request.POST)
    if form.is_valid():
        department_services.add_note(request.user, pk, form.cleaned_data["text"])
        messages.success(request, _("De notitie is bewaard."))
    else:
        _dossier(request, pk)
        messages.error(request, _("Schrijf de notitie."))
    return redirect(reverse("department-dossier", kwargs={"pk": pk}) + "#notities")


@department_only
def municipalities(request):
    rows = Municipality.objects.select_related("province").order_by("province__name", "name")
    return render(request, "workflow/department/municipalities.html", {
        "municipalities": rows, "call": Call.objects.first(), "section": "municipalities"})


@department_only
def municipality_edit(request, pk):
    municipality = get_object_or_404(Municipality, pk=pk)
    form = VdabForm(request.POST or None, initial={"since": municipality.vdab_agreement_since})
    if request.method == "POST" and form.is_valid():
        department_services.set_vdab_agreement(request.user, pk, form.cleaned_data["since"])
        messages.success(request, _("De gegevens van %(name)s zijn bewaard.") % {"name": municipality})
        return redirect(reverse("department-municipalities") + f"#gemeente-{pk}")
    return render(request, "workflow/department/municipality_edit.html",
                  {"municipality": municipality, "form": form})

