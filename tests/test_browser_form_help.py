"""In a real browser: the action and indicator forms read each field's help text as the
input's description, and axe-core finds nothing serious on them."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_action_and_indicator_forms_describe_their_inputs_with_the_help_text(page, reference_data):
    region = factories.make_applicant(name="Regio Zuid-West", lead="Kortrijk")
    application = factories.make_application(call=factories.open_call(days_left=14), applicant=region)
    action = application.actions.first()
    log_in(page, factories.make_user(organisation=region).username)

    page.goto(reverse("application-action", args=[application.pk, action.pk]))
    expect(page.get_by_label("Actiecode in het meerjarenplan (BBC)")).to_have_accessible_description(
        re.compile(r"^Optioneel: de code van deze actie in het meerjarenplan"))
    assert_accessible(page)

    page.goto(reverse("application-indicator-new", args=[application.pk, action.pk]))
    expect(page.get_by_label("Eenheid")).to_have_accessible_description(
        "Bijvoorbeeld: personen, trajecten, overlegmomenten.")
    page.get_by_role("button", name="Indicator bewaren").click()  # all empty: the errors join the help
    expect(page.get_by_label("Eenheid")).to_have_accessible_description(
        re.compile(r"^Bijvoorbeeld: personen, trajecten, overlegmomenten\. \S"))
    assert_accessible(page)
