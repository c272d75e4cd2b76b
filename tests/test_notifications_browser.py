"""The notification pages in a real browser: readable, and accessible (axe-core)."""

from datetime import datetime

import pytest

from grants.roles import Role
from notifications.models import Kind, Notification, Status
from tests import factories
from tests.browser import assert_accessible, log_in
from tests.lifecycle import BRUSSELS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sent(call):
    application = factories.make_application(call=call)
    Notification.objects.create(
        kind=Kind.RECEIPT, recipient="an.peeters@example.be", scope="stap:1", application=application,
        call=call, claimed_by="0" * 32, status=Status.SENT, subject="Ontvangstbevestiging (LR-2023-001)",
        sent_at=datetime(2023, 1, 10, 14, 0, tzinfo=BRUSSELS))
    return application


def test_an_applicant_reads_its_notifications(page, sent):  # noqa: F811 (the fixture)
    user = factories.make_user(organisation=sent.applicant)
    log_in(page, user.username)
    page.get_by_role("link", name="Mijn meldingen").click()
    assert page.get_by_role("heading", name="Mijn meldingen").is_visible()
    assert page.get_by_role("cell", name="Ontvangstbevestiging (LR-2023-001)").is_visible()
    assert page.get_by_role("cell", name="10/01/2023 14:00").is_visible()
    assert_accessible(page)


def test_the_department_filters_the_notifications(page, sent):  # noqa: F811 (the fixture)
    log_in(page, factories.make_user(Role.DOSSIERBEHANDELAAR).username)
    page.get_by_role("link", name="Meldingen", exact=True).click()
    page.get_by_label("Status").select_option(Status.FAILED)
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_role("heading", name="0 meldingen").is_visible()
    assert_accessible(page)
