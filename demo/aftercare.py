"""The demo's aftercare: the granted dossiers taken through the years with the real services
(aftercare.services), so the department and the applicants see every state — a report in
concept, submitted, sent back for bijsturing and approved; tranches planned, proposed,
approved, paid and cancelled; recoveries proposed, decided (with a letter), settled and
rejected; and one dossier closed (afgesloten). Then (issue 23) changes, reconsideration, an
appeal and a correction, with the dossiers' letters as a series (``amendments``)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from aftercare import services
from aftercare.models import Tranche
from grants.models import Application, BudgetLine

BRUSSELS = ZoneInfo("Europe/Brussels")

# Per dossier (its user), what happens when, in order: (moment, who, what, arguments).
# "what" names a function below; "tranche" arguments are (year, kind).
SCRIPTS = {
    "regisseur.kortrijk": [
        ("2023-05-02", "behandelaar", "pay", (2023, "voorschot", "2023-05-10")),
        ("2024-02-20", "applicant", "report", (2023, "0.8")),
        ("2024-04-02", "behandelaar", "step", ("jaarverslag", 2023, "approve", {})),
        ("2024-06-03", "behandelaar", "pay", (2023, "saldo", "2024-06-05")),
        (
            "2024-06-10",
            "behandelaar",
            "recover",
            (
                2023,
                "onderbesteding",
                "12.500,00",
                "Het jaarverslag 2023 toont € 50.000,00 besteed van de "
                "€ 62.500,00 subsidie die betaald werd.",
            ),
        ),
        ("2024-06-12", "beslisser2", "step", ("terugvordering", 2023, "decide", {})),
        ("2024-05-02", "behandelaar", "pay", (2024, "voorschot", "2024-05-08")),
        ("2025-03-01", "applicant", "report", (2024, "1")),
        (
            "2025-03-15",
            "behandelaar",
            "step",
            (
                "jaarverslag",
                2024,
                "request_changes",
                {"question": "Actie WSE-LR3 staat als gedeeltelijk uitgevoerd: welke partners haakten af?"},
            ),
        ),
        ("2025-05-02", "behandelaar", "step", ("schijf", (2025, "voorschot"), "propose", {})),
        ("2025-05-05", "beslisser", "step", ("schijf", (2025, "voorschot"), "approve", {})),
        ("2026-01-10", "applicant", "draft", (2025,)),
    ],
    "regisseur.antwerpen": [
        ("2023-05-02", "behandelaar", "pay", (2023, "voorschot", "2023-05-11")),
        ("2024-03-20", "applicant", "report", (2023, "1")),
        ("2024-05-02", "behandelaar", "step", ("schijf", (2024, "voorschot"), "propose", {})),
        (
            "2024-05-20",
            "behandelaar",
            "recover",
            (2023, "voorwaarde", "5.000,00", "De lokale regisseur werd pas in september 2023 aangesteld."),
        ),
    ],
    "regisseur.sintniklaas": [
        *[
            (f"{year}-05-02", "behandelaar", "pay", (year, "voorschot", f"{year}-05-09"))
            for year in (2023, 2024, 2025)
        ],
        ("2024-02-15", "applicant", "report", (2023, "1")),
        ("2024-03-01", "behandelaar", "step", ("jaarverslag", 2023, "approve", {})),
        ("2024-06-03", "behandelaar", "pay", (2023, "saldo", "2024-06-06")),
        (
            "2024-06-10",
            "behandelaar",
            "recover",
            (2023, "voorwaarde", "2.000,00", "Het netwerkmoment van december ging niet door."),
        ),
        (
            "2024-06-11",
            "beslisser2",
            "step",
            ("terugvordering", 2023, "reject", {"comment": "Het netwerkmoment werd in januari ingehaald."}),
        ),
        ("2025-02-10", "applicant", "report", (2024, "0.9")),
        ("2025-03-03", "behandelaar", "step", ("jaarverslag", 2024, "approve", {})),
        ("2025-06-02", "behandelaar", "pay", (2024, "saldo", "2025-06-04")),
        (
            "2025-06-10",
            "behandelaar",
            "recover",
            (2024, "onderbesteding", "6.250,00", "In 2024 werd € 56.250,00 besteed van € 62.500,00."),
        ),
        ("2025-06-12", "beslisser", "step", ("terugvordering", 2024, "decide", {})),
        (
            "2025-07-20",
            "behandelaar",
            "step",
            ("terugvordering", 2024, "settle", {"paid_on": "18/07/2025", "reference": "TV-2024-WAAS"}),
        ),
        ("2026-02-12", "applicant", "report", (2025, "0.6")),
        ("2026-03-02", "behandelaar", "step", ("jaarverslag", 2025, "approve", {})),
        (
            "2026-03-05",
            "behandelaar",
            "step",
            (
                "schijf",
                (2025, "saldo"),
                "cancel",
                {"comment": "Het voorschot dekt wat in 2025 besteed werd: het saldo vervalt."},
            ),
        ),
    ],
}


def walk(staff: dict) -> None:
    import time_machine  # development dependency, like the rest of the demo

    for username, script in SCRIPTS.items():
        user = User.objects.get(username=username)
        application = Application.objects.get(
            applicant__organisationmembership__user=user, call__is_rehearsal=False
        )
        # Planned after the decision's commit already; again here (it plans nothing twice) for a
        # demo loaded inside a transaction, where that signal waits for the outer commit.
        services.plan_tranches(application.pk, staff["beslisser"].pk)
        for day, who, what, args in script:
            moment = datetime.fromisoformat(day).replace(hour=10, tzinfo=BRUSSELS)
            actor = user if who == "applicant" else staff[who]
            with time_machine.travel(moment, tick=False):
                ACTS[what](actor, application, staff, *args)
    amendments(staff)


def _tranche(application, year, kind) -> Tranche:
    return Tranche.objects.get(application=application, year=year, kind=kind)


def _pay(actor, application, staff, year, kind, paid_on):
    """Proposed now, approved by a beslisser, registered as paid on the day it was paid."""
    import time_machine

    tranche = _tranche(application, year, kind)
    services.fire(actor, "schijf", tranche.pk, "propose")
    services.fire(staff["beslisser"], "schijf", tranche.pk, "approve")
    with time_machine.travel(datetime.fromisoformat(paid_on).replace(hour=16, tzinfo=BRUSSELS), tick=False):
        services.fire(actor, "schijf", tranche.pk, "mark_paid", {
            "paid_on": paid_on, "reference": f"BET-{application.dossier_number}-{year}-{kind[:2].upper()}"})


def _content(application, year, share: str) -> dict:
    """Actions carried out, targets met, and ``share`` of each planned line spent."""
    data = {
        "narrative": f"In {year} bouwden we het netwerk verder uit met VDAB, de OCMW's en de "
        "sociale-economieondernemingen van de regio."
    }
    for action in application.actions.filter(years__year=year):
        partly = share != "1" and action.priority.code == "WSE-LR3"
        data[f"action_{action.pk}"] = "gedeeltelijk" if partly else "uitgevoerd"
        data[f"action_{action.pk}_explanation"] = "Twee partners haakten af." if partly else ""
        for indicator in action.indicators.all():
            data[f"indicator_{indicator.pk}"] = str(indicator.targets.get(str(year), 0))
    for line in BudgetLine.objects.filter(application=application, year=year):
        data[f"line_{line.pk}"] = str((line.amount * Decimal(share)).quantize(Decimal("0.01")))
    return data


def _draft(actor, application, staff, year):
    services.save_report(actor, application.pk, year, {"narrative": "Eerste helft: de regisseur startte."})


def _report(actor, application, staff, year, share):
    report = services.save_report(actor, application.pk, year, _content(application, year, share))
    services.fire(actor, "jaarverslag", report.pk, "submit", {"declaration": "on"})


def _object(application, lifecycle, key):
    if lifecycle == "schijf":
        return _tranche(application, *key)
    if lifecycle == "jaarverslag":
        return application.yearly_reports.get(year=key)
    return application.recoveries.filter(year=key).latest("proposed_at")


def _step(actor, application, staff, lifecycle, key, step, data):
    services.fire(actor, lifecycle, _object(application, lifecycle, key).pk, step, data)


def _recover(actor, application, staff, year, reason, amount, motivation):
    services.propose_recovery(
        actor, application.pk, {"year": year, "reason": reason, "amount": amount, "motivation": motivation}
    )


ACTS = {"pay": _pay, "report": _report, "draft": _draft, "step": _step, "recover": _recover}


# --- issue 23: changes, reconsideration, appeal and correction, with their letters -----------

ACT = {"signer_function": "secretaris-generaal"}


def amendments(staff: dict) -> None:
    """Every state of a change and an appeal on the three dossiers, and letters as a series:
    Kortrijk a new regisseur and a member leaving (accepted: new plan versions, the regiegebied
    follows from the day), a revision of actions still to handle; Antwerpen a mid-term revision
    with less money (an amending decision) and a reconsideration confirmed; Sint-Niklaas a
    reconsideration that raises 2025, a Raad van State annulment with a new decision proposed,
    and a material error registered."""
    import time_machine

    from workflow.letters.services import get_or_create_letter

    dossiers = {}
    for username in SCRIPTS:
        user = User.objects.get(username=username)
        application = Application.objects.get(
            applicant__organisationmembership__user=user, call__is_rehearsal=False
        )
        with time_machine.travel(datetime(2023, 4, 20, 10, tzinfo=BRUSSELS), tick=False):
            get_or_create_letter(application.pk)  # made after the outer commit otherwise
        dossiers[username] = (user, application)
    for username, script in AMENDMENTS.items():
        user, application = dossiers[username]
        for day, who, what, args in script:
            actor = user if who == "applicant" else staff[who]
            with time_machine.travel(
                datetime.fromisoformat(day).replace(hour=11, tzinfo=BRUSSELS), tick=False
            ):
                AMENDING[what](actor, application, *args)


def _council_pdf(title: str):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, title)
    page.save()
    return SimpleUploadedFile("gemeenteraad.pdf", buffer.getvalue(), content_type="application/pdf")


def _change(actor, application, kind, day, description, extra=None):
    data = {"kind": kind, "effective_on": day, "description": description, **(extra or {})}
    files = {}
    if kind == "uittreding":
        member = (
            application.memberships.filter(active=True)
            .exclude(municipality=application.applicant.lead_municipality)
            .order_by("municipality__name")
            .last()
        )
        data["municipality"] = member.municipality_id
        files["council_decision"] = _council_pdf(f"Gemeenteraad {member.municipality.name}: uittreding")
    services.report_change(actor, application.pk, data, files)


def _change_step(actor, application, step, data=None):
    change = (
        application.plan_changes.filter(status__in=("gemeld", "voorgesteld")).order_by("reported_at").first()
    )
    services.fire(actor, "wijziging", change.pk, step, data or {})


def _reconsider(actor, application, grounds):
    services.request_reconsideration(actor, application.pk, {"grounds": grounds})


def _register(actor, application, kind, day, grounds):
    services.register_appeal(actor, application.pk, {"kind": kind, "filed_on": day, "grounds": grounds})


def _appeal_step(actor, application, kind, step, data=None):
    appeal = application.appeals.filter(kind=kind).latest("pk")
    services.fire(actor, "beroep", appeal.pk, step, data or {})


def _amounts(application, changes: dict, motivation: str) -> dict:
    """The amounts in force, with some years changed, as the proposal's form takes them."""
    from aftercare.money import granted_per_year

    amounts = {**granted_per_year(application), **{year: Decimal(a) for year, a in changes.items()}}
    return {"motivation": motivation, **{f"amount_{year}": str(a) for year, a in amounts.items()}}


