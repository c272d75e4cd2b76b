"""The dossier page and the department's own records on it: the declaration of (no)
conflict of interest, the assessment and the internal notes. The workflow's steps have
their own page (``steps``)."""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.completeness import missing_items, remember_missing_items
from grants.contents_cache import events_counts, through_cache
from grants.models import BEFORE_DECISION_STATUSES
from grants.plan import version_budget, version_by_priority
from grants.selectors import get_application_acting_for
from pages.department.access import DOSSIER_QUERYSET, department_only, dossier_for
from pages.department.forms import AssessmentForm, ConflictForm, NoteForm
from pages.forms import try_write
from workflow import review, services
from workflow.actors import ASSESSOR
from workflow.admissibility import admissibility_report, shares_a_municipality
from workflow.models import ApplicationVersion, AuditEvent, InternalNote
from workflow.snapshots import versions_with_changes


@department_only
def dossier_page(request, pk):
    # With what the page, its admissibility report and its steps ask of it, and the counts that
    # stamp what it keeps (below), in the same query.
    queryset = DOSSIER_QUERYSET.select_related("extension", "assignment__reviewer", "decision_letter")
    application = get_application_acting_for(request.user, pk, queryset,
                                             shares_a_municipality=shares_a_municipality())
    counts = events_counts(application.pk, AuditEvent, InternalNote, ApplicationVersion)
    parts = _kept_parts(application, counts)
    # The admissibility report and the completeness guard of the steps read it from here.
    remember_missing_items(application, parts["missing"])
    user = request.user
    my_declaration = next((d for d in parts["declarations"] if d.reviewer_id == user.pk), None)
    return render(request, "department/dossier.html", {
        "application": application, "call": application.call, **parts,
        "note_form": NoteForm(),
        "my_declaration": my_declaration,
        # A declaration matters until the decision is approved; after it, nobody is asked.
        "may_declare": my_declaration is None and application.status in BEFORE_DECISION_STATUSES,
        "blocked": services.blocked_steps(user, application),
        # Updated in place, with no event to stamp them: read each time.
        "assessments": application.assessments.select_related("criterion", "reviewer"),
        "admissibility": admissibility_report(application),
        "steps": services.available_steps(user, application),
        "can_assess": ASSESSOR.refusal(application, user) is None
        and application.status in review.ASSESSABLE,
        "assignment": getattr(application, "assignment", None),
    })


def _kept_parts(application, counts: str) -> dict:
    """What the page shows the same to every user, through the cache (grants.contents_cache):
    what the contents lack, the attachments, and the department's record rendered (the submitted
    version and what changed between versions, the questions, proposals, declarations, audit
    trail and notes; and the declarations themselves, for the user's own). The key covers the
    contents and the users' names (the reference stamp); the stamp here the record: counts of
    the append-only rows every write on it adds in its transaction (an audit event with each
    step, such as a question, its answer, a proposal, its approval or return, and with each
    declaration; a note; a version, also from the aftercare) and the letter, whose link it shows."""
    def compute():
        versions = versions_with_changes(application)
        context = {
            "application": application, "versions": versions,
            "declarations": list(application.conflict_declarations.select_related("reviewer")),
            "audit": application.audit_events.select_related("actor"),
            "notes": application.internal_notes.select_related("author"),
            "clarifications": application.clarifications.select_related("asked_by", "answered_by"),
            "proposals": application.decision_proposals.select_related("proposed_by", "approved_by", "act"),
            "letter": getattr(application, "decision_letter", None),
            "attachments": application.attachments.select_related("attachment_type", "municipality").order_by(
                "attachment_type__order", F("municipality__name").asc(nulls_first=True), "pk"),
        }
        return {
            "missing": missing_items(application),
            "declarations": context["declarations"],
            "submitted": _submitted(application, versions[0].version) if versions else "",
            **{f"{name}_html": render_to_string(f"department/_dossier_{name}.html", context)
               for name in ("attachments", "clarifications", "history", "notes")},
        }
    letter = getattr(application, "decision_letter", None)
    return through_cache(application, "dossier", compute, stamp=f"{counts}-{letter.pk if letter else ''}")


def _submitted(application, version) -> SafeString:
    """The submitted version, rendered with the call's years and the plan's names as they are."""
    years = application.call.years
    return render_to_string("department/_submitted_version.html", {
        "application": application, "version": version, "snapshot": version.data,
        "plan": version_by_priority(version.data, years), "budget": version_budget(version.data, years)})


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
