"""The applicant's side of the lifecycle: check and submit, the receipt, the read-only
follow-up (state, history, clarification requests and answers) and withdrawal.

Thin: reads from grants.completeness and the workflow records; every state change goes
through workflow.services.fire.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aftercare.selectors import dossier_aftercare
from grants.completeness import cached_missing_items
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
from workflow.models import AuditEvent, ClarificationRequest


def _application(request, pk):
    application = get_application_for_portal(request.user, pk)
    if not can_act_for(request.user, application.applicant):
        raise PermissionDenied(_("Deze pagina is voor de aanvrager."))
    return application


def _fire(request, form, application, step) -> bool:
    """Fire a step with the posted form; on refusal the reasons go on the form."""
    return try_write(form, lambda: services.fire(request.user, application.pk, step, request.POST.dict()))


@login_required
def submit(request, pk):
    application = _application(request, pk)
    if not application.is_draft:  # a clarification is answered on the follow-up page
        if not application.is_editable:
            messages.info(request, _("Deze aanvraag is al ingediend."))
        return redirect("portal-status", pk=application.pk)
    form = SubmitForm(posted(request), application=application)
    if request.method == "POST" and form.is_valid() and _fire(request, form, application, "submit"):
        return redirect("portal-receipt", pk=application.pk)
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
    application = _application(request, pk)
    events = list(AuditEvent.objects.filter(application=application, visible_to_applicant=True)
                  .order_by("at", "pk"))
    for event in events:
        event.label = STEPS_BY_NAME[event.transition].label if event.transition else event.get_kind_display()
    clarifications = ClarificationRequest.objects.filter(application=application).order_by("asked_at")
    form = AnswerForm(posted(request), application=application)
    if request.method == "POST" and form.is_valid() and _fire(request, form, application, "resubmit"):
        messages.success(request, _("Uw aanvulling is ingediend. Het departement behandelt uw aanvraag "
                                    "verder."))
        return redirect("portal-status", pk=application.pk)
    missing = cached_missing_items(application) if application.is_editable else []
    return render(request, "portal/status.html", {
        "application": application, "events": events, "clarifications": clarifications,
        "open_request": open_clarification(application) if application.awaits_clarification else None,
        "decision": approved_proposal(application) if application.status in DECIDED_STATUSES else None,
        "form": form, "checklist": checklist(application, missing),
        "versions": application.versions.order_by("number"),
        "letter": getattr(application, "decision_letter", None),
        "can_withdraw": application.status in services.step_named("withdraw").sources,
        "aftercare": dossier_aftercare(application, applicant_view=True) if application.is_granted else None,
    }, status=409 if form.errors else 200)


@login_required
def withdraw(request, pk):
    application = _application(request, pk)
    form = WithdrawForm(posted(request), application=application)
    if request.method == "POST" and form.is_valid() and _fire(request, form, application, "withdraw"):
        messages.success(request, _("De aanvraag is ingetrokken. De gemeenten kunnen opnieuw in een "
                                    "andere aanvraag opgenomen worden."))
        return redirect("home")
    return render(request, "portal/withdraw.html", {"application": application, "form": form})
