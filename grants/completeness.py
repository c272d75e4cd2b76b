"""What an application still lacks before it can be submitted.

Each requirement is one rule with two forms side by side: what one application still lacks,
with a message (the applicant's checklist, the submission guard, the department's
admissibility check, the reminders), and a SQL condition that holds exactly when it lacks
nothing (the department's list of hundreds of rows, which cannot ask per row). Changing a
rule means changing both forms in one place; `tests/test_department_list.py` checks that
they agree.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from grants.contents_cache import through_cache
from grants.models import (
    Action,
    ActionYear,
    ApplicantKind,
    Application,
    ApplicationMunicipality,
    Attachment,
    BudgetLine,
    Call,
    Indicator,
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


def _members_of_row(**filters):
    """The active members of the application in the outer query."""
    return ApplicationMunicipality.objects.filter(application=OuterRef("pk"), active=True, **filters)


@dataclass
class Reads:
    """What the rules of one check read from the database, each read at most once, when a rule
    first needs it (the target-group and the indicator rules both look at the actions)."""
    application: Application

    @cached_property
    def members(self) -> list[ApplicationMunicipality]:
        return active_members(self.application)

    @cached_property
    def actions(self) -> list[Action]:
        return _actions(self.application)


class Rule:
    """One requirement: `missing` for one application, `condition` for many in SQL."""

    reads_row = False  # whether `missing` reads the application's own fields (not only its contents)

    def missing(self, application: Application, reads: Reads) -> Iterator[Missing]:
        raise NotImplementedError

    def condition(self, call: Call) -> Q:
        raise NotImplementedError


class EligibleKind(Rule):
    def missing(self, application, reads):
        if application.applicant.kind not in (application.call.eligible_kinds or []):
            message = _("Een %(kind)s kan voor deze oproep geen aanvraag indienen.")
            yield Missing("eligible_kind", message % {"kind": application.applicant.get_kind_display()},
                          "members")

    def condition(self, call):
        return Q(applicant__kind__in=call.eligible_kinds or [])


class MembersAndPopulation(Rule):
    """At least one member; a samenwerkingsverband also the call's minimum population."""

    def missing(self, application, reads):
        members = reads.members
        if not members:
            yield Missing("members", _("Kies de deelnemende gemeenten."), "members")
        elif (application.applicant.kind == ApplicantKind.SAMENWERKINGSVERBAND
              and (short := population_shortfall(application, members))):
            yield Missing(
                "population",
                _("De deelnemende gemeenten tellen samen %(have)s inwoners; de oproep vraagt er "
                  "minstens %(need)s (nog %(short)s te kort).") % {
                    "have": intcomma(_population(members)),
                    "need": intcomma(application.call.minimum_population),
                    "short": intcomma(short),
                },
                "members",
            )

    def condition(self, call):
        total = _members_of_row().values("application").annotate(n=Sum("municipality__population"))
        population = Coalesce(Subquery(total.values("n"), output_field=IntegerField()), 0)
        return Q(Exists(_members_of_row())) & (
            ~Q(applicant__kind=ApplicantKind.SAMENWERKINGSVERBAND)
            | Q(applicant__kind__in=call.population_exempt_kinds or [])
            | Q(GreaterThanOrEqual(population, call.minimum_population))
        )


@dataclass(frozen=True)
class RequiredText(Rule):
    field: str
    label: Promise
    section: str
    reads_row = True

    def missing(self, application, reads):
        if not getattr(application, self.field).strip():
            yield Missing(self.field, _("Vul %(what)s in.") % {"what": self.label}, self.section)

    def condition(self, call):
        # Blank is empty or only whitespace, as str.strip() sees it (SQL's TRIM strips spaces only).
        return ~Q(**{f"{self.field}__regex": r"^\s*$"})


class PriorityYears(Rule):
    """At least one action under each of the call's priorities in each year of its period."""

    def missing(self, application, reads):
        for code, year in missing_priority_years(application):
            yield Missing(
                f"action:{code}:{year}",
                _("Voeg voor %(year)s minstens één actie toe onder %(code)s.") % {"year": year, "code": code},
                "actions",
            )

    def condition(self, call):
        # Per year: no priority of the call without an action that year. One subquery a year
        # (not one per priority and year) and no query first: the list compiles this per request.
        condition = Q()
        for year in call.years:
            with_action = ActionYear.objects.filter(
                action__application=OuterRef(OuterRef("pk")), action__priority=OuterRef("pk"), year=year)
            condition &= ~Q(Exists(call.priorities.exclude(Exists(with_action))))
        return condition


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


def _actions(application: Application) -> list[Action]:
    """The actions with their target groups and indicators, read once (or as read_contents did)."""
    if contents_read(application):
        return list(application.actions.all())
    actions = application.actions.select_related("priority")
    return list(actions.prefetch_related("target_groups", "indicators"))


class ActionTargetGroups(Rule):
    """Every action names at least one target group, unless the call switches this off."""

    def missing(self, application, reads):
        if not application.call.require_target_groups:
            return
        for action in reads.actions:
            if not action.target_groups.all():
                message = _("Kies minstens één doelgroep voor de actie “%(title)s”.") % {
                    "title": action.title}
                yield Missing(f"target_groups:{action.pk}", message, "actions")

    def condition(self, call):
        if not call.require_target_groups:
            return Q()
        return ~Q(Exists(Action.objects.filter(application=OuterRef("pk"), target_groups__isnull=True)))


