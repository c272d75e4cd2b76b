"""The applicant's write through the API: the texts and contacts of an editable application.

Same rules as the portal: only a member of the applicant organisation (403 for department
staff, 404 for anyone else), only while the status allows editing (409), and the model's own
validation (400). Row locked, so a concurrent submission cannot slip in between.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions, status

from grants.selectors import applications_visible_to, can_act_for, get_application_for


class NotEditable(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    dutch = True  # our own sentence: the error handler shows it as it is


@transaction.atomic
def update_application(user, pk, changes: dict):
    queryset = applications_visible_to(user).select_for_update(of=("self",))
    application = get_application_for(user, pk, queryset=queryset)
    if not can_act_for(user, application.applicant):
        raise PermissionDenied(_("Alleen wie voor %(applicant)s mag optreden, kan de aanvraag wijzigen.")
                               % {"applicant": application.applicant})
    if not application.is_editable:
        raise NotEditable(_("De aanvraag heeft de status '%(status)s' en kan niet meer gewijzigd worden.")
                          % {"status": application.get_status_display()})
    for field, value in changes.items():
        setattr(application, field, value)
    # Only what the applicant changes is checked: other fields are the department's or the system's.
    untouched = [f.name for f in application._meta.fields if f.name not in changes]
    application.full_clean(exclude=untouched, validate_constraints=False)
    application.save(update_fields=[*changes, "updated_at"])
    return application