def _propose(actor, application, lifecycle, kind, changes, motivation):
    data = _amounts(application, changes, motivation)
    if lifecycle == "wijziging":
        _change_step(actor, application, "propose", data)
    else:
        _appeal_step(actor, application, kind, "propose", data)


AMENDING = {
    "change": _change,
    "change_step": _change_step,
    "reconsider": _reconsider,
    "register": _register,
    "appeal_step": _appeal_step,
    "propose": _propose,
}

AMENDMENTS = {
    "regisseur.kortrijk": [
        (
            "2024-08-20",
            "applicant",
            "change",
            (
                "regisseur",
                "01/09/2024",
                "Onze regisseur gaat met pensioen.",
                {
                    "director_name": "Lotte Vandenberghe",
                    "director_email": "lotte.vandenberghe@example.be",
                    "director_phone": "056 27 00 00",
                },
            ),
        ),
        ("2024-08-26", "behandelaar", "change_step", ("accept",)),
        (
            "2024-11-15",
            "applicant",
            "change",
            ("uittreding", "01/01/2025", "De gemeenteraad besliste uit te treden vanaf 2025."),
        ),
        ("2024-11-28", "behandelaar", "change_step", ("accept",)),
        (
            "2025-09-01",
            "applicant",
            "change",
            ("acties", "01/10/2025", "Actie WSE-LR3 wordt een lerend netwerk in plaats van een beurs."),
        ),
    ],
    "regisseur.antwerpen": [
        ("2023-04-28", "applicant", "reconsider", ("Wij vragen de volledige werkingskosten te aanvaarden.",)),
        (
            "2023-05-15",
            "beslisser",
            "appeal_step",
            (
                "heroverweging",
                "confirm",
                {**ACT, "motivation": "De werkingskosten boven de bedragregel blijven niet subsidieerbaar."},
            ),
        ),
        (
            "2024-06-20",
            "applicant",
            "change",
            ("herziening", "01/01/2025", "Tussentijdse herziening: twee acties vervallen in 2025."),
        ),
        (
            "2024-07-01",
            "behandelaar",
            "propose",
            ("wijziging", "", {2025: "45000.00"}, "Twee acties minder in 2025: de werkingskosten dalen."),
        ),
        ("2024-07-08", "beslisser2", "change_step", ("approve", ACT)),
    ],
    "regisseur.sintniklaas": [
        (
            "2023-04-27",
            "applicant",
            "reconsider",
            ("Het aantal inwoners van het Waasland werd te laag geteld.",),
        ),
        (
            "2023-05-08",
            "behandelaar",
            "propose",
            (
                "beroep",
                "heroverweging",
                {2025: "65000.00"},
                "Na heroverweging: het juiste aantal inwoners geeft recht op meer in 2025.",
            ),
        ),
        ("2023-05-12", "beslisser", "appeal_step", ("heroverweging", "decide", ACT)),
        (
            "2023-06-30",
            "behandelaar",
            "register",
            ("raad_van_state", "26/06/2023", "Een gemeente van het Waasland vecht de beslissing aan."),
        ),
        (
            "2025-02-10",
            "behandelaar",
            "appeal_step",
            ("raad_van_state", "annul", {"outcome_on": "05/02/2025", "judgment_number": "262.345"}),
        ),
        (
            "2025-02-24",
            "behandelaar",
            "propose",
            ("beroep", "raad_van_state", {}, "Nieuwe beslissing met de motivering die het arrest vraagt."),
        ),
        (
            "2025-03-03",
            "behandelaar",
            "register",
            ("rechtzetting", "03/03/2025", "Het bedrag voor 2024 werd verkeerd overgenomen."),
        ),
    ],
}
