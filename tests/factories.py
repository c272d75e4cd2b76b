"""Builders for test data that a real user would recognise: real municipalities,
a complete plan for 2023–2025, real PDF attachments."""

import hashlib
import itertools
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile

from grants.models import (
    Action,
    ActionYear,
    Applicant,
    ApplicantKind,
    Application,
    ApplicationMunicipality,
    Attachment,
    AttachmentType,
    BudgetCategory,
    BudgetLine,
    BudgetSource,
    Call,
    Indicator,
    LegalForm,
    Municipality,
    OrganisationMembership,
    PartnerType,
    PolicyPriority,
    Province,
    TargetGroup,
)
from grants.reference_data import load_reference_data
from grants.rehearsal import copy_call_as_rehearsal
from grants.roles import Role

CALL_CODE = "lokale-regie-2023-2025"
_seq = itertools.count(1)

# A minimal valid one-page PDF.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def ensure_reference_data():
    if Municipality.objects.count() != 300 or not Call.objects.filter(code=CALL_CODE).exists():
        load_reference_data()


def remove_reference_data():
    """Back to an empty database, for a test of the first load (conftest loads it once)."""
    for model in (Call, Municipality, Province, PolicyPriority, TargetGroup, PartnerType,
                  AttachmentType, Group):
        model.objects.all().delete()


def the_call() -> Call:
    ensure_reference_data()
    return Call.objects.get(code=CALL_CODE)


def make_user(role: str = Role.AANVRAGER, organisation: Applicant | None = None, username=None) -> User:
    username = username or f"{role}{next(_seq)}"
    user = User.objects.create_user(username=username, password="wachtwoord-123",
                                    email=f"{username}@example.be", first_name=username.title())
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if organisation is not None:
        OrganisationMembership.objects.create(user=user, applicant=organisation)
    return user


def municipalities(*names: str) -> list[Municipality]:
    found = {m.name: m for m in Municipality.objects.filter(name__in=names)}
    return [found[name] for name in names]


def make_applicant(name=None, kind=ApplicantKind.SAMENWERKINGSVERBAND, lead="Kortrijk") -> Applicant:
    return Applicant.objects.create(
        name=name or f"Regio {next(_seq)}",
        kind=kind,
        legal_form=LegalForm.INTERLOKALE_VERENIGING if kind == ApplicantKind.SAMENWERKINGSVERBAND else "",
        kbo_number="0314595348",
        lead_municipality=Municipality.objects.get(name=lead),
    )


def make_application(call=None, applicant=None, members=("Kortrijk", "Kuurne", "Harelbeke"),
                     complete=True, user=None) -> Application:
    call = call or the_call()
    applicant = applicant or make_applicant(lead=members[0])
    application = Application.objects.create(call=call, applicant=applicant, created_by=user)
    add_members(application, members)
    if complete:
        complete_application(application)
    return application


def add_members(application: Application, names) -> None:
    ApplicationMunicipality.objects.bulk_create(
        ApplicationMunicipality(application=application, municipality=m, call=application.call)
        for m in municipalities(*names)
    )


def complete_application(application: Application) -> None:
    """Fill everything the checklist asks for: texts, an action per priority per year, a
    budget, contacts and the mandatory PDF attachments."""
    call = application.call
    application.environment_analysis = "De regio telt veel langdurig werkzoekenden."
    application.vision = "Samen met VDAB iedereen aan het werk."
    application.contact_name = "An Peeters"
    application.contact_email = "an.peeters@example.be"
    application.director_name = "Jan Janssens"
    application.iban = "BE71096123456769"
    application.save()
    for priority in call.priorities.all():
        action = Action.objects.create(application=application, priority=priority,
                                       title=f"Actie {priority.code}", description="Omschrijving")
        ActionYear.objects.bulk_create(ActionYear(action=action, year=y) for y in call.years)
        Indicator.objects.create(action=action, name="Deelnemers", unit="personen",
                                 targets={str(y): 10 for y in call.years})
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, year=y, category=BudgetCategory.PERSONNEL,
                   source=BudgetSource.SUBSIDY, amount=Decimal("50000.00"))
        for y in call.years
    )
    members = [m.municipality for m in application.memberships.select_related("municipality")]
    for attachment_type in call.mandatory_attachment_types.all():
        for municipality in members if attachment_type.per_member_municipality else [None]:
            add_attachment(application, attachment_type, municipality)


