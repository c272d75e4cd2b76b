"""The page that takes one step of the workflow on a dossier (workflow.machine): the step's
form, and for some steps a panel beside it, looked up by step name in ``PANELS``."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pages.department.access import department_only, dossier_for
from pages.forms import REFUSALS, refusal_status, refusal_text
from workflow import services
from workflow.actors import current_proposal
from workflow.admissibility import admissibility_report
from workflow.decisions import envelope_check


@department_only
def step_page(request, pk, step_name):
    application = dossier_for(request, pk)
    step = services.step_named(step_name)
    if request.method != "POST" and (refused := _refused(request, application, step)):
        return refused
    panel = PANELS.get(step_name)
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
            if panel and panel.after_step:
                panel.after_step(request, application, form)
            messages.success(request, _("'%(step)s' is gebeurd.") % {"step": step.label})
            return redirect("department-dossier", pk=pk)
    context = {"application": application, "step": step, "form": form, "refusal": refusal}
    if panel:
        context |= panel.context(application, form)
    return render(request, "department/step.html", context, status=status)


def _refused(request, application, step):
    """The reason, without the form, for whoever may not take the step now (as a POST would
    answer: 403 not theirs, 409 not from this state); None when the form may be shown."""
    try:
        services.check_may_fire(step, application, request.user)
    except REFUSALS as error:
        return render(request, "department/step.html", {"application": application, "step": step,
                                                        "refusal": refusal_text(error)},
                      status=refusal_status(error))
    return None


def admissibility_panel(application, form) -> dict:
    return {"admissibility": admissibility_report(application)}


def proposal_panel(application, form) -> dict:
    return {"proposal": current_proposal(application)}


def envelope_panel(application, form) -> dict:
    return {"envelope": _envelope(application, form)}


def warn_if_envelope_exceeded(request, application, form) -> None:
    for year in _envelope(application, form):
        if year.exceeded_by:
            messages.warning(request, _("Let op: met dit voorstel wordt het budget voor %(year)s "
                                        "overschreden als het wordt goedgekeurd.") % {"year": year.year})


def _envelope(application, form):
    """The call's envelope per year against the amounts typed so far (or requested)."""
    return envelope_check(application.call, form.typed_amounts())


@dataclass(frozen=True)
class Panel:
    """What the step page shows above a step's form (a context for department/step.html),
    and what it says once the step is taken, if anything."""

    context: Callable[..., dict]  # (application, form)
    after_step: Callable[..., None] | None = None  # (request, application, form)


# By step name; tests/test_step_tables.py checks each name is a step of workflow.machine.
PANELS: dict[str, Panel] = {
    "declare_admissible": Panel(admissibility_panel),
    "declare_inadmissible": Panel(admissibility_panel),
    "propose_decision": Panel(envelope_panel, after_step=warn_if_envelope_exceeded),
    "approve_decision": Panel(proposal_panel),
}
