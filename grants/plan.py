"""The plan read as a whole: the summary of everything the applicant entered, from the live
application or from a submitted version, for the read-only pages of the applicant and the
department."""

from collections import defaultdict

from grants.completeness import active_members, contents_read, read_contents
from grants.models import PartnerType, PolicyPriority, TargetGroup
from grants.money import budget_table, version_lines


def actions_of(application):
    """The actions with what their pages show, unless the checklist has read them already."""
    if contents_read(application):
        return application.actions.all()
    return (application.actions.select_related("priority")
            .prefetch_related("years", "target_groups", "partners", "indicators"))


def budget_of(application) -> dict:
    """The live plan's budget table (the applicant's budget page and summary)."""
    return budget_table(application.budget_lines.all(), application.call.years)


def plan_summary(application) -> dict:
    """Everything the applicant entered, for the read-only view after submission and the
    submission page (which has read it all already, for its checklist)."""
    read_contents(application)
    members = sorted(active_members(application), key=lambda m: m.municipality.name)
    by_type_and_name = sorted(application.attachments_in_order, key=lambda a: (
        a.attachment_type.order, a.municipality.name if a.municipality_id else ""))
    return {
        "members": members,
        "population": sum(m.municipality.population for m in members),
        "summary_actions": actions_of(application),
        "budget": budget_of(application),
        "attachments": by_type_and_name,
    }


def version_by_priority(snapshot: dict, years: list[int]) -> list[dict]:
    """A submitted version's actions per priority, and per year which actions run."""
    titles = dict(PolicyPriority.objects.values_list("code", "title"))
    groups = dict(TargetGroup.objects.values_list("code", "name"))
    partners = dict(PartnerType.objects.values_list("code", "name"))
    grouped = defaultdict(list)
    for action in snapshot.get("actions", []):
        grouped[action["priority"]].append({
            **action,
            "target_group_names": [groups.get(code, code) for code in action.get("target_groups", [])],
            "partner_names": [partners.get(code, code) for code in action.get("partners", [])],
        })
    return [
        {"code": code, "title": titles.get(code, ""), "actions": actions,
         "per_year": [(year, [a["title"] for a in actions if year in a["years"]]) for year in years]}
        for code, actions in grouped.items()
    ]


def version_budget(snapshot: dict, years: list[int]) -> dict:
    """A submitted version's budget table, the same shape as the live one."""
    return budget_table(version_lines(snapshot), years)
