from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Behandeling en beslissing")

    def ready(self):
        from workflow.letters import receivers  # noqa: F401  (a decision gets its letter)
