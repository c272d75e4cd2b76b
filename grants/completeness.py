"""What an application still lacks before it can be submitted.

One function serves the applicant's checklist, the submission guard, the department's
admissibility check and the reminders, so they can never disagree.
"""

from dataclasses import dataclass

from django.db.models import FilteredRelation, Prefetch, Q, Sum, prefetch_related_objects
from django.utils.translation import gettext as _

from grants.formatting import format_int
from grants.models import (
    Action,
    ApplicantKind,
    Application,
    ApplicationMunicipality,
    Attachment,
)


@dataclass(frozen=True)
class Missing:
    code: str  # stable, for tests and the API
    message: str  # for the applicant, in the active language
    section: str  # the part of the plan where it is fixed


def population_of(application: Application) -> int:
    total = application.memberships.filter(active=True).aggregate(n=Sum("municipality__population"))["n"]
    return total or 0


def read_contents(application: Application) -> None:
    """Read everything the applicant entered in one go, onto the instance: the member and
    budget checks below, the submission page and the frozen version then use it instead of
    asking again. (The priority and attachment checks always ask, because they read the
    call's rules in the same query; under the submission's row lock they see what this
    read.) For pages that only need the checklist the few narrow queries of the functions
    below are cheaper: they read this only when it is there. Once per instance: it may be
    called again."""
    if contents_read(application):
        return
    prefetch_related_objects(
        [application],
        Prefetch("memberships", to_attr="active_members",
                 queryset=ApplicationMunicipality.objects.filter(active=True).select_related("municipality")
                 .order_by("municipality__nis_code")),
        Prefetch("actions", queryset=Action.objects.select_related("priority")
                 .prefetch_related("years", "target_groups", "partners", "indicators")),
        "budget_lines",
        Prefetch("attachments", to_attr="attachments_in_order",
                 queryset=Attachment.objects.select_related("attachment_type", "municipality")
                 .order_by("attachment_type__order", "municipality__nis_code", "pk")),
    )


def contents_read(application: Application) -> bool:
    return hasattr(application, "attachments_in_order")


def active_members(application: Application) -> list[ApplicationMunicipality]:
    """The member municipalities, read once for all the checks below that need them."""
    if contents_read(application):
        return application.active_members
    return list(application.memberships.filter(active=True).select_related("municipality"))


def population_shortfall(application: Application, members=None) -> int:
    """How many inhabitants are missing to reach the call's minimum (0 when met or exempt)."""
    call = application.call
    if call.is_population_exempt(application.applicant.kind):
        return 0
    population = population_of(application) if members is None else _population(members)
    return max(0, call.minimum_population - population)


def _population(members) -> int:
    return sum(m.municipality.population for m in members)


def missing_priority_years(application: Application) -> list[tuple[str, int]]:
    """(WSE-LR code, year) pairs that have no action yet."""
    call = application.call
    # The call's priorities, each beside the years of this application's actions under it.
    rows = list(call.priorities.order_by("order")
                .annotate(mine=FilteredRelation("action", condition=Q(action__application=application)))
                .values_list("code", "mine__years__year"))
    present = {row for row in rows if row[1] is not None}
    codes = dict.fromkeys(code for code, _year in rows)
    return [(code, year) for code in codes for year in call.years if (code, year) not in present]


def missing_attachments(application: Application, members=None) -> list[tuple[str, str | None]]:
    """(attachment type name, municipality name or None) for each mandatory file not uploaded."""
    # The call's mandatory types, each beside this application's uploads of it.
    rows = (application.call.mandatory_attachment_types.all()
            .annotate(mine=FilteredRelation("attachment", condition=Q(attachment__application=application)))
            .values_list("pk", "name", "per_member_municipality", "mine__pk", "mine__municipality_id"))
    types: dict[int, tuple[str, bool, set]] = {}
    for pk, name, per_member, attachment, municipality_id in rows:
        uploaded = types.setdefault(pk, (name, per_member, set()))[2]
        if attachment is not None:
            uploaded.add(municipality_id)
    members = active_members(application) if members is None else members
    missing = []
    for name, per_member, uploaded in types.values():
        if per_member:
            missing += [(name, m.municipality.name) for m in members if m.municipality_id not in uploaded]
        elif not uploaded:
            missing.append((name, None))
    return missing


def missing_items(application: Application) -> list[Missing]:
    items: list[Missing] = []
    kind = application.applicant.kind
    members = active_members(application)
    if kind not in (application.call.eligible_kinds or []):
        message = _("Een %(kind)s kan voor deze oproep geen aanvraag indienen.")
        items.append(Missing("eligible_kind", message % {"kind": application.applicant.get_kind_display()},
                             "members"))
    if not members:
        items.append(Missing("members", _("Kies de deelnemende gemeenten."), "members"))
    elif kind == ApplicantKind.SAMENWERKINGSVERBAND and (short := population_shortfall(application, members)):
        items.append(Missing(
            "population",
            _("De deelnemende gemeenten tellen samen %(have)s inwoners; de oproep vraagt er minstens "
              "%(need)s (nog %(short)s te kort).") % {
                "have": format_int(_population(members)),
                "need": format_int(application.call.minimum_population),
                "short": format_int(short),
            },
            "members",
        ))
    for field, label in (("environment_analysis", _("de omgevingsanalyse")),
                         ("vision", _("de beleidsvisie"))):
        if not getattr(application, field).strip():
            items.append(Missing(field, _("Vul %(what)s in.") % {"what": label}, "plan"))
    for code, year in missing_priority_years(application):
        items.append(Missing(
            f"action:{code}:{year}",
            _("Voeg voor %(year)s minstens één actie toe onder %(code)s.") % {"year": year, "code": code},
            "actions",
        ))
    has_budget = (bool(application.budget_lines.all()) if contents_read(application)
                  else application.budget_lines.exists())
    if not has_budget:
        items.append(Missing("budget", _("Vul de begroting in."), "budget"))
    for field, label in (
        ("contact_name", _("de naam van de contactpersoon")),
        ("contact_email", _("het e-mailadres van de contactpersoon")),
        ("director_name", _("de naam van de lokale regisseur")),
        ("iban", _("het rekeningnummer (IBAN) van de penvoerder")),
    ):
        if not getattr(application, field).strip():
            items.append(Missing(field, _("Vul %(what)s in.") % {"what": label}, "contacts"))
    for type_name, municipality in missing_attachments(application, members):
        what = f"{type_name} ({municipality})" if municipality else type_name
        items.append(Missing(f"attachment:{type_name}:{municipality or ''}",
                             _("Voeg de bijlage toe: %(what)s.") % {"what": what}, "attachments"))
    return items
