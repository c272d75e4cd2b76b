"""Demo data: the 2023–2025 call with applications in several states, each brought there
through the real workflow (so they carry a real audit trail, versions and proposals), and
a rehearsal copy of the call whose deadline lies 14 days ahead, to try the applicant's flow.

Only for ``make demo``: it moves the clock with time-machine (a development dependency)
to give the history realistic dates in 2023.
"""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from demo import aftercare
from demo.agreements_2022 import agreements_csv
from grants.agreements import form_regiegebieden, import_agreements, record_change
from grants.models import (
    Action,
    ActionYear,
    Applicant,
    ApplicantKind,
    Application,
    ApplicationMunicipality,
    Attachment,
    BudgetCategory,
    BudgetLine,
    BudgetSource,
    Call,
    Indicator,
    LegalForm,
    Municipality,
    MunicipalityMembership,
    OrganisationMembership,
    PartnerType,
    Regiegebied,
    TargetGroup,
    TokenScope,
)
from grants.rehearsal import copy_call_as_rehearsal
from grants.roles import Role
from grants.tokens import make_token
from workflow import services
from workflow.acts import approve_collectively

PASSWORD = "demo-wachtwoord"
BRUSSELS = ZoneInfo("Europe/Brussels")
CALL_CODE = "lokale-regie-2023-2025"

STAFF = [  # username, name, roles
    ("behandelaar", "Sofie Claes", [Role.DOSSIERBEHANDELAAR]),
    ("behandelaar2", "Pieter De Smet", [Role.DOSSIERBEHANDELAAR]),
    ("beslisser", "Marc Wouters", [Role.BESLISSER]),
    # A second beslisser: a decision proposed by one beslisser is approved by another.
    ("beslisser2", "Ann Peeters", [Role.BESLISSER]),
    ("beheerder", "Els Maes", [Role.BEHEERDER]),
    # The central monitoring committee: reads the monitoring, nothing else.
    ("comite", "Lies Vermeulen", [Role.MONITORINGSCOMITE]),
]

# name, kind, legal form, lead, members, user, the state the demo brings it to
APPLICANTS = [
    (
        "Regio Zuid-West-Vlaanderen",
        ApplicantKind.SAMENWERKINGSVERBAND,
        LegalForm.INTERLOKALE_VERENIGING,
        ["Kortrijk", "Kuurne", "Harelbeke", "Zwevegem", "Deerlijk", "Lendelede"],
        "regisseur.kortrijk",
        "toegekend",
    ),
    (
        "Werkkracht10",
        ApplicantKind.SAMENWERKINGSVERBAND,
        LegalForm.PROJECTVERENIGING,
        [
            "Brugge",
            "Beernem",
            "Damme",
            "Jabbeke",
            "Oostkamp",
            "Zuienkerke",
            "Zedelgem",
            "Blankenberge",
            "Knokke-Heist",
            "Torhout",
        ],
        "regisseur.brugge",
        "beslissing_voorgesteld",
    ),
    ("Stad Gent", ApplicantKind.CENTRUMSTAD, "", ["Gent"], "regisseur.gent", "in_beoordeling"),
    (
        "Zuid-Oost-Limburg",
        ApplicantKind.SAMENWERKINGSVERBAND,
        LegalForm.INTERLOKALE_VERENIGING,
        ["Bilzen", "Tongeren", "Riemst", "Voeren"],
        "regisseur.tongeren",
        "aanvulling_gevraagd",
    ),
    (
        "Kempen Werkt",
        ApplicantKind.SAMENWERKINGSVERBAND,
        LegalForm.DIENSTVERLENENDE_VERENIGING,
        [
            "Turnhout",
            "Oud-Turnhout",
            "Beerse",
            "Vosselaar",
            "Kasterlee",
            "Lille",
            "Retie",
            "Arendonk",
            "Ravels",
        ],
        "regisseur.turnhout",
        "ingediend",
    ),
    (
        "Welzijnsvereniging Meetjesland",
        ApplicantKind.SAMENWERKINGSVERBAND,
        LegalForm.WELZIJNSVERENIGING,
        ["Eeklo", "Maldegem", "Assenede", "Kaprijke", "Sint-Laureins", "Zelzate"],
        "regisseur.eeklo",
        "geweigerd",
    ),
    (
        "Stad Antwerpen",
        ApplicantKind.CENTRUMSTAD,
        "",
        ["Antwerpen"],
        "regisseur.antwerpen",
        "gedeeltelijk_toegekend",
    ),
    (
        "Waasland Werkt",
        ApplicantKind.SAMENWERKINGSVERBAND,
        LegalForm.PROJECTVERENIGING,
        ["Sint-Niklaas", "Temse", "Stekene"],
        "regisseur.sintniklaas",
        "toegekend",
    ),
    (
        "Regio Getevallei",
        ApplicantKind.SAMENWERKINGSVERBAND,
        LegalForm.OPDRACHTHOUDENDE_VERENIGING,
        ["Tienen", "Hoegaarden", "Boutersem", "Glabbeek", "Linter"],
        "regisseur.tienen",
        "concept",
    ),
]

