"""From the facts to the PDF: the outcome's template (the wording) through the layout."""

from django.template.loader import render_to_string
from django.utils import translation

from workflow.letters.pdf import render_pdf


def document_xml(template: str, context: dict) -> str:
    """A document in the layout's XML vocabulary (docs/letters/README.md), from its template."""
    # Month names and number formats are Dutch whatever language the worker runs in.
    with translation.override("nl-be"):
        xml = render_to_string(template, context)
    return xml.replace("€ ", "€\u00a0")  # an amount never breaks after its euro sign


def letter_xml(context: dict) -> str:
    """The letter of its kind: toekenning, gedeeltelijke_toekenning, weigering or onontvankelijk."""
    return document_xml(f"letters/{context['kind']}.xml", context)


def render_letter(context: dict) -> bytes:
    return render_pdf(letter_xml(context))


def render_act_annex(context: dict) -> bytes:
    """The annex of a decision act: every beneficiary and its amount per year."""
    return render_pdf(document_xml("letters/bijlage_akte.xml", context))
