"""The aftercare's three lifecycles, each one table: the yearly report, the payment tranche
and the recovery. Read a row as in workflow/machine.py: from these states, this step leads
to that state; this actor may take it when these guards hold; it asks for this input and
writes these effects in the same transaction. After the commit every step sends
``aftercare.signals.step_committed``, on which the e-mails follow (notifications).
``docs/aftercare.md`` is generated from these tables (``manage.py aftercare_diagram``).

How an object starts is not a step of its table: a report starts as a draft when the
applicant first saves it (``services.save_report``), tranches are planned when a decision
with money is approved (``services.plan_tranches``), a recovery is proposed by a
dossierbehandelaar (``services.propose_recovery``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from aftercare import effects, forms, guards
from aftercare.actors import APPLICANT, REVIEWER, SECOND
from aftercare.models import (
    Appeal,
    AppealStatus,
    ChangeStatus,
    PlanChange,
    Recovery,
    RecoveryStatus,
    ReportStatus,
    Tranche,
    TrancheStatus,
    YearlyReport,
)
from workflow.actors import Actor


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    actor: Actor
    guards: tuple[Callable, ...] = ()
    form: type[forms.StepForm] = forms.StepForm
    effects: tuple[Callable, ...] = ()
    visible_to_applicant: bool = True

    def refusals(self, obj) -> list[str]:
        return [reason for guard in self.guards for reason in guard(obj)]


@dataclass(frozen=True)
class Lifecycle:
    name: str  # in URLs, the API and the audit trail
    label: str
    model: type[models.Model]
    states: type[models.TextChoices]
    start: str  # the state an object is created in
    started_by: str  # the service that creates it (documentation)
    steps: tuple[Step, ...]

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise Http404(gettext("Deze stap bestaat niet."))


R, T, V = ReportStatus, TrancheStatus, RecoveryStatus
_ = gettext_lazy

REPORT = Lifecycle("jaarverslag", _("jaarverslag"), YearlyReport, ReportStatus, R.CONCEPT,
                   "services.save_report", (
    Step("submit", _("Jaarverslag indienen"), (R.CONCEPT,), R.INGEDIEND, APPLICANT,
         guards=(guards.year_over, guards.report_complete), form=forms.SubmitReportForm,
         effects=(effects.stamp_submitted,)),
    Step("request_changes", _("Bijsturing vragen"), (R.INGEDIEND,), R.BIJSTURING_GEVRAAGD, REVIEWER,
         form=forms.BijsturingForm, effects=(effects.record_question,)),
    Step("answer", _("Bijsturing indienen"), (R.BIJSTURING_GEVRAAGD,), R.INGEDIEND, APPLICANT,
         guards=(guards.report_complete,), form=forms.AnswerForm, effects=(effects.record_answer,)),
    Step("approve", _("Jaarverslag goedkeuren"), (R.INGEDIEND,), R.GOEDGEKEURD, REVIEWER,
         effects=(effects.stamp_approved, effects.close_when_done)),
))

TRANCHE = Lifecycle("schijf", _("schijf"), Tranche, TrancheStatus, T.GEPLAND, "services.plan_tranches", (
    Step("propose", _("Betaling voorstellen"), (T.GEPLAND,), T.VOORGESTELD, REVIEWER,
         guards=(guards.trigger_met,), effects=(effects.stamp_proposed,), visible_to_applicant=False),
    Step("approve", _("Betaling goedkeuren"), (T.VOORGESTELD,), T.GOEDGEKEURD, SECOND,
         guards=(guards.trigger_met,), effects=(effects.stamp_approved,)),
    Step("send_back", _("Voorstel terugsturen"), (T.VOORGESTELD,), T.GEPLAND, SECOND,
         form=forms.InternalMotivationStepForm, effects=(effects.clear_proposal,),
         visible_to_applicant=False),
    Step("mark_paid", _("Als betaald registreren"), (T.GOEDGEKEURD,), T.BETAALD, REVIEWER,
         form=forms.PaidForm, effects=(effects.record_payment, effects.close_when_done)),
    Step("cancel", _("Schijf schrappen"), (T.GEPLAND,), T.GESCHRAPT, REVIEWER,
         form=forms.MotivatedStepForm, effects=(effects.close_when_done,)),
))

RECOVERY = Lifecycle("terugvordering", _("terugvordering"), Recovery, RecoveryStatus, V.VOORGESTELD,
                     "services.propose_recovery", (
    Step("decide", _("Terugvordering beslissen"), (V.VOORGESTELD,), V.BESLIST, SECOND,
         effects=(effects.decide_recovery,)),
    Step("reject", _("Terugvordering afwijzen"), (V.VOORGESTELD,), V.AFGEWEZEN, SECOND,
         form=forms.InternalMotivationStepForm, effects=(effects.close_when_done,),
         visible_to_applicant=False),
    Step("settle", _("Terugbetaling registreren"), (V.BESLIST,), V.VEREFFEND, REVIEWER,
         form=forms.SettledForm, effects=(effects.record_payment, effects.close_when_done)),
))

C, A = ChangeStatus, AppealStatus

CHANGE = Lifecycle("wijziging", _("wijziging"), PlanChange, ChangeStatus, C.GEMELD,
                   "services.report_change", (
    Step("accept", _("Wijziging aanvaarden"), (C.GEMELD,), C.AANVAARD, REVIEWER,
         guards=(guards.change_applicable,), effects=(effects.accept_change,)),
    Step("propose", _("Nieuwe bedragen voorstellen"), (C.GEMELD,), C.VOORGESTELD, REVIEWER,
         guards=(guards.change_applicable,), form=forms.AmountsForm, effects=(effects.record_proposal,),
         visible_to_applicant=False),
    Step("approve", _("Wijzigingsbeslissing nemen"), (C.VOORGESTELD,), C.AANVAARD, SECOND,
         guards=(guards.change_applicable,), form=forms.LaterActForm,
         effects=(effects.accept_change, effects.amending_decision)),
    Step("send_back", _("Voorstel terugsturen"), (C.VOORGESTELD,), C.GEMELD, SECOND,
         form=forms.InternalMotivationStepForm, effects=(effects.clear_proposal,),
         visible_to_applicant=False),
    Step("refuse", _("Wijziging weigeren"), (C.GEMELD,), C.GEWEIGERD, REVIEWER, form=forms.MotivatedStepForm),
    Step("withdraw", _("Melding intrekken"), (C.GEMELD,), C.INGETROKKEN, APPLICANT),
))

APPEAL = Lifecycle("beroep", _("heroverweging, beroep of rechtzetting"), Appeal, AppealStatus, A.INGEDIEND,
                   "services.request_reconsideration (aanvrager) or services.register_appeal (departement)", (
    Step("confirm", _("Beslissing bevestigen"), (A.INGEDIEND,), A.BEVESTIGD, SECOND,
         guards=(guards.is_reconsideration,), form=forms.ConfirmForm, effects=(effects.confirm_decision,)),
    Step("propose", _("Nieuwe beslissing voorstellen"), (A.INGEDIEND, A.VERNIETIGD), A.VOORGESTELD, REVIEWER,
         guards=(guards.decision_open,), form=forms.AmountsForm, effects=(effects.record_proposal,),
         visible_to_applicant=False),
    Step("decide", _("Nieuwe beslissing nemen"), (A.VOORGESTELD,), A.HERZIEN, SECOND, form=forms.LaterActForm,
         effects=(effects.new_decision,)),
    Step("annul", _("Vernietiging registreren"), (A.INGEDIEND,), A.VERNIETIGD, REVIEWER,
         guards=(guards.is_council_of_state,), form=forms.JudgmentForm, effects=(effects.record_judgment,)),
    Step("dismiss", _("Verwerping registreren"), (A.INGEDIEND,), A.VERWORPEN, REVIEWER,
         guards=(guards.is_council_of_state,), form=forms.JudgmentForm, effects=(effects.record_judgment,)),
    Step("withdraw", _("Verzoek intrekken"), (A.INGEDIEND,), A.INGETROKKEN, APPLICANT,
         guards=(guards.is_reconsideration,)),
))

LIFECYCLES: dict[str, Lifecycle] = {
    lifecycle.name: lifecycle for lifecycle in (REPORT, TRANCHE, RECOVERY, CHANGE, APPEAL)
}


def lifecycle_named(name: str) -> Lifecycle:
    try:
        return LIFECYCLES[name]
    except KeyError:
        raise Http404(gettext("Deze levensloop bestaat niet.")) from None
