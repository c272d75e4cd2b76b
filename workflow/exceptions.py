"""Why a transition did not happen. Pages show the message; the API maps each to a status:
PermissionDenied 403, Http404 404, ValidationError 400, TransitionConflict 409."""

from django.utils.translation import gettext as _


class TransitionConflict(Exception):
    """Not possible in the application's current state (or another user was first): 409."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(str(m) for m in self.messages))


class GuardFailed(TransitionConflict):
    """The state allows the step, but the application does not meet its conditions."""


def wrong_state_message(application, step) -> str:
    return _("Dit kan niet meer: de aanvraag heeft intussen de status '%(status)s' en "
             "'%(step)s' is in die status niet mogelijk. Laad de pagina opnieuw.") % {
        "status": application.get_status_display(), "step": step.label,
    }
