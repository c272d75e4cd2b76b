"""The list (with its filters) and the dashboard as rows of typed values (text, numbers, Decimal
amounts, datetimes); grants.spreadsheets writes them as CSV or XLSX."""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from grants.models import Call
from workflow.models import DecisionProposal


def list_rows(applications) -> list[list]:
    """One row per application, with what was granted per year and when, read in two queries
    whatever the number of applications."""
    years = _call_years(applications)
    header = [_("Dossiernummer"), _("Aanvrager"), _("Soort"), _("Provincie"), _("Status"),
              _("Dossierbehandelaar"), _("Ingediend op"), _("Na de deadline"), _("Volledig"),
              _("Gevraagde subsidie (€)"),
              *[_("Toegekend %(year)s (€)") % {"year": year} for year in years], _("Beslist op")]
    rows = [header]
    approved = Prefetch("decision_proposals", to_attr="approved_proposals",
                        queryset=DecisionProposal.objects.filter(approved_at__isnull=False))
    for a in applications.prefetch_related(approved):
        assignment = getattr(a, "assignment", None)
        decision = a.approved_proposals[-1] if a.approved_proposals else None
        rows.append([
            a.dossier_number or "", a.applicant.name, a.applicant.get_kind_display(),
            a.applicant.lead_municipality.province.name, a.get_status_display(),
            assignment.reviewer.get_full_name() or assignment.reviewer.get_username() if assignment else "",
            a.submitted_at, _("ja") if a.is_late else _("nee"), _("ja") if a.is_complete else _("nee"),
            a.requested,
            *[Decimal(decision.amounts.get(str(year), "0")) if decision else None for year in years],
            decision.approved_at if decision else None,
        ])
    return rows


def _call_years(applications) -> list[int]:
    """The years of the call the listed applications belong to (one call per list)."""
    call = Call.objects.filter(pk__in=applications.values("call_id")).first()
    return call.years if call else []


def dashboard_rows(board) -> list[list]:
    rows = [[_("Aanvragen per status")], [_("Status"), _("Aantal")]]
    rows += [[label, count] for _status, label, count in board.states]
    rows += [[], [_("Dekking van de gemeenten")],
             [_("Gebied"), _("Gemeenten"), _("Met ingediende aanvraag"), _("Met toegekende aanvraag"),
              _("Met VDAB-overeenkomst"), _("Regiegebieden"), _("Inwoners"), _("Inwoners gedekt (ingediend)"),
              _("Inwoners gedekt (toegekend)")]]
    rows += [[c.name, c.total, c.submitted, c.granted, c.vdab, c.regiegebieden, c.population,
              c.population_submitted, c.population_granted] for c in [*board.provinces, board.flanders]]
    rows += [[], [_("Budget per jaar")],
             [_("Jaar"), _("Budget (€)"), _("Gevraagd (€)"), _("Toegekend (€)")]]
    rows += [[m.year, m.envelope, m.requested, m.granted] for m in board.money]
    rows += [[], [_("Gemeenten zonder aanvraag")], [_("Gemeente"), _("Provincie"), _("Inwoners")]]
    rows += [[m.name, m.province_name, m.population] for m in board.uncovered]
    return rows
