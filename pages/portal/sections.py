"""The parts of the plan, in the order the applicant fills them, with the page that edits each.

The ``code`` matches ``grants.completeness.Missing.section``, so every missing piece on a
checklist links to the page where it is fixed.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    url_name: str

    def url(self, application) -> str:
        return reverse(self.url_name, args=[application.pk])


SECTIONS = (
    Section("members", _("Deelnemende gemeenten"), "application-members"),
    Section("plan", _("Omgevingsanalyse en visie"), "application-plan"),
    Section("actions", _("Acties en indicatoren"), "application-actions"),
    Section("budget", _("Begroting"), "application-budget"),
    Section("contacts", _("Contactgegevens"), "application-contacts"),
    Section("attachments", _("Bijlagen"), "application-attachments"),
)
SECTIONS_BY_CODE = {section.code: section for section in SECTIONS}


def checklist(application, missing) -> list[dict]:
    """Each missing piece with the link to the page where the applicant fixes it."""
    return [{"message": item.message, "code": item.code,
             "url": SECTIONS_BY_CODE[item.section].url(application),
             "section": SECTIONS_BY_CODE[item.section].title}
            for item in missing]


def section_states(application, missing) -> list[dict]:
    """The sections for the side navigation, each with how many pieces it still lacks."""
    counts = {}
    for item in missing:
        counts[item.section] = counts.get(item.section, 0) + 1
    return [{"section": s, "url": s.url(application), "missing": counts.get(s.code, 0)} for s in SECTIONS]