# The steps (as which user) that bring an application from concept to each demo state.
PATHS = {
    "concept": [],
    "ingediend": [("submit", "applicant")],
    "in_beoordeling": [
        ("submit", "applicant"),
        ("declare_admissible", "behandelaar"),
        ("start_assessment", "behandelaar"),
    ],
}
PATHS["aanvulling_gevraagd"] = PATHS["in_beoordeling"] + [("request_clarification", "behandelaar")]
PATHS["beslissing_voorgesteld"] = PATHS["in_beoordeling"] + [("propose_decision:toekenning", "behandelaar")]
# The decided ones end at their proposal: the beslisser approves them together, in one
# ministerial decree (COLLECTIVE_ACT), as the department decides a call.
PATHS["toegekend"] = PATHS["beslissing_voorgesteld"]
PATHS["gedeeltelijk_toegekend"] = PATHS["in_beoordeling"] + [
    ("propose_decision:gedeeltelijke_toekenning", "behandelaar"),
]
PATHS["geweigerd"] = [
    ("submit", "applicant"),
    ("declare_inadmissible", "behandelaar"),
    ("propose_decision:weigering", "behandelaar"),
]
# Left waiting for the beslisser, who has not yet declared to have no conflict with it: the
# collective decision page shows it apart, with that reason.
NOT_YET_DECLARED = "beslissing_voorgesteld"
COLLECTIVE_ACT = {"act_kind": "ministerieel_besluit", "act_number": "MB-2023-LR-001",
                  "act_date": "14/04/2023", "signer_name": "Jo Brouns"}

INPUT = {
    "submit": {"declaration": "on"},
    "declare_inadmissible": {"comment": "De gemeenteraadsbeslissingen van Kaprijke en Zelzate ontbreken."},
    "request_clarification": {"question": "Hoe werkt u in 2024 samen met VDAB rond wijk-werken (WSE-LR4)?"},
}
PROPOSALS = {
    "toekenning": lambda requested: {
        "motivation": "Een sterk en realistisch plan dat alle vier de beleidsprioriteiten dekt.",
        "deviation_motivation": "Het plan onderbouwt het volledige gevraagde bedrag.",
        **{f"amount_{year}": str(amount) for year, amount in requested.items()},
    },
    "gedeeltelijke_toekenning": lambda requested: {
        "motivation": "Het plan is goed, maar de werkingskosten voor 2025 zijn onvoldoende onderbouwd.",
        "deviation_motivation": "80 % van het gevraagde: de werkingskosten zijn te hoog geraamd.",
        **{f"amount_{year}": str((amount * Decimal("0.8")).quantize(Decimal("0.01")))
           for year, amount in requested.items()},
    },
    "weigering": lambda requested: {
        "motivation": "De aanvraag is onontvankelijk: verplichte bijlagen ontbreken."
    },
}


