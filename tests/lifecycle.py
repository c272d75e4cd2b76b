"""Helpers for the lifecycle tests: a cast of users, one per kind of actor, and
applications placed in any state with the records that state implies."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User

from grants.models import Application, ApplicationStatus
from grants.roles import Role
from tests import factories
from workflow.models import ClarificationRequest, ConflictDeclaration, DecisionProposal

BRUSSELS = ZoneInfo("Europe/Brussels")
# A moment when the 2023–2025 call accepts submissions.
DURING_CALL = datetime(2023, 1, 10, 14, 0, tzinfo=BRUSSELS)

# What each user is, for the expectations; the code under test never reads these names.
ROLES = ("member", "outsider", "reviewer", "reviewer_undeclared", "reviewer_conflicted",
         "decider", "decider_undeclared", "proposer", "admin")


@dataclass
class Cast:
    member: User
    outsider: User
    reviewer: User
    reviewer_undeclared: User
    reviewer_conflicted: User
    decider: User
    decider_undeclared: User
    proposer: User
    admin: User

    def __getitem__(self, name: str) -> User:
        return getattr(self, name)


def make_cast(applicant) -> Cast:
    other = factories.make_applicant(name="Andere regio", lead="Gent")
    proposer = factories.make_user(Role.DOSSIERBEHANDELAAR, username="voorsteller")
    proposer.groups.add(Group.objects.get_or_create(name=Role.BESLISSER)[0])
    return Cast(
        member=factories.make_user(Role.AANVRAGER, organisation=applicant, username="lid"),
        outsider=factories.make_user(Role.AANVRAGER, organisation=other, username="buitenstaander"),
        reviewer=factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar"),
        reviewer_undeclared=factories.make_user(Role.DOSSIERBEHANDELAAR, username="onverklaard"),
        reviewer_conflicted=factories.make_user(Role.DOSSIERBEHANDELAAR, username="conflict"),
        decider=factories.make_user(Role.BESLISSER, username="beslisser"),
        decider_undeclared=factories.make_user(Role.BESLISSER, username="beslisser_onverklaard"),
        proposer=proposer,
        admin=factories.make_user(Role.BEHEERDER, username="beheerder"),
    )


def declare(cast: Cast, application: Application) -> None:
    for user, conflict in ((cast.reviewer, False), (cast.proposer, False), (cast.decider, False),
                           (cast.reviewer_conflicted, True)):
        ConflictDeclaration.objects.create(application=application, reviewer=user, has_conflict=conflict,
                                           explanation="familie" if conflict else "")


def place_in(status: str, cast: Cast, application: Application) -> Application:
    """Put a complete application in ``status`` directly, with the records that go with it.

    Only for setting up a test: the status is set at construction, which django-fsm allows.
    """
    application = Application.objects.get(pk=application.pk)
    Application.objects.filter(pk=application.pk).update(status=status)
    if status != ApplicationStatus.CONCEPT:
        Application.objects.filter(pk=application.pk).update(dossier_number=f"LR-TEST-{application.pk:03d}")
    if status == ApplicationStatus.AANVULLING_GEVRAAGD:
        ClarificationRequest.objects.create(application=application, question="Welke partners?",
                                            deadline=DURING_CALL.replace(month=2), asked_by=cast.reviewer)
    if status == ApplicationStatus.BESLISSING_VOORGESTELD:
        DecisionProposal.objects.create(
            application=application, outcome="toekenning", motivation="Goed plan.",
            amounts={"2023": "50000.00", "2024": "50000.00", "2025": "50000.00"}, proposed_by=cast.proposer,
        )
    return Application.objects.get(pk=application.pk)


def payload_for(step_name: str, status: str) -> dict:
    """Valid input for each step, as the web form or the API would post it."""
    full = {"amount_2023": "50000.00", "amount_2024": "50000.00", "amount_2025": "50000.00"}
    return {
        "submit": {"declaration": "on"},
        "declare_inadmissible": {"comment": "Geen gemeenteraadsbeslissingen."},
        "request_clarification": {"question": "Welke partners werken mee aan WSE-LR4?"},
        "resubmit": {"answer": "VDAB en het OCMW."},
        "propose_decision": (
            {"outcome": "weigering", "motivation": "Onontvankelijk."}
            if status == ApplicationStatus.ONONTVANKELIJK
            else {"outcome": "toekenning", "motivation": "Sterk plan.",
                  "deviation_motivation": "Het plan rechtvaardigt het gevraagde bedrag.", **full}
        ),
        "return_to_review": {"comment": "Motivering aanvullen."},
        "withdraw": {"comment": "We dienen samen met de buurgemeenten in."},
    }.get(step_name, {})
