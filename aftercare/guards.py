"""Guards of the aftercare's steps: each returns the reasons a step is refused for one
object (an empty list when it may go ahead), in the words the user reads."""

from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.models import Execution, ReportStatus, YearlyReport
from grants.models import BudgetLine, Indicator, PaymentTrigger


def year_over(report) -> list[str]:
    """A year is reported on once it is over."""
    if timezone.localdate().year > report.year:
        return []
    return [_("Het werkingsjaar %(year)s is nog niet voorbij: u kunt het jaarverslag indienen vanaf "
              "1 januari %(next)s.") % {"year": report.year, "next": report.year + 1}]


def report_complete(report) -> list[str]:
    """Every action of the year reported (with an explanation when not fully carried out),
    every indicator with a target for the year realised, every budget line of the year spent,
    and a narrative."""
    reasons = []
    if not report.narrative.strip():
        reasons.append(_("Schrijf het verslag over het werkingsjaar."))
    reported = {row.action_id: row for row in report.actions.all()}
    for action in report.application.actions.filter(years__year=report.year):
        row = reported.get(action.pk)
        if row is None:
            reasons.append(_("Actie '%(action)s': geef aan of ze uitgevoerd is.") % {"action": action})
        elif row.execution != Execution.CARRIED_OUT and not row.explanation.strip():
            reasons.append(_("Actie '%(action)s': licht toe waarom ze niet volledig uitgevoerd is.")
                           % {"action": action})
    realised = set(report.indicators.values_list("indicator_id", flat=True))
    for indicator in indicators_of_year(report):
        if indicator.pk not in realised:
            reasons.append(_("Indicator '%(name)s': vul de gerealiseerde waarde in.") % {"name": indicator})
    spent = set(report.budget_lines.values_list("budget_line_id", flat=True))
    for line in budget_lines_of_year(report):
        if line.pk not in spent:
            reasons.append(_("Begrotingslijn '%(line)s': vul het bestede bedrag in.")
                           % {"line": line.description or line.get_category_display()})
    return reasons


def indicators_of_year(report):
    """The indicators with a target for the report's year."""
    return Indicator.objects.filter(action__application_id=report.application_id,
                                    targets__has_key=str(report.year)).order_by("pk")


def budget_lines_of_year(report):
    return BudgetLine.objects.filter(application_id=report.application_id, year=report.year)


def trigger_met(tranche) -> list[str]:
    """A balance waits for the year's approved report; an advance only for the decision."""
    if tranche.term.trigger != PaymentTrigger.REPORT_APPROVED:
        return []
    approved = YearlyReport.objects.filter(application_id=tranche.application_id, year=tranche.year,
                                           status=ReportStatus.GOEDGEKEURD)
    if approved.exists():
        return []
    return [_("Het jaarverslag %(year)s is nog niet goedgekeurd.") % {"year": tranche.year}]


# --- changes and appeals ----------------------------------------------------------------------


def change_applicable(change) -> list[str]:
    """A joining municipality is in no other live application of the call; a leaving one is
    still a member and not the penvoerder."""
    from aftercare.models import ChangeKind
    from grants.models import ApplicationMunicipality

    if change.kind == ChangeKind.JOINS:
        elsewhere = ApplicationMunicipality.objects.filter(
            call_id=change.application.call_id, municipality_id=change.municipality_id, active=True
        ).exclude(application_id=change.application_id)
        if elsewhere.exists():
            return [_("%(municipality)s is nog lid van een andere aanvraag van deze oproep: ze kan pas "
                      "toetreden als haar uittreding daar aanvaard is.")
                    % {"municipality": change.municipality}]
    if change.kind == ChangeKind.LEAVES:
        if change.municipality_id == change.application.applicant.lead_municipality_id:
            return [_("De penvoerder kan niet uittreden: meld eerst een andere penvoerder.")]
        if not change.application.memberships.filter(municipality_id=change.municipality_id,
                                                     active=True).exists():
            return [_("%(municipality)s is geen lid meer van deze aanvraag.")
                    % {"municipality": change.municipality}]
    return []


def is_reconsideration(appeal) -> list[str]:
    if appeal.kind == "heroverweging":
        return []
    return [_("Dit kan alleen bij een verzoek tot heroverweging.")]


def is_council_of_state(appeal) -> list[str]:
    if appeal.kind == "raad_van_state":
        return []
    return [_("Dit kan alleen bij een beroep bij de Raad van State.")]


def decision_open(appeal) -> list[str]:
    """A new decision after a Raad van State appeal waits for its annulment."""
    if appeal.kind == "raad_van_state" and appeal.status != "vernietigd":
        return [_("Een nieuwe beslissing kan pas na de vernietiging door de Raad van State.")]
    return []
