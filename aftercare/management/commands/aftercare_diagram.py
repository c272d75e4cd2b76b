from aftercare.diagram import DOC_PATH, render
from workflow.management.commands import workflow_diagram


class Command(workflow_diagram.Command):
    help = "Schrijft docs/aftercare.md (diagrammen en tabellen) uit aftercare/machine.py."
    docs = {DOC_PATH: render}
