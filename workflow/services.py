"""Writes on the lifecycle. Every page and API endpoint goes through these functions.

Each one: finds the application only if the user may see it (404 otherwise), checks the
user's right on this very object (403), locks the row, checks the state (409), validates
the input (400) and the guards (409), changes the state, writes the audit trail, and lets
e-mails and letters follow only after the commit.
"""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from grants.completeness import read_contents
from grants.roles import Role, has_role
from grants.selectors import applications_visible_to, get_application_acting_for
from workflow.effects import take_snapshot
from workflow.exceptions import GuardFailed, TransitionConflict, wrong_state_message
from workflow.machine import STEPS_BY_NAME, Step
from workflow.models import (
    AuditEvent,
    AuditKind,
    ConflictDeclaration,
    Dossier,
    ReviewAssignment,
    SubmissionExtension,
)
from workflow.signals import dossier_assigned, transition_committed


def _locked_dossier(user, application_id) -> Dossier:
    """The dossier, locked, if the user may see it (404 otherwise); with in the same query
    whether the user acts for its applicant, which the applicant's steps ask."""
    queryset = Dossier.objects.filter(pk__in=applications_visible_to(user).values("pk"))
    return get_application_acting_for(user, application_id, queryset.select_for_update(of=("self",)))


def step_named(name: str) -> Step:
    try:
        return STEPS_BY_NAME[name]
    except KeyError:
        raise Http404(_("Deze stap bestaat niet.")) from None


def fire(user, application_id, name: str, data: dict | None = None) -> Dossier:
    """Fire transition ``name`` on the application as ``user`` with the form input ``data``."""
    step = step_named(name)
    try:
        with transaction.atomic():
            dossier = _locked_dossier(user, application_id)
            check_may_fire(step, dossier, user)
            if take_snapshot in step.effects:
                # Read the contents once, under the lock, for the guards and the frozen version
                # both: the version holds exactly what the guards found complete.
                read_contents(dossier)
            form = step.form(data or {}, application=dossier)
            if not form.is_valid():
                raise ValidationError(form.errors)
            _run(step, dossier, user, form)
    except ConcurrentTransition:
        raise TransitionConflict(_("Iemand anders wijzigde deze aanvraag op hetzelfde moment. "
                                   "Laad de pagina opnieuw.")) from None
    return dossier


def check_may_fire(step: Step, dossier, user) -> None:
    """Refuse as fire() does when this user may not take this step now: not theirs (403) or
    not from this state (409); the pages ask it too, so a form is shown only to who may use it."""
    if (refusal := step.actor.refusal(dossier, user)) is not None:
        raise PermissionDenied(refusal)
    if dossier.status not in step.sources:
        raise TransitionConflict(wrong_state_message(dossier, step))


def _run(step: Step, dossier: Dossier, user, form) -> AuditEvent:
    payload = form.cleaned_data
    from_status = dossier.status
    try:
        # django-fsm checks the step's guards (its ``conditions``); they are evaluated once
        # when they hold, and once more, for the reasons, only when they do not.
        getattr(dossier, step.name)(**payload)
    except TransitionNotAllowed:
        raise GuardFailed(step.refusals(dossier)) from None
    dossier.save(update_fields=["status", "updated_at"])
    event = AuditEvent(
        application=dossier, kind=AuditKind.TRANSITION, transition=step.name,
        from_status=from_status, to_status=dossier.status, actor=user,
        comment=form.internal_text(), message=form.applicant_text(),
        visible_to_applicant=step.visible_to_applicant,
    )
    for effect in step.effects:
        effect(dossier, user, payload, event)
    event.save()
    transaction.on_commit(partial(
        transition_committed.send, sender=Dossier, application_id=dossier.pk, step=step.name,
        event_id=event.pk, actor_id=user.pk,
    ))
    return event


def available_steps(user, application) -> list[Step]:
    """The steps this user can fire now, guards included (for buttons and the API)."""
    dossier = application if isinstance(application, Dossier) else Dossier.objects.get(pk=application.pk)
    names = {t.name for t in dossier.get_available_user_status_transitions(user)}
    return [step for name, step in STEPS_BY_NAME.items() if name in names]


def blocked_steps(user, application) -> list[tuple[Step, str]]:
    """The steps from this state meant for the user's role that they cannot take yet, each with
    the reason the actor (or a guard) gives: what is needed first, in the table's own words."""
    blocked = []
    for step in STEPS_BY_NAME.values():
        role = step.actor.role
        if application.status not in step.sources or not role or not has_role(user, role):
            continue
        if reason := step.actor.refusal(application, user) or " ".join(step.refusals(application)):
            blocked.append((step, reason))
    return blocked


