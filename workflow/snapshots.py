"""The immutable snapshot taken at each submission, its hash, and what changed between two
(each submitted version with what changed since the one before, in words: ``workflow.changes``).

The snapshot holds what the department assesses: plan, members, actions with their
indicators, budget lines and the checksums of the attachments.
"""

import hashlib
import json
from dataclasses import dataclass

from grants.completeness import read_contents
from grants.models import Application
from workflow.changes import Change, readable_changes
from workflow.models.submission import ApplicationVersion  # workflow.models imports this module


def build_snapshot(application: Application) -> dict:
    """From the contents the submission's guards read (see ``read_contents``), read once."""
    read_contents(application)
    return {
        "call": application.call.code,
        "applicant": {
            "name": application.applicant.name,
            "kind": application.applicant.kind,
            "legal_form": application.applicant.legal_form,
            "kbo_number": application.applicant.kbo_number,
        },
        "municipalities": [
            {"nis_code": m.municipality.nis_code, "name": m.municipality.name,
             "population": m.municipality.population}
            for m in application.active_members
        ],
        "plan": {
            "environment_analysis": application.environment_analysis,
            "vision": application.vision,
        },
        "contacts": {
            field: getattr(application, field)
            for field in ("contact_name", "contact_email", "contact_phone",
                          "director_name", "director_email", "director_phone", "iban")
        },
        "actions": [
            {
                "priority": action.priority.code,
                "title": action.title,
                "description": action.description,
                "bbc_code": action.bbc_code,
                "years": sorted(y.year for y in action.years.all()),
                "target_groups": sorted(t.code for t in action.target_groups.all()),
                "partners": sorted(p.code for p in action.partners.all()),
                "indicators": [
                    {"name": i.name, "unit": i.unit, "baseline": str(i.baseline),
                     "targets": {str(k): str(v) for k, v in sorted(i.targets.items())}}
                    for i in action.indicators.all()
                ],
            }
            for action in application.actions.all()
        ],
        "budget": [
            {"year": line.year, "category": line.category, "source": line.source,
             "amount": str(line.amount), "description": line.description}
            for line in application.budget_lines.all()  # ordered by year, category, source, pk
        ],
        "attachments": [
            {"type": a.attachment_type.code,
             "municipality": a.municipality.nis_code if a.municipality else None,
             "name": a.original_name, "size": a.size, "sha256": a.sha256}
            for a in application.attachments_in_order
        ],
    }


def snapshot_hash(data: dict) -> str:
    """SHA-256 of the canonical JSON form, so the same content always gives the same hash."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class VersionChanges:
    version: ApplicationVersion
    changes: list[Change]


def versions_with_changes(application) -> list[VersionChanges]:
    """Each submitted version, newest first, with what changed since the one before."""
    versions = list(application.versions.select_related("created_by").order_by("number"))
    result, previous = [], None
    for version in versions:
        changes = readable_changes(previous.data, version.data) if previous else []
        result.append(VersionChanges(version, changes))
        previous = version
    return result[::-1]
