"""The dossier page and the department's own records on it: the declaration of (no)
conflict of interest, the assessment and the internal notes. The workflow's steps have
their own page (``steps``)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.completeness import read_contents
from grants.fragments import kept
from grants.models import BEFORE_DECISION_STATUSES
from grants.plan import version_budget, version_by_priority
from grants.selectors import get_application_for
from pages.department.access import DOSSIER_QUERYSET, department_only, dossier_for
from pages.department.forms import AssessmentForm, ConflictForm, NoteForm
from pages.forms import try_write
from workflow import review, services
from workflow.actors import ASSESSOR
from workflow.admissibility import admissibility_report
from workflow.snapshots import versions_with_changes


@department_only
def dossier_page(request, pk):
    # With what the page, its admissibility report and its steps ask of it, in the same query.
    application = get_application_for(request.user, pk, queryset=DOSSIER_QUERYSET.select_related(
        "extension", "assignment__reviewer", "decision_letter"))
    # Once, for the admissibility report, the completeness guard of the steps and the attachments.
    read_contents(application)
    versions = versions_with_changes(application)
    snapshot = versions[0].version.data if versions else None
    user = request.user
    declarations = list(application.conflict_declarations.select_related("reviewer"))
    my_declaration = next((d for d in declarations if d.reviewer_id == user.pk), None)
    return render(request, "department/dossier.html", {
        "application": application, "call": application.call, "snapshot": snapshot, "versions": versions,
        "submitted": _submitted(application, versions[0].version) if versions else "",
        # As read above, in the order of the model (a type is per member or not: no None to place).
        "attachments": sorted(application.attachments_in_order, key=lambda a: (
            a.attachment_type.order, a.municipality.name if a.municipality_id else "", a.pk)),
        "audit": application.audit_events.select_related("actor"),
        "notes": application.internal_notes.select_related("author"),
        "note_form": NoteForm(),
        "declarations": declarations,
        "my_declaration": my_declaration,
        # A declaration matters until the decision is approved; after it, nobody is asked.
        "may_declare": my_declaration is None and application.status in BEFORE_DECISION_STATUSES,
        "blocked": services.blocked_steps(user, application),
        "assessments": application.assessments.select_related("criterion", "reviewer"),
        "clarifications": application.clarifications.select_related("asked_by", "answered_by"),
        "proposals": application.decision_proposals.select_related("proposed_by", "approved_by", "act"),
        "admissibility": admissibility_report(application),
        "steps": services.available_steps(user, application),
        "can_assess": ASSESSOR.refusal(application, user) is None
        and application.status in review.ASSESSABLE,
        "assignment": getattr(application, "assignment", None),
        "letter": getattr(application, "decision_letter", None),
    })


def _submitted(application, version) -> SafeString:
    """The submitted version, kept rendered. A version never changes (and its SHA-256 names its
    contents); with it, the key holds the call's years and the plan as shown, names included."""
    years = application.call.years
    plan = version_by_priority(version.data, years)
    context = {"application": application, "version": version, "snapshot": version.data, "plan": plan,
               "budget": version_budget(version.data, years)}
    shown = (version.pk, version.number, version.created_at, version.sha256, tuple(years), repr(plan))
    return kept("department/_submitted_version.html", context, shown)


@department_only
def conflict_page(request, pk):
    application = dossier_for(request, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if try_write(form, lambda: services.declare_conflict(
                request.user, pk, form.cleaned_data["has_conflict"], form.cleaned_data["explanation"])):
            messages.success(request, _("Uw verklaring is vastgelegd."))
            return redirect("department-dossier", pk=pk)
    return render(request, "department/conflict.html", {"application": application, "form": form})


@department_only
def assessment_page(request, pk):
    application = dossier_for(request, pk)
    criteria = application.call.criteria.all()
    previous = {a.criterion_id: a for a in application.assessments.filter(reviewer=request.user)}
    form = AssessmentForm(request.POST or None, criteria=criteria, initial_scores=previous)
    if request.method == "POST" and form.is_valid():
        if try_write(form, lambda: review.save_assessment(request.user, pk, form.scores())):
            messages.success(request, _("Uw beoordeling is bewaard."))
            return redirect("department-dossier", pk=pk)
    return render(request, "department/assessment.html", {"application": application, "form": form})


@department_only
@require_POST
def note_add(request, pk):
    form = NoteForm(request.POST)
    if form.is_valid():
        review.add_note(request.user, pk, form.cleaned_data["text"])
        messages.success(request, _("De notitie is bewaard."))
    else:
        dossier_for(request, pk)
        messages.error(request, _("Schrijf de notitie."))
    return redirect(reverse("department-dossier", kwargs={"pk": pk}) + "#notities")
