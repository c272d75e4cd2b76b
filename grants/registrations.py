"""The registration of a new samenwerkingsverband (or centrumstad), as one table.

A municipality's user registers the organisation (``register``); the department confirms it,
which creates the applicant organisation with the registering user as its first user, or
refuses it with a reason. ``fire_registration`` is the one door for both steps: permission,
row lock, state check, input, the change and its effects, all in one transaction.
``docs/registrations.md`` is generated from this table (``manage.py workflow_diagram``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import (
    Applicant,
    ApplicantKind,
    OrganisationMembership,
    Registration,
    RegistrationStatus,
)
from grants.models.organisations import centrumstad_refusal
from grants.roles import Role, has_role
from grants.selectors import can_act_for_municipality
from grants.validators import normalize_kbo, validate_kbo

S = RegistrationStatus


def department_refusal(user) -> str | None:
    if has_role(user, Role.DOSSIERBEHANDELAAR) or has_role(user, Role.BEHEERDER):
        return None
    return _("Alleen een dossierbehandelaar of beheerder van het departement behandelt een aanmelding.")


def create_applicant(registration: Registration, user) -> None:
    """The organisation exists from now on; whoever registered it acts for it."""
    applicant = Applicant(
        name=registration.name, kind=registration.kind, legal_form=registration.legal_form,
        kbo_number=registration.kbo_number, lead_municipality=registration.lead_municipality,
        email=registration.email)
    applicant.full_clean()
    applicant.save()
    OrganisationMembership.objects.get_or_create(user=registration.registered_by, applicant=applicant)
    registration.applicant = applicant


def require_reason(registration: Registration, user) -> None:
    if not registration.reason.strip():
        raise ValidationError({"reason": _("Geef de reden van de weigering: de aanvrager leest ze.")})


@dataclass(frozen=True)
class RegistrationStep:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    actor: str
    refusal: Callable  # (user) -> str | None
    effects: tuple[Callable, ...] = ()


STEPS: tuple[RegistrationStep, ...] = (
    RegistrationStep("confirm", gettext_lazy("Aanmelding bevestigen"), (S.AANGEMELD,), S.BEVESTIGD,
                     gettext_lazy("dossierbehandelaar of beheerder"), department_refusal,
                     effects=(create_applicant,)),
    RegistrationStep("refuse", gettext_lazy("Aanmelding weigeren"), (S.AANGEMELD,), S.GEWEIGERD,
                     gettext_lazy("dossierbehandelaar of beheerder"), department_refusal,
                     effects=(require_reason,)),
)
STEPS_BY_NAME = {step.name: step for step in STEPS}


@transaction.atomic
def register(user, data: dict) -> Registration:
    """A municipality's user registers a new organisation it leads (as penvoerder)."""
    lead = data.get("lead_municipality")
    if lead is None or not can_act_for_municipality(user, lead.pk):
        raise PermissionDenied(_("U kunt alleen een samenwerkingsverband aanmelden met als penvoerder een "
                                 "gemeente waarvoor u mag optreden."))
    kind = data.get("kind") or ApplicantKind.SAMENWERKINGSVERBAND
    members = list(data.get("members") or [])
    errors = {}
    if refusal := centrumstad_refusal(kind, lead):
        errors["kind"] = refusal
    if kind == ApplicantKind.SAMENWERKINGSVERBAND and not data.get("legal_form"):
        errors["legal_form"] = _("Kies de rechtsvorm van het samenwerkingsverband.")
    if lead not in members:
        members.append(lead)
    if kind != ApplicantKind.SAMENWERKINGSVERBAND and members != [lead]:
        errors["members"] = _("Een centrumstad dient alleen voor de eigen gemeente in.")
    kbo = normalize_kbo(data.get("kbo_number") or "")
    if kbo:
        try:
            validate_kbo(kbo)
        except ValidationError as error:
            errors["kbo_number"] = error.messages
    if errors:
        raise ValidationError(errors)
    registration = Registration.objects.create(
        name=data["name"].strip(), kind=kind, legal_form=data.get("legal_form") or "", kbo_number=kbo,
        lead_municipality=lead, email=data.get("email") or "", registered_by=user)
    registration.members.set(members)
    return registration


def fire_registration(user, registration_id, name: str, reason: str = "") -> Registration:
    step = STEPS_BY_NAME.get(name)
    if step is None:
        raise ValidationError(_("Deze stap bestaat niet."))
    if refusal := step.refusal(user):
        raise PermissionDenied(refusal)
    with transaction.atomic():
        registration = get_object_or_404(Registration.objects.select_for_update(), pk=registration_id)
        if registration.status not in step.sources:
            raise ValidationError(_("Deze aanmelding is al behandeld: ze heeft de status '%(status)s'.")
                                  % {"status": registration.get_status_display()}, code="wrong_state")
        registration.reason = reason or ""
        for effect in step.effects:
            effect(registration, user)
        registration.status, registration.decided_by = step.target, user
        registration.decided_at = timezone.now()
        registration.save()
    return registration


def registrations_of(user):
    """The registrations made by the user (the department sees all)."""
    if department_refusal(user) is None:
        return Registration.objects.all()
    return Registration.objects.filter(registered_by=user)
