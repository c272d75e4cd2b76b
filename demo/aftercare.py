"""The demo's aftercare: the granted dossiers taken through the years with the real services
(aftercare.services), so the department and the applicants see every state — a report in
concept, submitted, sent back for bijsturing and approved; tranches planned, proposed,
approved, paid and cancelled; recoveries proposed, decided (with a letter), settled and
rejected; and one dossier closed (afgesloten)."""

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