class PriorityIndicators(Rule):
    """Every priority the plan has actions under has at least one indicator, unless the call
    switches this off."""

    def missing(self, application, reads):
        if not application.call.require_indicators:
            return
        actions = reads.actions
        measured = {a.priority.code for a in actions if a.indicators.all()}
        for code in dict.fromkeys(a.priority.code for a in sorted(actions, key=lambda a: a.priority.order)):
            if code not in measured:
                message = _("Voeg onder %(code)s minstens één indicator toe.") % {"code": code}
                yield Missing(f"indicator:{code}", message, "actions")

    def condition(self, call):
        if not call.require_indicators:
            return Q()
        # No action under a priority of the call that no indicator under that priority measures.
        measured = Indicator.objects.filter(action__application=OuterRef("application"),
                                            action__priority=OuterRef("priority"))
        unmeasured = Action.objects.filter(application=OuterRef("pk"), priority__in=call.priorities.all())
        return ~Q(Exists(unmeasured.exclude(Exists(measured))))


class Budget(Rule):
    def missing(self, application, reads):
        has_budget = (bool(application.budget_lines.all()) if contents_read(application)
                      else application.budget_lines.exists())
        if not has_budget:
            yield Missing("budget", _("Vul de begroting in."), "budget")

    def condition(self, call):
        return Q(Exists(BudgetLine.objects.filter(application=OuterRef("pk"))))


class MandatoryAttachments(Rule):
    """Each of the call's mandatory attachments; some once per member municipality."""

    def missing(self, application, reads):
        for type_name, municipality in missing_attachments(application, reads.members):
            what = f"{type_name} ({municipality})" if municipality else type_name
            yield Missing(f"attachment:{type_name}:{municipality or ''}",
                          _("Voeg de bijlage toe: %(what)s.") % {"what": what}, "attachments")

    def condition(self, call):
        # No mandatory type without its upload, and no active member without its upload of each
        # per-member type: two subqueries, however many types, and no query first.
        types = call.mandatory_attachment_types
        uploaded = Attachment.objects.filter(application=OuterRef(OuterRef("pk")),
                                             attachment_type=OuterRef("pk"))
        uploaded_for_member = Attachment.objects.filter(
            application=OuterRef(OuterRef("application")), attachment_type=OuterRef("pk"),
            municipality=OuterRef(OuterRef("municipality")))
        lacking_for_member = types.filter(per_member_municipality=True).exclude(Exists(uploaded_for_member))
        return (~Q(Exists(types.filter(per_member_municipality=False).exclude(Exists(uploaded))))
                & ~Q(Exists(_members_of_row().filter(Exists(lacking_for_member)))))


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


# In the order the applicant's checklist shows them.
RULES: tuple[Rule, ...] = (
    EligibleKind(),
    MembersAndPopulation(),
    RequiredText("environment_analysis", gettext_lazy("de omgevingsanalyse"), "plan"),
    RequiredText("vision", gettext_lazy("de beleidsvisie"), "plan"),
    PriorityYears(),
    ActionTargetGroups(),
    PriorityIndicators(),
    Budget(),
    RequiredText("contact_name", gettext_lazy("de naam van de contactpersoon"), "contacts"),
    RequiredText("contact_email", gettext_lazy("het e-mailadres van de contactpersoon"), "contacts"),
    RequiredText("director_name", gettext_lazy("de naam van de lokale regisseur"), "contacts"),
    RequiredText("iban", gettext_lazy("het rekeningnummer (IBAN) van de penvoerder"), "contacts"),
    MandatoryAttachments(),
)


def missing_items(application: Application) -> list[Missing]:
    """Once its contents are read (``read_contents``, itself once per instance) or its page read
    the answer through the cache (``remember_missing_items``), asked once per instance and
    language: a page's checks (the admissibility report, the steps' guard) share it."""
    answers = application.__dict__.get("_missing_items", {})
    if (language := get_language()) in answers:
        return list(answers[language])
    items = _missing_items(application)
    if contents_read(application):
        remember_missing_items(application, items)
    return list(items)


def remember_missing_items(application: Application, items: list[Missing]) -> None:
    """What ``missing_items`` answers from now on for this instance (in the active language): for
    a page that read it through the cache, so that its other checks (the steps' guard) share it."""
    application.__dict__.setdefault("_missing_items", {})[get_language()] = items


def _missing_items(application: Application) -> list[Missing]:
    reads = Reads(application)
    return [item for rule in RULES for item in rule.missing(application, reads)]


def with_completeness(queryset, call: Call):
    """Annotate ``is_complete`` on applications of `call`: what ``missing_items`` returns empty for."""
    condition = Q()
    for rule in RULES:
        condition &= rule.condition(call)
    return queryset.annotate(is_complete=ExpressionWrapper(condition, output_field=BooleanField()))


def cached_missing_items(application: Application) -> list[Missing]:
    """``missing_items`` for a page: the rules that read the contents (members, actions, budget,
    attachments: the queries) kept until those change (grants.contents_cache), the few that read
    the application's own text fields asked each time, so saving the plan keeps the rest. The
    submission guard, the API and the reminders ask ``missing_items`` itself."""
    kept = through_cache(application, "checklist", lambda: _missing_by_rule(application), reads_row=False)
    reads = Reads(application)
    return [item for n, rule in enumerate(RULES)
            for item in (rule.missing(application, reads) if rule.reads_row else kept[n])]


def _missing_by_rule(application: Application) -> dict[int, list[Missing]]:
    """What each rule that reads only the contents finds missing, by its place in RULES."""
    reads = Reads(application)
    return {n: list(rule.missing(application, reads)) for n, rule in enumerate(RULES) if not rule.reads_row}
