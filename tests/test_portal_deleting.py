"""Deleting part of a draft asks first: the delete link leads to a page that names what goes
("Wilt u … verwijderen?"), deletes nothing, and only its button (a POST) deletes. And an
indicator can be changed from its action's page, not only deleted."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.by_label = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("aria-label"):
            self.by_label[attrs["aria-label"]] = attrs.get("href")


def link(page_html: str, label: str) -> str:
    """The href of the link a screen reader announces with this label."""
    links = _Links()
    links.feed(page_html)
    assert label in links.by_label, f"no link '{label}'"
    return links.by_label[label]


@pytest.fixture
def application(clerk, region, open_call):
    return factories.make_application(call=open_call, applicant=region)


def deletions(application):
    """Per kind: the page with the delete link, the link's label, the question, what must go."""
    action, other_action = application.actions.order_by("pk")[:2]
    indicator = action.indicators.first()
    line = application.budget_lines.first()
    attachment = application.attachments.filter(municipality=None).first()  # its name is unique
    pk = application.pk
    return [
        (reverse("application-action", args=[pk, action.pk]), f"Indicator '{indicator.name}' verwijderen",
         f"Wilt u de indicator '{indicator.name}' verwijderen?", action.indicators, indicator.pk),
        (reverse("application-actions", args=[pk]), f"Actie '{other_action.title}' verwijderen",
         f"Wilt u de actie '{other_action.title}' en haar indicatoren verwijderen?",
         application.actions, other_action.pk),
        (reverse("application-budget", args=[pk]),
         f"Lijn personeelskosten lokale regisseur {line.year} verwijderen",
         f"Wilt u de begrotingslijn personeelskosten lokale regisseur {line.year} van € 50.000,00 "
         "verwijderen?", application.budget_lines, line.pk),
        (reverse("application-attachments", args=[pk]), f"{attachment.original_name} verwijderen",
         f"Wilt u de bijlage '{attachment.original_name}' verwijderen?",
         application.attachments, attachment.pk),
    ]


def test_each_delete_link_asks_first_and_only_the_confirmation_deletes(client, application):
    for page_url, label, question, items, item_pk in deletions(application):
        confirm_url = link(client.get(page_url).content.decode(), label)
        asked = client.get(confirm_url)
        assert asked.status_code == 200
        assert question in text(asked), label
        assert items.filter(pk=item_pk).exists(), f"{label}: showing the question deleted it"
        assert "Ja, verwijderen" in text(asked) and f'href="{page_url}"' in asked.content.decode()

        done = client.post(confirm_url, follow=True)
        assert done.redirect_chain[-1][0] == page_url
        assert "is verwijderd." in text(done)
        assert not items.filter(pk=item_pk).exists(), label


def test_the_confirmation_page_is_refused_after_submission(client, clerk, application):
    from workflow import services

    services.fire(clerk, application.pk, "submit", {"declaration": "on"})
    line = application.budget_lines.first()
    response = client.get(reverse("application-budget-delete", args=[application.pk, line.pk]), follow=True)
    assert "kan niet meer gewijzigd worden" in text(response)
    assert "Ja, verwijderen" not in text(response)


def test_another_organisation_gets_404_for_the_confirmation(client, application):
    line = application.budget_lines.first()
    other = factories.make_applicant(name="Regio Elders", lead="Gent")
    client.force_login(factories.make_user(organisation=other))
    url = reverse("application-budget-delete", args=[application.pk, line.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert application.budget_lines.filter(pk=line.pk).exists()


def test_an_indicator_is_changed_from_its_actions_page(client, application):
    action = application.actions.first()
    indicator = action.indicators.get()
    action_url = reverse("application-action", args=[application.pk, action.pk])
    edit_url = link(client.get(action_url).content.decode(), f"Indicator '{indicator.name}' wijzigen")
    form = text(client.get(edit_url))
    assert 'value="Deelnemers"' in form and 'value="personen"' in form

    client.post(edit_url, {"name": "Deelnemers in een traject", "unit": "personen", "baseline": "5",
                           "target_2023": "12", "target_2024": "14", "target_2025": "16"})
    indicator.refresh_from_db()
    assert indicator.name == "Deelnemers in een traject"
    assert indicator.targets == {"2023": "12", "2024": "14", "2025": "16"}
