"""Reads: who may see which notifications. The department sees all; an applicant only
those about its own organisations' applications."""

from grants.roles import is_department
from grants.selectors import visible_condition
from notifications.models import Kind, Notification

# Internal e-mails to reviewers are the department's business only.
APPLICANT_KINDS = (Kind.DEADLINE_REMINDER, Kind.CLARIFICATION_REMINDER, Kind.RECEIPT,
                   Kind.CLARIFICATION_REQUESTED, Kind.DECISION, Kind.COUNCIL_DECISION_REMINDER,
                   Kind.DECISION_COPY, Kind.STATUS_CHANGED)


def notifications_visible_to(user):
    queryset = Notification.objects.select_related("application", "municipality")
    if not user.is_authenticated:
        return queryset.none()
    if is_department(user):
        return queryset
    return queryset.filter(visible_condition(user, "application__"), kind__in=APPLICANT_KINDS)
