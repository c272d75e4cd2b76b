"""The approved payments for the financial system, and the aftercare's lists, as rows of typed
values (text, Decimal amounts, dates): the department's pages write them as CSV or XLSX."""

from django.utils.translation import gettext as _

from aftercare.selectors import approved_payments


def payment_rows(call) -> list[list]:
    """One row per approved, unpaid tranche: who is paid, on which account and budget article,
    how much, when it was expected and approved, and the message to put on the transfer."""
    rows = [[_("Dossiernummer"), _("Begunstigde"), _("IBAN"), _("Begrotingsartikel"), _("Werkingsjaar"),
             _("Schijf"), _("Bedrag (€)"), _("Verwacht op"), _("Goedgekeurd op"), _("Goedgekeurd door"),
             _("Mededeling")]]
    for t in approved_payments(call):
        application = t.application
        rows.append([
            application.dossier_number or "", application.applicant.name, application.iban_display,
            call.budget_article, t.year, t.get_kind_display(), t.amount, t.expected_on, t.approved_at,
            t.approved_by.get_full_name() or t.approved_by.get_username(),
            payment_message(t),
        ])
    return rows


def payment_message(tranche) -> str:
    """The message on the transfer, by which the beneficiary recognises the payment."""
    return f"{tranche.application.dossier_number} {tranche.get_kind_display()} {tranche.year}"


def report_rows(reports) -> list[list]:
    rows = [[_("Dossiernummer"), _("Aanvrager"), _("Werkingsjaar"), _("Status"), _("Ingediend op"),
             _("Goedgekeurd op")]]
    rows += [
        [
            r.application.dossier_number or "",
            r.application.applicant.name,
            r.year,
            r.get_status_display(),
            r.submitted_at,
            r.approved_at,
        ]
        for r in reports
    ]
    return rows


def tranche_rows(tranches) -> list[list]:
    rows = [
        [
            _("Dossiernummer"),
            _("Aanvrager"),
            _("Werkingsjaar"),
            _("Schijf"),
            _("Bedrag (€)"),
            _("Status"),
            _("Verwacht op"),
            _("Betaald op"),
            _("Betalingsreferentie"),
        ]
    ]
    rows += [
        [
            t.application.dossier_number or "",
            t.application.applicant.name,
            t.year,
            t.get_kind_display(),
            t.amount,
            t.get_status_display(),
            t.expected_on,
            t.paid_on,
            t.reference,
        ]
        for t in tranches
    ]
    return rows
