import pytest

from tests import factories
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_applicant_logs_in_and_sees_the_home_page_in_dutch(page, call):
    user = factories.make_user(organisation=factories.make_applicant(name="Regio Zuid-West"))
    log_in(page, user.username)
    assert page.get_by_role("heading", name="Mijn aanvragen").is_visible()
    assert_accessible(page)