def _audit(dossier, user, kind, comment="", visible=False, message="", **data) -> AuditEvent:
    return AuditEvent.objects.create(
        application=dossier, kind=kind, actor=user, comment=comment, message=message, data=data,
        from_status=dossier.status, to_status=dossier.status, visible_to_applicant=visible,
    )


@transaction.atomic
def grant_extension(user, application_id, until, reason: str) -> SubmissionExtension:
    """An administrator lets one application be submitted after the deadline, with a reason."""
    if not has_role(user, Role.BEHEERDER):
        raise PermissionDenied(_("Alleen een beheerder kan uitstel verlenen."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Geef de reden voor het uitstel.")})
    dossier = _locked_dossier(user, application_id)
    if until <= dossier.call.deadline:
        raise ValidationError({"until": _("Het uitstel moet na de deadline van de oproep eindigen.")})
    extension, _created = SubmissionExtension.objects.update_or_create(
        application=dossier,  # a moved extension is granted anew: its moment too
        defaults={"until": until, "reason": reason, "granted_by": user, "granted_at": timezone.now()}
    )
    _audit(dossier, user, AuditKind.EXTENSION, visible=True, message=reason, until=until.isoformat())
    return extension


@transaction.atomic
def withdraw_extension(user, application_id) -> None:
    """An administrator withdraws an extension before it runs out; the call's deadline holds again."""
    if not has_role(user, Role.BEHEERDER):
        raise PermissionDenied(_("Alleen een beheerder kan uitstel intrekken."))
    dossier = _locked_dossier(user, application_id)
    extension = SubmissionExtension.objects.filter(application=dossier).first()
    if extension is None:
        raise TransitionConflict(_("Deze aanvraag heeft geen uitstel."))
    if extension.until <= timezone.now():
        raise TransitionConflict(_("Dit uitstel is al verstreken en kan niet meer ingetrokken worden."))
    extension.delete()
    _audit(dossier, user, AuditKind.EXTENSION_WITHDRAWN, visible=True,
           message=_("Het uitstel is ingetrokken: de deadline van de oproep geldt opnieuw."),
           until=extension.until.isoformat())


@transaction.atomic
def declare_conflict(user, application_id, has_conflict: bool, explanation: str = "") -> ConflictDeclaration:
    """A reviewer states, once per dossier, whether they have a conflict of interest."""
    if not (has_role(user, Role.DOSSIERBEHANDELAAR) or has_role(user, Role.BESLISSER)):
        raise PermissionDenied(_("Alleen medewerkers van het departement verklaren belangenconflicten."))
    dossier = _locked_dossier(user, application_id)
    if ConflictDeclaration.objects.filter(application=dossier, reviewer=user).exists():
        raise TransitionConflict(_("U hebt voor dit dossier al een verklaring afgelegd."))
    if has_conflict and not explanation.strip():
        raise ValidationError({"explanation": _("Licht het belangenconflict kort toe.")})
    declaration = ConflictDeclaration.objects.create(
        application=dossier, reviewer=user, has_conflict=has_conflict, explanation=explanation
    )
    if has_conflict:
        ReviewAssignment.objects.filter(application=dossier, reviewer=user).delete()
    _audit(dossier, user, AuditKind.CONFLICT, explanation, has_conflict=has_conflict)
    return declaration


@transaction.atomic
def assign_reviewer(user, application_ids, reviewer) -> int:
    """Assign one reviewer to many dossiers at once; refuses if the reviewer has a conflict."""
    if not has_role(user, Role.DOSSIERBEHANDELAAR) and not has_role(user, Role.BEHEERDER):
        raise PermissionDenied(_("Alleen het departement wijst dossiers toe."))
    if not has_role(reviewer, Role.DOSSIERBEHANDELAAR):
        raise ValidationError({"reviewer": _("%(name)s is geen dossierbehandelaar.") % {"name": reviewer}})
    dossiers = list(Dossier.objects.filter(pk__in=application_ids).select_for_update(of=("self",)))
    if len(dossiers) != len(set(application_ids)):
        raise Http404
    conflicted = ConflictDeclaration.objects.filter(
        application__in=dossiers, reviewer=reviewer, has_conflict=True
    ).select_related("application")
    if conflicted:
        raise ValidationError({"reviewer": _(
            "%(name)s verklaarde een belangenconflict voor: %(dossiers)s. Kies iemand anders."
        ) % {"name": reviewer, "dossiers": ", ".join(str(c.application) for c in conflicted)}})
    for dossier in dossiers:
        ReviewAssignment.objects.update_or_create(
            application=dossier, defaults={"reviewer": reviewer, "assigned_by": user}
        )
        event = _audit(dossier, user, AuditKind.ASSIGNMENT, reviewer=reviewer.get_username())
        transaction.on_commit(partial(dossier_assigned.send, sender=Dossier, application_id=dossier.pk,
                                      event_id=event.pk, actor_id=user.pk))
    return len(dossiers)
