"""docs/aftercare.md, generated from aftercare.machine: per lifecycle (yearly report, tranche,
recovery, change, appeal) a Mermaid diagram and the table, in the form of docs/workflow.md.

Regenerate with ``manage.py aftercare_diagram`` (``make docs-workflow``); a test fails when the
file is stale.
"""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from aftercare.machine import LIFECYCLES, Lifecycle

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "aftercare.md"


def _names(functions) -> str:
    return ", ".join(f"`{f.__name__}`" for f in functions) or "—"


def _lifecycle(lifecycle: Lifecycle) -> list[str]:
    lines = [
        f"## {lifecycle.label} (`{lifecycle.name}`, `{lifecycle.model.__name__}`)",
        "",
        f"Starts as `{lifecycle.start}` through `aftercare.{lifecycle.started_by}`.",
        "",
        "```mermaid",
        "stateDiagram-v2",
        f"    [*] --> {lifecycle.start}",
    ]
    lines += [
        f"    {source} --> {step.target}: {step.name}" for step in lifecycle.steps for source in step.sources
    ]
    lines += [
        "```",
        "",
        "| step | label | from | to | who | guards | input | effects in the transaction |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| `{step.name}` | {step.label} | {', '.join(step.sources)} | {step.target} | {step.actor} "
        f"| {_names(step.guards)} | `{step.form.__name__}` | {_names(step.effects)} |"
        for step in lifecycle.steps
    ]
    states = ", ".join(f"`{s.value}` ({s.label})" for s in lifecycle.states)
    return [*lines, "", f"States: {states}.", ""]


def render() -> str:
    with translation.override("nl-be"):
        lines = [
            "# Na de beslissing: jaarverslag, schijf, terugvordering, wijziging, heroverweging en beroep",
            "",
            "Generated from `aftercare/machine.py` by `manage.py aftercare_diagram`; do not edit by hand.",
            "Every step goes through `aftercare.services.fire` and, after the commit, sends "
            "`aftercare.signals.step_committed`; the e-mails follow from it "
            "(`notifications.services.AFTERCARE_EMAILS`). A dossier is closed (`aftercare.Closure`) "
            "by the effect `close_when_done` once every report is approved, every tranche paid or "
            "cancelled and no recovery is open. A change or an appeal that decides anew leaves a "
            "`aftercare.LaterDecision` with its numbered letter (`aftercare/later.py`).",
            "",
        ]
        for lifecycle in LIFECYCLES.values():
            lines += _lifecycle(lifecycle)
    return "\n".join(lines)