def add_attachment(application, attachment_type, municipality=None, content=PDF_BYTES) -> Attachment:
    attachment = Attachment(
        application=application, attachment_type=attachment_type, municipality=municipality,
        original_name=f"{attachment_type.code}.pdf", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    attachment.file.save("upload.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def bulk_applications(call, count: int, status="ingediend", prefix="BULK") -> list[Application]:
    """Many submitted-looking applications fast (bulk_create): an applicant each and a subsidy
    line per year, for list and dashboard tests that compare 10 rows with 1,000."""
    lead = Municipality.objects.order_by("nis_code").first()
    start = next(_seq)
    applicants = Applicant.objects.bulk_create(
        Applicant(name=f"{prefix} aanvrager {start + i:04d}", kind=ApplicantKind.CENTRUMSTAD,
                  lead_municipality=lead) for i in range(count))
    applications = Application.objects.bulk_create(
        Application(call=call, applicant=a, status=status, dossier_number=f"{prefix}-{start}-{i:04d}",
                    submitted_at=call.deadline - timedelta(days=1) if status != "concept" else None)
        for i, a in enumerate(applicants))
    BudgetLine.objects.bulk_create(
        BudgetLine(application=a, year=y, category=BudgetCategory.PERSONNEL, source=BudgetSource.SUBSIDY,
                   amount=Decimal("1000.00"))
        for a in applications for y in call.years)
    return applications


def bulk_drafts(call, count: int, prefix="CONCEPT") -> list[Application]:
    """Many draft applications fast (bulk_create), each with its own applicant and contact
    address, for the reminder sweep's tests and benchmark."""
    lead = Municipality.objects.order_by("nis_code").first()
    start = next(_seq)
    applicants = Applicant.objects.bulk_create(
        Applicant(name=f"{prefix} aanvrager {start}-{i:06d}", kind=ApplicantKind.CENTRUMSTAD,
                  lead_municipality=lead) for i in range(count))
    return Application.objects.bulk_create(
        Application(call=call, applicant=a, contact_email=f"{prefix.lower()}-{start}-{i:06d}@example.be")
        for i, a in enumerate(applicants))


def cents(amount) -> Decimal:
    """An amount as the proposal form accepts it: two decimals, rounded down so that a partial
    decision stays below the request. (PostgreSQL sums numeric(12,2) to two decimals, and half
    of that has three.)"""
    return Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def decide(application: Application, outcome: str = "toekenning", amounts: dict | None = None,
           motivation: str = "Het meerjarenplan is sterk onderbouwd.") -> Application:
    """Drive a complete application through the real workflow (workflow.services.fire) to an
    approved decision: submitted during the call, decided on the call's expected date by a
    beslisser other than the proposing dossierbehandelaar. ``amounts`` maps year to amount;
    by default the full request, half of it or nothing, after ``outcome``."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    import time_machine

    from grants.money import requested_per_year
    from workflow.services import declare_conflict, fire

    call = application.call
    member = application.applicant.users.first() or make_user(organisation=application.applicant)
    reviewer, decider = make_user(Role.DOSSIERBEHANDELAAR), make_user(Role.BESLISSER)
    share = {"toekenning": 1, "gedeeltelijke_toekenning": Decimal("0.5"), "weigering": 0}[outcome]
    amounts = amounts or {y: cents(a * share) for y, a in requested_per_year(application).items()}
    with time_machine.travel(call.deadline - (call.deadline - call.opens_at) / 2, tick=False):
        fire(member, application.pk, "submit", {"declaration": "on"})
    decided_at = datetime.combine(call.decision_expected, time(10), ZoneInfo("Europe/Brussels"))
    with time_machine.travel(decided_at, tick=False):
        fire(reviewer, application.pk, "declare_admissible")
        declare_conflict(reviewer, application.pk, has_conflict=False)
        fire(reviewer, application.pk, "start_assessment")
        fire(reviewer, application.pk, "propose_decision", {
            "outcome": outcome, "motivation": motivation,
            **{f"amount_{year}": str(amount) for year, amount in amounts.items()},
        })
        declare_conflict(decider, application.pk, has_conflict=False)
        fire(decider, application.pk, "approve_decision")
    return Application.objects.get(pk=application.pk)


def open_call(days_left: int = 14) -> Call:
    """A rehearsal copy of the call that accepts submissions now (same priorities and
    attachment types), for tests that submit at the real time."""
    return copy_call_as_rehearsal(the_call(), days_left=days_left)
