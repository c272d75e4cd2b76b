"""What the dossier page reads: the submitted snapshot laid out for a reviewer, the versions
with what changed, and the department's own records."""

from dataclasses import dataclass

from workflow.models import ApplicationVersion
from workflow.snapshots import diff_snapshots


@dataclass
class VersionChanges:
    version: ApplicationVersion
    changes: list[tuple[str, object, object]]


def versions_with_changes(application) -> list[VersionChanges]:
    """Each submitted version, newest first, with what changed since the one before."""
    versions = list(application.versions.select_related("created_by").order_by("number"))
    result, previous = [], None
    for version in versions:
        changes = diff_snapshots(previous.data, version.data) if previous else []
        result.append(VersionChanges(version, changes))
        previous = version
    return result[::-1]
