"""Reads for decision letters, with the same visibility as the application itself."""

from django.http import Http404

from grants.roles import is_department
from grants.selectors import get_application_for
from workflow.models import DecisionLetter, LetterBatch


def letter_for(user, application_id) -> DecisionLetter:
    """The letter of an application the user may see; Http404 for anyone else's, or none yet."""
    application = get_application_for(user, application_id)
    try:
        return DecisionLetter.objects.select_related("application").get(application=application)
    except DecisionLetter.DoesNotExist:
        raise Http404 from None


def batches_of(call):
    return LetterBatch.objects.filter(call=call).select_related("requested_by")[:10]


def batch_for(user, batch_id) -> LetterBatch:
    if not is_department(user):
        raise Http404
    try:
        return LetterBatch.objects.select_related("call").get(pk=batch_id)
    except (LetterBatch.DoesNotExist, ValueError):
        raise Http404 from None