def load_demo_data(stdout=None) -> bool:
    """Load the demo once; returns False when it was already there."""
    if User.objects.filter(username="regisseur.kortrijk").exists():
        return False
    import time_machine  # development dependency: the demo needs a history in 2023

    call = Call.objects.get(code=CALL_CODE)
    with transaction.atomic():
        staff = {username: _user(username, name, roles) for username, name, roles in STAFF}
        staff["beheerder"].is_staff = staff["beheerder"].is_superuser = True
        staff["beheerder"].save()
        applications = []
        for index, (name, kind, form, members, username, target) in enumerate(APPLICANTS):
            applicant = _applicant(name, kind, form, members)
            user = _user(username, username.split(".")[1].title(), [Role.AANVRAGER], applicant)
            with time_machine.travel(datetime(2022, 12, 1 + index, 10, 0, tzinfo=BRUSSELS), tick=False):
                application = _application(call, applicant, members, user, complete=target != "concept")
            applications.append((application, user, target))
        for reviewer in ("behandelaar", "beslisser"):  # who assesses and who decides declare first
            for application, _member, target in applications:
                waits = (reviewer, target) == ("beslisser", NOT_YET_DECLARED)
                if target not in ("concept", "ingediend") and not waits:
                    services.declare_conflict(staff[reviewer], application.pk, False)
    for index, (application, user, target) in enumerate(applications):
        _walk(application, user, staff, PATHS[target], day=5 + index)
    _agreements(call, staff["behandelaar"])
    with time_machine.travel(datetime(2023, 4, 14, 10, 0, tzinfo=BRUSSELS), tick=False):
        approve_collectively(staff["beslisser"], call, {
            **COLLECTIVE_ACT, "signer_function": call.act_signer_function})
    aftercare.walk(staff)
    rehearsal = copy_call_as_rehearsal(call, days_left=14)
    kortrijk = Applicant.objects.get(name="Regio Zuid-West-Vlaanderen")
    draft = _application(
        rehearsal, kortrijk, APPLICANTS[0][3], User.objects.get(username="regisseur.kortrijk"), complete=False
    )
    draft.environment_analysis = (
        "Zuid-West-Vlaanderen telt veel vacatures en een lage werkzaamheidsgraad bij ..."
    )
    draft.save()
    # The department's reporting reads through a read-only token (its key was shown once, to nobody).
    make_token(staff["beheerder"], "rapportering (BI)", TokenScope.READ)
    _parties(call, staff, draft)
    return True


def _agreements(call, clerk) -> None:
    """The cooperation agreements as on 17/10/2022 (the published counts per province), and the
    regiegebieden of the submitted applications: signed, negotiating, or nothing recorded yet."""
    upload = SimpleUploadedFile("samenwerkingsovereenkomsten.csv",
                                agreements_csv(regiegebieden=False).encode())
    import_agreements(clerk, upload, call)
    form_regiegebieden(clerk, call)
    statuses = [("afgesloten", None), ("in_onderhandeling", date(2023, 12, 31))]
    for regiegebied, (status, expected) in zip(Regiegebied.objects.filter(call=call).order_by("name"),
                                               statuses, strict=False):
        record_change(clerk, status=status, since=date(2023, 5, 1), expected_signature=expected,
                      regiegebied_id=regiegebied.pk)


# Municipalities left without a contact address, so the dashboard shows the gap.
WITHOUT_CONTACT = ("Herstappe", "Mesen", "Zuienkerke")


def _parties(call, staff, rehearsal_draft) -> None:
    """Issue 15's parties: the municipalities' example KBO numbers and contact addresses (loaded
    as a file would be), a member municipality's user (Kuurne, in the rehearsal draft), a
    registration waiting for the department, and an extension for the real call's draft."""
    import time_machine

    from grants import registrations
    from grants.municipality_contacts import load_contacts
    from grants.validators import format_kbo

    lines = ["nis_code;kbo_number;contact_email"]
    for i, m in enumerate(Municipality.objects.exclude(name__in=WITHOUT_CONTACT).order_by("nis_code")):
        base = 2074000 + i
        lines.append(f"{m.nis_code};{format_kbo(f'0{base:07d}{97 - base % 97:02d}')};"
                     f"gemeentebestuur@{m.nis_code}.demo.be")
    load_contacts("gemeenten.csv", "\n".join(lines).encode())
    kuurne = Municipality.objects.get(name="Kuurne")
    clerk = _user("gemeente.kuurne", "Lien Vandamme", [Role.AANVRAGER])
    MunicipalityMembership.objects.create(user=clerk, municipality=kuurne)
    registrations.register(clerk, {
        "name": "Regio Leie en Schelde", "kind": ApplicantKind.SAMENWERKINGSVERBAND,
        "legal_form": LegalForm.PROJECTVERENIGING, "lead_municipality": kuurne,
        "email": "info@leie-schelde.be",
        "members": list(Municipality.objects.filter(name__in=["Kuurne", "Wevelgem", "Menen"]))})
    late = Application.objects.get(call=call, applicant__name="Regio Getevallei")
    with time_machine.travel(datetime(2023, 1, 15, 21, 0, tzinfo=BRUSSELS), tick=False):
        services.grant_extension(staff["beheerder"], late.pk, datetime(2023, 1, 22, 23, 59, tzinfo=BRUSSELS),
                                 "De gemeenteraad van Linter beslist pas op 19 januari.")
    services.grant_extension(staff["beheerder"], rehearsal_draft.pk,
                             rehearsal_draft.call.deadline + timedelta(days=3),
                             "Oefening: een uitstel van drie dagen.")


