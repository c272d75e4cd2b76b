"""Who receives an application's e-mails: its contact person and local director (once when
they are the same address), or else the organisation's own address; "" when none is known,
so the gap is recorded as a failed e-mail instead of skipped.

The rule exists once, as database expressions: the sweep applies it to 100.000 drafts inside
one INSERT … SELECT, and an event or a clarification reminder to its own application in the
query it makes anyway. Addresses are compared trimmed and in lower case."""

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Lower, Trim
from django.db.models.lookups import Exact

from grants.models import Application

RECIPIENT_COLUMNS = ("first_recipient", "second_recipient")


def _address(path: str):
    return Lower(Trim(path))


def recipient_columns(application: str = "") -> dict:
    """Annotations for the application at ``application`` (a path like "application__"):
    the first recipient (never NULL) and the second (NULL when there is none)."""
    contact, director = _address(f"{application}contact_email"), _address(f"{application}director_email")
    organisation = _address(f"{application}applicant__email")
    none = Value(None, output_field=CharField())
    director_else_organisation = Case(When(Exact(director, ""), then=organisation), default=director)
    return {
        "first_recipient": Case(When(Exact(contact, ""), then=director_else_organisation),
                                default=contact, output_field=CharField()),
        "second_recipient": Case(
            When(Exact(contact, ""), then=none), When(Exact(director, ""), then=none),
            When(Exact(director, contact), then=none), default=director, output_field=CharField()),
    }


def addresses(row: dict) -> list[str]:
    """The recipients of a row annotated with recipient_columns, in order."""
    return [row[column] for column in RECIPIENT_COLUMNS if row[column] is not None]


def recipients_of(application) -> list[str]:
    row = Application.objects.filter(pk=application.pk).values(**recipient_columns()).get()
    return addresses(row)
