"""The granted subsidies of a call as open data: one record per granted application, with
what the Flemish government publishes of a subsidy (beneficiary, purpose, amounts, decision)
and nothing about a person: no contact, no director, no account number, no user.

Read in three queries whatever the number of grants; the same records give the CSV and the
JSON, and ``FIELDS`` is their description on the page that links them.
"""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import GRANTED_STATUSES, Application, ApplicationMunicipality, Call
from workflow.models import DecisionProposal

# field name → what it holds (the page shows it; the order is the CSV's columns)
FIELDS = {
    "dossiernummer": _("Het dossiernummer van de aanvraag bij het departement."),
    "oproep": _("De oproep waarin de subsidie is toegekend."),
    "begunstigde": _("De organisatie die de subsidie ontvangt (samenwerkingsverband of stad)."),
    "ondernemingsnummer": _("Het ondernemingsnummer (KBO) van de begunstigde, als die er een heeft."),
    "soort_begunstigde": _("Samenwerkingsverband, centrumstad of gemeente."),
    "provincie": _("De provincie van de penvoerende gemeente."),
    "gemeenten": _("De deelnemende gemeenten (het regiegebied), als NIS-code en naam."),
    "bedragen_per_jaar": _("Het toegekende bedrag per jaar, in euro."),
    "totaal": _("Het toegekende bedrag over de hele looptijd, in euro."),
    "beslissing": _("Toekenning of gedeeltelijke toekenning."),
    "beslissingsdatum": _("De dag waarop de beslissing is goedgekeurd (jjjj-mm-dd)."),
    "rechtsgrond": _("Het besluit waarop de subsidie steunt."),
}


def granted_subsidies(call: Call) -> list[dict]:
    approved = Prefetch("decision_proposals", to_attr="approved",
                        queryset=DecisionProposal.objects.filter(approved_at__isnull=False)
                        .order_by("approved_at", "pk"))
    members = Prefetch("memberships", to_attr="members",
                       queryset=ApplicationMunicipality.objects.filter(active=True).select_related("municipality")
                       .order_by("municipality__nis_code"))
    applications = (Application.objects.filter(call=call, status__in=GRANTED_STATUSES)
                    .select_related("applicant__lead_municipality__province")
                    .prefetch_related(approved, members).order_by("dossier_number"))
    return [_record(call, a, a.approved[-1]) for a in applications if a.approved]


def _record(call: Call, application: Application, decision: DecisionProposal) -> dict:
    amounts = {str(year): str(Decimal(decision.amounts.get(str(year), "0")).quantize(Decimal("0.01")))
               for year in call.years}
    applicant = application.applicant
    return {
        "dossiernummer": application.dossier_number,
        "oproep": call.title,
        "begunstigde": applicant.name,
        "ondernemingsnummer": applicant.kbo_number,
        "soort_begunstigde": str(applicant.get_kind_display()),
        "provincie": applicant.lead_municipality.province.name,
        "gemeenten": [{"nis_code": m.municipality.nis_code, "naam": m.municipality.name}
                      for m in application.members],
        "bedragen_per_jaar": amounts,
        "totaal": str(sum((Decimal(v) for v in amounts.values()), Decimal("0.00"))),
        "beslissing": str(decision.get_outcome_display()),
        "beslissingsdatum": timezone.localtime(decision.approved_at).date().isoformat(),
        "rechtsgrond": call.legal_basis,
    }


def csv_rows(call: Call, records: list[dict]) -> list[list]:
    """Flat rows: the municipalities joined, one column per year (amounts with a decimal point,
    as open data is read by programs)."""
    header = [name for name in FIELDS if name != "bedragen_per_jaar"]
    header[header.index("totaal"):header.index("totaal")] = [f"bedrag_{year}" for year in call.years]
    rows = [header]
    for record in records:
        flat = dict(record, gemeenten=", ".join(f"{m['nis_code']} {m['naam']}" for m in record["gemeenten"]))
        flat.update({f"bedrag_{year}": amount for year, amount in record["bedragen_per_jaar"].items()})
        rows.append([flat[name] for name in header])
    return rows
