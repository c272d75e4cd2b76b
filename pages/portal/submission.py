"""The applicant's side of the lifecycle: check and submit, the receipt, the read-only
follow-up (state, history, clarification requests and answers) and withdrawal.

Thin: reads from grants.completeness and the workflow records; every state change goes
through workflow.services.fire.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from aftercare.models import AftercareEvent
from aftercare.selectors import dossier_aftercare
from grants.completeness import cached_missing_items
from grants.contents_cache import events_count, through_cache
from grants.models import DECIDED_STATUSES
from grants.selectors import can_act_for, get_application_for_portal
from pages.forms import posted, try_write
from pages.portal.common import summary_html
from pages.portal.sections import checklist
from workflow import services
from workflow.actors import open_clarification
from workflow.forms import AnswerForm, SubmitForm, WithdrawForm
from workflow.letters.content import approved_proposal
from workflow.machine import STEPS_BY_NAME
from workflow.models import AuditEvent, DecisionLetter


def _application(request, pk, **annotations):
    application = get_application_for_portal(request.user, pk, **annotations)
    if not can_act_for(request.user, application.applicant):
        raise PermissionDenied(_("Deze pagina is voor de aanvrager."))
    return application


def _fire(request, form, pk, step) -> bool:
    """Fire a step with the posted form; on refusal the reasons go on the form."""
    return try_write(form, lambda: services.fire(request.user, pk, step, request.POST.dict()))


@login_required
def submit(request, pk):
    # Fired before the page reads the application: fire reads it under its lock and refuses
    # whoever may not submit it (404, 403, 409), so the deadline's submissions read it once.
    form = SubmitForm(posted(request))
    if request.method == "POST" and form.is_valid() and _fire(request, form, pk, "submit"):
        return redirect("portal-receipt", pk=pk)
    application = _application(request, pk)
    if not application.is_draft:  # a clarification is answered on the follow-up page
        if not application.is_editable:
            messages.info(request, _("Deze aanvraag is al ingediend."))
        return redirect("portal-status", pk=application.pk)
    missing = cached_missing_items(application)
    return render(request, "portal/submit.html", {
        "application": application, "form": form, "checklist": checklist(application, missing),
        "summary": summary_html(application),
    }, status=409 if form.errors else 200)


@login_required
def receipt(request, pk):
    application = _application(request, pk)
    version = application.versions.order_by("-number").first()
    if version is None:
        return redirect("application-overview", pk=application.pk)
    return render(request, "portal/receipt.html", {"application": application, "version": version})


@login_required
def status(request, pk):
    application = _application(request, pk, audit_count=events_count(AuditEvent),
                                aftercare_count=events_count(AftercareEvent),
                                has_letter=Exists(DecisionLetter.objects.filter(application=OuterRef("pk"))))
    form = AnswerForm(posted(request), application=application)
    if request.method == "POST" and form.is_valid() and _fire(request, form, application.pk, "resubmit"):
        messages.success(request, _("Uw aanvulling is ingediend. Het departement behandelt uw aanvraag "
                                    "verder."))
        return redirect("portal-status", pk=application.pk)
    missing = cached_missing_items(application) if application.is_editable else []
    return render(request, "portal/status.html", {
        "application": application, **_follow_up(application),
        "open_request": open_clarification(application) if application.awaits_clarification else None,
        "form": form, "checklist": checklist(application, missing),
        "can_withdraw": application.status in services.step_named("withdraw").sources,
    }, status=409 if form.errors else 200)


def _follow_up(application) -> dict:
    """The status page's record of the dossier: the decision and its letter, the aftercare's
    years, the history, the questions asked and the versions submitted. Rendered once per
    version of the application and of its events (workflow and aftercare) and letter: every
    write on them adds an event in its transaction (grants.contents_cache.events_count)."""
    def render_parts():
        decided, granted = application.status in DECIDED_STATUSES, application.is_granted
        context = {
            "application": application, "events": _history(application),
            "clarifications": application.clarifications.order_by("asked_at"),
            "decision": approved_proposal(application) if decided else None,
            "versions": application.versions.order_by("number"),
            "aftercare": dossier_aftercare(application, applicant_view=True) if granted else None,
        }
        return {"decision_html": render_to_string("portal/_status_decision.html", context),
                "history_html": render_to_string("portal/_status_history.html", context)}
    stamp = f"{application.audit_count}-{application.aftercare_count}-{application.has_letter}"
    return through_cache(application, "follow-up", render_parts, stamp=stamp)


def _history(application) -> list:
    """What happened that the applicant may see, each with its label."""
    events = list(application.audit_events.filter(visible_to_applicant=True).order_by("at", "pk"))
    for event in events:
        event.label = STEPS_BY_NAME[event.transition].label if event.transition else event.get_kind_display()
    return events


@login_required
def withdraw(request, pk):
    application = _application(request, pk)
    form = WithdrawForm(posted(request), application=application)
    if request.method == "POST" and form.is_valid() and _fire(request, form, application.pk, "withdraw"):
        messages.success(request, _("De aanvraag is ingetrokken. De gemeenten kunnen opnieuw in een "
                                    "andere aanvraag opgenomen worden."))
        return redirect("home")
    return render(request, "portal/withdraw.html", {"application": application, "form": form})
