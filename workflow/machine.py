"""The application's lifecycle, as one table.

Read a row as: from these states, this step leads to that state; this actor may fire it
when these guards hold; it asks for this input and writes these effects in the same
transaction. After the commit every step sends ``transition_committed``, on which the
e-mails (notifications.receivers) and the decision letter (workflow.letters) follow.
``docs/workflow.md`` is generated from this table (``manage.py workflow_diagram``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from grants.models import BEFORE_DECISION_STATUSES, DECIDED_STATUSES
from grants.models import ApplicationStatus as S
from workflow import effects, forms, guards
from workflow.actors import APPLICANT, ASSESSOR, DECIDER, REVIEWER, Actor


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]  # more than one: the input decides (the approved outcome)
    actor: Actor
    guards: tuple[Callable, ...] = ()
    form: type[forms.TransitionForm] = forms.TransitionForm
    effects: tuple[Callable, ...] = ()
    visible_to_applicant: bool = True

    def refusals(self, application) -> list[str]:
        return [reason for guard in self.guards for reason in guard(application)]


STEPS: tuple[Step, ...] = (
    Step("submit", _("Indienen"), (S.CONCEPT,), (S.INGEDIEND,), APPLICANT,
         guards=(guards.submission_window_open, guards.application_complete),
         form=forms.SubmitForm,
         # The number last: it locks the call, and every submission to the call waits for that lock.
         effects=(effects.take_snapshot, effects.assign_dossier_number)),
    Step("declare_admissible", _("Ontvankelijk verklaren"), (S.INGEDIEND,), (S.ONTVANKELIJK,), REVIEWER,
         guards=(guards.application_complete,)),
    Step("declare_inadmissible", _("Onontvankelijk verklaren"), (S.INGEDIEND,), (S.ONONTVANKELIJK,),
         REVIEWER, form=forms.MotivatedForm),
    Step("start_assessment", _("Beoordeling starten"), (S.ONTVANKELIJK,), (S.IN_BEOORDELING,), ASSESSOR),
    Step("request_clarification", _("Aanvulling vragen"), (S.IN_BEOORDELING,), (S.AANVULLING_GEVRAAGD,),
         ASSESSOR, form=forms.ClarificationForm, effects=(effects.record_clarification,)),
    Step("resubmit", _("Aanvulling indienen"), (S.AANVULLING_GEVRAAGD,), (S.IN_BEOORDELING,), APPLICANT,
         guards=(guards.application_complete,), form=forms.AnswerForm,
         effects=(effects.record_answer, effects.take_snapshot)),
    Step("propose_decision", _("Beslissing voorstellen"), (S.IN_BEOORDELING, S.ONONTVANKELIJK),
         (S.BESLISSING_VOORGESTELD,), ASSESSOR, form=forms.DecisionProposalForm,
         effects=(effects.record_proposal,), visible_to_applicant=False),
    Step("return_to_review", _("Terugsturen naar beoordeling"), (S.BESLISSING_VOORGESTELD,),
         (S.IN_BEOORDELING,), DECIDER, form=forms.InternalMotivationForm,
         effects=(effects.return_proposal,), visible_to_applicant=False),
    Step("approve_decision", _("Beslissing goedkeuren"), (S.BESLISSING_VOORGESTELD,), DECIDED_STATUSES,
         DECIDER, form=forms.ApprovalForm, effects=(effects.approve_proposal,)),
    Step("withdraw", _("Aanvraag intrekken"), BEFORE_DECISION_STATUSES, (S.INGETROKKEN,), APPLICANT,
         form=forms.WithdrawForm, effects=(effects.release_municipalities,)),
)

STEPS_BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}
