"""What every page with a form shares: the posted data, and one way to show why a write
was refused. A service refuses with ValidationError (400), PermissionDenied (403) or
TransitionConflict (409); the page puts the reason beside the field it concerns, or
above the form, in the words the service chose."""

from django.core.exceptions import PermissionDenied, ValidationError

from grants.services import NotEditable
from workflow.exceptions import TransitionConflict

REFUSALS = (ValidationError, PermissionDenied, TransitionConflict)
STATUS = {ValidationError: 400, PermissionDenied: 403, TransitionConflict: 409}


def posted(request, files=False):
    """The form data of a POST (even an empty one, so it is validated), else None."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST


def refusal_text(error) -> str:
    """A refusal as one sentence, for a message above the page."""
    return " ".join(str(m) for m in getattr(error, "messages", None) or error.args)


def refusal_status(error) -> int:
    return next(code for kind, code in STATUS.items() if isinstance(error, kind))


def show_refusal(form, error) -> None:
    """Put a service's refusal next to the field it concerns (or above the form)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, refusal_text(error))


def try_write(form, write) -> bool:
    """Run a service write; when it refuses the input or the state, show the reason on the
    form and report failure. PermissionDenied passes through as the 403 page (the user may
    not do this at all), and NotEditable too: the applicant's pages answer it with the
    read-only overview."""
    try:
        write()
    except NotEditable:
        raise
    except (ValidationError, TransitionConflict) as error:
        show_refusal(form, error)
        return False
    return True
