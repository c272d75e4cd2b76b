"""A screen reader reads a field's help text and error with its input: every
aria-describedby on the applicant's form pages names an element that is on the page."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


class _References(HTMLParser):
    """The page's ids, and the ids each element's aria-describedby names."""

    def __init__(self):
        super().__init__()
        self.ids, self.described = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described.append((attrs.get("name") or attrs.get("id") or tag, attrs["aria-describedby"]))


def dangling_descriptions(html: str) -> list[str]:
    """'field → id' for each aria-describedby id that no element of the page has."""
    page = _References()
    page.feed(html)
    return [f"{who} → {ref}" for who, refs in page.described for ref in refs.split() if ref not in page.ids]


def described(html: str) -> int:
    page = _References()
    page.feed(html)
    return len(page.described)


@pytest.fixture
def application(clerk, region, open_call):
    return factories.make_application(call=open_call, applicant=region)


def form_pages(application):
    """Each applicant page with a form, as (url, data to post): None only shows it; data
    shows it again with its errors."""
    pk, action = application.pk, application.actions.first()
    indicator = action.indicators.first()
    return [
        (reverse("application-start", args=[application.call.code]), None),
        (reverse("application-members", args=[pk]), None),
        (reverse("application-plan", args=[pk]), None),
        (reverse("application-contacts", args=[pk]), {"iban": "BE00"}),
        (reverse("application-action-new", args=[pk]), None),
        (reverse("application-action-new", args=[pk]), {"bbc_code": "X"}),
        (reverse("application-action", args=[pk, action.pk]), None),
        (reverse("application-indicator-new", args=[pk, action.pk]), None),
        (reverse("application-indicator", args=[pk, action.pk, indicator.pk]), {"unit": "personen"}),
        (reverse("application-budget", args=[pk]), {"amount": "-1"}),
        (reverse("application-attachments", args=[pk]), {}),
        (reverse("portal-submit", args=[pk]), {}),
        (reverse("portal-withdraw", args=[pk]), {}),
    ]


def test_every_help_text_and_error_an_input_points_to_is_on_the_page(client, application):
    checked = 0
    for url, data in form_pages(application):
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code in (200, 400, 409), url
        html = response.content.decode()
        assert dangling_descriptions(html) == [], url
        checked += described(html)
    assert checked > 20  # the pages do describe their inputs


def test_the_bbc_code_and_unit_inputs_are_described_by_their_help_text(client, application):
    action = application.actions.first()
    for url, name, help_text in (
            (reverse("application-action", args=[application.pk, action.pk]), "bbc_code",
             "Optioneel: de code van deze actie"),
            (reverse("application-indicator-new", args=[application.pk, action.pk]), "unit",
             "Bijvoorbeeld: personen, trajecten, overlegmomenten.")):
        html = client.get(url).content.decode()
        assert f'aria-describedby="id_{name}_helptext"' in html
        assert re.search(f'id="id_{name}_helptext"[^>]*>{help_text}', html)
