"""docs/workflow.md, generated from workflow.machine: a Mermaid diagram and the table; and
docs/registrations.md from the registration table in grants.registrations.

Regenerate with ``manage.py workflow_diagram``; a test fails when a file is stale.
"""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from grants import registrations
from grants.models import ApplicationStatus, RegistrationStatus
from workflow.machine import STEPS

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "workflow.md"
REGISTRATION_DOC_PATH = Path(settings.BASE_DIR) / "docs" / "registrations.md"


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


def render_registrations() -> str:
    with translation.override("nl-be"):
        lines = [
            "# De aanmelding van een nieuw samenwerkingsverband",
            "",
            "Generated from `grants/registrations.py` by `manage.py workflow_diagram`; do not edit by hand.",
            "",
            "A municipality's user registers the organisation (`grants.registrations.register`, state "
            f"`{RegistrationStatus.AANGEMELD.value}`); the department takes one of the steps below through "
            "`grants.registrations.fire_registration`.",
            "",
            "```mermaid",
            "stateDiagram-v2",
            f"    [*] --> {RegistrationStatus.AANGEMELD.value}",
        ]
        lines += [f"    {source} --> {step.target}: {step.name}"
                  for step in registrations.STEPS for source in step.sources]
        lines += [
            "```",
            "",
            "| step | label | from | to | who | effects in the transaction |",
            "|---|---|---|---|---|---|",
        ]
        lines += [f"| `{step.name}` | {step.label} | {', '.join(step.sources)} | {step.target} "
                  f"| {step.actor} | {_names(step.effects)} |" for step in registrations.STEPS]
        states = ", ".join(f"`{s.value}` ({s.label})" for s in RegistrationStatus)
        lines += ["", f"States: {states}.", ""]
    return "\n".join(lines)


DOCS = {DOC_PATH: render, REGISTRATION_DOC_PATH: render_registrations}
"""Every generated lifecycle document and what writes it."""
