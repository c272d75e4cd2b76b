"""The admissibility check the reviewer confirms: computed from grants.completeness, plus
the two conditions completeness cannot see (on time, and no municipality twice)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.completeness import missing_items
from grants.models import Application, ApplicationMunicipality
from workflow.guards import _moment  # the same notation as the submission guard's messages

# (label, the completeness codes the check covers, by prefix)
COMPLETENESS_CHECKS = (
    (gettext_lazy("Soort aanvrager komt in aanmerking"), ("eligible_kind",)),
    (gettext_lazy("Deelnemende gemeenten en minimum aantal inwoners"), ("members", "population")),
    (gettext_lazy("Minstens één actie per beleidsprioriteit per jaar"), ("action:",)),
    (gettext_lazy("Verplichte bijlagen"), ("attachment:",)),
    (gettext_lazy("Plan, begroting en contactgegevens ingevuld"),
     ("environment_analysis", "vision", "budget", "contact_", "director_", "iban")),
)


@dataclass
class Check:
    label: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _on_time(application: Application) -> Check:
    check = Check(_("Tijdig ingediend"))
    if application.submitted_at is None:
        check.problems.append(_("De aanvraag is nog niet ingediend."))
        return check
    extension = getattr(application, "extension", None)
    limit = max(application.call.deadline, extension.until) if extension else application.call.deadline
    if application.submitted_at > limit:
        check.problems.append(_("Ingediend op %(at)s, na de uiterste datum %(limit)s.") % {
            "at": _moment(application.submitted_at), "limit": _moment(limit)})
    return check


def shares_a_municipality():
    """For an application query: whether another application to the same call has one of its
    active members as an active member too (the report then asks which; without it, it always asks)."""
    members = ApplicationMunicipality.objects.filter(application=OuterRef(OuterRef("pk")), active=True)
    return Exists(ApplicationMunicipality.objects.filter(
        call=OuterRef("call"), active=True, municipality__in=members.values("municipality"))
        .exclude(application=OuterRef("pk")))


def _no_municipality_twice(application: Application) -> Check:
    check = Check(_("Geen gemeente in twee aanvragen"))
    if getattr(application, "shares_a_municipality", True) is False:
        return check
    others = (ApplicationMunicipality.objects
              .filter(call=application.call, active=True,
                      municipality__in=application.memberships.filter(active=True).values("municipality"))
              .exclude(application=application)
              .select_related("municipality", "application__applicant"))
    check.problems = [_("%(municipality)s staat ook in de aanvraag van %(applicant)s.") % {
        "municipality": other.municipality, "applicant": other.application.applicant} for other in others]
    return check


def admissibility_report(application: Application) -> list[Check]:
    missing = missing_items(application)
    checks = [_on_time(application)]
    for label, prefixes in COMPLETENESS_CHECKS:
        checks.append(Check(str(label), [item.message for item in missing if item.code.startswith(prefixes)]))
    checks.append(_no_municipality_twice(application))
    return checks

