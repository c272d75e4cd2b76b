"""Who receives an application's e-mails: its contact person and local director, or else
the organisation's own address. Works on plain values so a sweep needs no extra query."""

RECIPIENT_FIELDS = ("contact_email", "director_email", "applicant__email")


def application_recipients(contact_email: str, director_email: str, applicant_email: str) -> list[str]:
    """Distinct addresses, in order; [""] when none is known, so the gap is recorded, not skipped."""
    found = [e.strip() for e in (contact_email, director_email) if e and e.strip()]
    if not found and applicant_email and applicant_email.strip():
        found = [applicant_email.strip()]
    return list(dict.fromkeys(e.lower() for e in found)) or [""]


def recipients_of(application) -> list[str]:
    return application_recipients(application.contact_email, application.director_email,
                                  application.applicant.email)
