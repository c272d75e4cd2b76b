"""docs/workflow.md, generated from workflow.machine: a Mermaid diagram and the table.

Regenerate with ``manage.py workflow_diagram``; a test fails when the file is stale.
"""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from grants.models import ApplicationStatus
from workflow.machine import STEPS

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "workflow.md"


def _names(functions) -> str:
    return ", ".join(f"`{f.__name__}`" for f in functions) or "—"


def render() -> str:
    with translation.override("nl-be"):
        lines = [
            "# De levensloop van een aanvraag",
            "",
            "Generated from `workflow/machine.py` by `manage.py workflow_diagram`; do not edit by hand.",
            "",
            "```mermaid",
            "stateDiagram-v2",
            f"    [*] --> {ApplicationStatus.CONCEPT.value}",
        ]
        for step in STEPS:
            for source in step.sources:
                for target in step.targets:
                    lines.append(f"    {source} --> {target}: {step.name}")
        lines += [
            "```",
            "",
            "| step | label | from | to | who | guards | input | effects in the transaction |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for step in STEPS:
            lines.append(
                f"| `{step.name}` | {step.label} | {', '.join(step.sources)} | {', '.join(step.targets)} "
                f"| {step.actor} | {_names(step.guards)} | `{step.form.__name__}` | {_names(step.effects)} |"
            )
        lines += [
            "",
            "States: " + ", ".join(f"`{s.value}` ({s.label})" for s in ApplicationStatus) + ".",
            "",
            "After the commit every step sends `workflow.signals.transition_committed`; the e-mails "
            "and the decision letter follow from it, never inside the transaction.",
            "",
        ]
    return "\n".join(lines)
