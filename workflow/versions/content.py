"""The facts a version's PDF states, read from the frozen snapshot, never from the live
application: what was submitted is what the PDF shows. Only the names behind the
snapshot's codes (priorities, target groups, partners, attachment types) are looked up."""

from decimal import Decimal

from django.utils import timezone

from grants.models import AttachmentType, PartnerType, TargetGroup
from grants.plan import version_budget, version_by_priority


def version_context(version) -> dict:
    """Everything templates/versions/versie.xml may use."""
    data, application = version.data, version.application
    years = application.call.years
    members = {m["nis_code"]: m["name"] for m in data["municipalities"]}
    return {
        "dossier_number": application.dossier_number,
        "call_title": application.call.title,
        "applicant_name": data["applicant"]["name"],
        "number": version.number,
        "submitted_at": timezone.localtime(version.created_at),
        "sha256": version.sha256,
        "members": data["municipalities"],
        "population": sum(m["population"] for m in data["municipalities"]),
        "environment_analysis": _paragraphs(data["plan"]["environment_analysis"]),
        "vision": _paragraphs(data["plan"]["vision"]),
        "priorities": _priorities(data, years),
        "budget": version_budget(data, years),
        "attachments": _attachments(data, members),
    }


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _priorities(data: dict, years) -> list[dict]:
    """Per priority its actions, with target groups and partners by name and each
    indicator's baseline and targets as a Belgian reads numbers."""
    groups = dict(TargetGroup.objects.values_list("code", "name"))
    partners = dict(PartnerType.objects.values_list("code", "name"))
    priorities = version_by_priority(data, years)
    for priority in priorities:
        priority["actions"] = [{
            **action,
            "target_groups": [groups.get(code, code) for code in action["target_groups"]],
            "partners": [partners.get(code, code) for code in action["partners"]],
            "indicators": [{**i, "baseline": _number(i["baseline"]),
                            "targets": [(year, _number(value)) for year, value in i["targets"].items()]}
                           for i in action["indicators"]],
        } for action in priority["actions"]]
    return priorities


def _number(text: str) -> str:
    """'12.50' as 12,5 and '30' as 30: a count or a measure, not an amount."""
    return format(Decimal(text).normalize(), "f").replace(".", ",")


def _attachments(data: dict, members: dict) -> list[dict]:
    types = dict(AttachmentType.objects.values_list("code", "name"))
    return [{"type": types.get(a["type"], a["type"]), "municipality": members.get(a["municipality"], ""),
             "name": a["name"], "sha256": a["sha256"]} for a in data["attachments"]]
