"""Guards: conditions on the application that a transition needs, each returning the
reasons it is refused (an empty list when it may go ahead). The same functions feed the
django-fsm ``conditions`` (as booleans) and the messages a user reads."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grants.completeness import missing_items
from grants.models import Application


def submission_window_open(application: Application, at=None) -> list[str]:
    """Before the call's deadline, or before the end of an extension granted to this application."""
    at = at or timezone.now()
    call = application.call
    if call.accepts_submissions(at):
        return []
    extension = getattr(application, "extension", None)
    if extension is not None and at.replace(microsecond=0) <= extension.until:
        return []
    if at < call.opens_at:
        return [_("De oproep is nog niet open: indienen kan vanaf %(moment)s.")
                % {"moment": _moment(call.opens_at)}]
    return [_("De indiendatum is voorbij: aanvragen konden tot %(moment)s ingediend worden.")
            % {"moment": _moment(call.deadline)}]


def application_complete(application: Application) -> list[str]:
    return [item.message for item in missing_items(application)]


def _moment(value) -> str:
    """The moment in the reader's language ("02/12/2026 om 23:59", "02/12/2026 at 23:59"):
    the refusal is shown on their page, in a sentence."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
