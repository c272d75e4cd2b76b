"""The department's workspace: the list of a call's applications, the dossier, the
assessment, the decision proposal and the monitoring dashboard."""