def _walk(application, user, staff, path, day) -> None:
    import time_machine

    from grants.money import requested_per_year

    for number, (step, actor) in enumerate(path):
        step, _sep, outcome = step.partition(":")
        moment = datetime(2023, 1 if step == "submit" else 3, day, 9 + number, 0, tzinfo=BRUSSELS)
        data = INPUT.get(step, {})
        if outcome:
            data = {"outcome": outcome, **PROPOSALS[outcome](requested_per_year(application))}
        with time_machine.travel(moment, tick=False):
            services.fire(user if actor == "applicant" else staff[actor], application.pk, step, data)


def _user(username, name, roles, organisation=None) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=name, email=f"{username}@demo.lokaleregie.be"
    )
    user.groups.set([Group.objects.get(name=role) for role in roles])
    if organisation is not None:
        OrganisationMembership.objects.create(user=user, applicant=organisation, function="lokale regisseur")
    return user


def _applicant(name, kind, form, members) -> Applicant:
    lead = Municipality.objects.get(name=members[0])
    return Applicant.objects.create(
        name=name,
        kind=kind,
        legal_form=form,
        lead_municipality=lead,
        address=f"Markt 1, {lead.name}",
        email=f"info@{lead.nis_code}.demo.be",
    )


def _application(call, applicant, members, user, complete: bool) -> Application:
    application = Application.objects.create(call=call, applicant=applicant, created_by=user)
    ApplicationMunicipality.objects.bulk_create(
        ApplicationMunicipality(application=application, municipality=m, call=call)
        for m in Municipality.objects.filter(name__in=members)
    )
    if complete:
        _fill_plan(application, user)
    return application


def _fill_plan(application, user) -> None:
    call = application.call
    name = application.applicant.name
    application.environment_analysis = (
        f"In {name} zijn ongeveer 4.000 mensen langdurig werkzoekend, en het aantal leefloners steeg "
        "sinds 2020. De sociale-economieondernemingen zoeken doorstroomkansen."
    )
    application.vision = "Iedereen die kan werken, vindt lokaal een passende job of opleiding."
    application.contact_name, application.contact_email = "An Peeters", f"an.peeters@{application.pk}.demo.be"
    application.director_name, application.director_email = "Jan Janssens", "regisseur@demo.be"
    application.iban = "BE71096123456769"
    application.save()
    groups, partners = list(TargetGroup.objects.all()), list(PartnerType.objects.all())
    for priority in call.priorities.all():
        action = Action.objects.create(
            application=application,
            priority=priority,
            bbc_code=f"AC{priority.order:03d}",
            title=f"{priority.title} in {name}",
            description=priority.description,
        )
        ActionYear.objects.bulk_create(ActionYear(action=action, year=year) for year in call.years)
        action.target_groups.set(groups[:3])
        action.partners.set(partners[:2])
        Indicator.objects.create(
            action=action,
            name="Bereikte personen",
            unit="personen",
            baseline=40,
            targets={str(year): 50 + 10 * i for i, year in enumerate(call.years)},
        )
    for year in call.years:
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    application=application,
                    year=year,
                    category=BudgetCategory.PERSONNEL,
                    source=BudgetSource.SUBSIDY,
                    amount=Decimal("62500.00"),
                    description="lokale regisseur",
                ),
                BudgetLine(
                    application=application,
                    year=year,
                    category=BudgetCategory.OPERATING,
                    source=BudgetSource.OWN,
                    amount=Decimal("15250.50"),
                    description="netwerkmomenten",
                ),
            ]
        )
    members = [m.municipality for m in application.memberships.select_related("municipality")]
    for attachment_type in call.mandatory_attachment_types.all():
        for municipality in members if attachment_type.per_member_municipality else [None]:
            _attach(application, attachment_type, municipality, user)


def _attach(application, attachment_type, municipality, user) -> None:
    import hashlib

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 770, f"{attachment_type.name} — {municipality or application.applicant}")
    canvas.save()
    content = buffer.getvalue()
    attachment = Attachment(
        application=application,
        attachment_type=attachment_type,
        municipality=municipality,
        original_name=f"{attachment_type.code}.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save("upload.pdf", ContentFile(content), save=False)
    attachment.save()
