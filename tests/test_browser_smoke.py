import pytest
from django.urls import reverse

from grants.roles import Role
from tests import factories
from tests.browser import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_applicant_logs_in_and_sees_the_home_page_in_dutch(page, call):
    user = factories.make_user(organisation=factories.make_applicant(name="Regio Zuid-West"))
    log_in(page, user.username)
    assert page.get_by_role("heading", name="Mijn aanvragen").is_visible()
    assert_accessible(page)


@pytest.fixture
def csp_violations(page):
    """The live server runs the test settings; the browser is handed production's policy and
    collects what it blocks."""
    from csp.utils import build_policy

    from config.security import CONTENT_SECURITY_POLICY

    policy = build_policy(config=CONTENT_SECURITY_POLICY["DIRECTIVES"])

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    page.route("**/*", with_policy)
    violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    return violations


def visit(page, paths) -> None:
    for path in paths:
        assert page.goto(path).status == 200, path
        page.wait_for_load_state("networkidle")


def test_the_portal_pages_break_no_rule_of_the_production_content_security_policy(page, csp_violations):
    call = factories.open_call(days_left=14)
    region = factories.make_applicant(name="Regio Zuid-West", lead="Kortrijk")
    application = factories.make_application(call=call, applicant=region)

    log_in(page, factories.make_user(organisation=region).username)
    line = application.budget_lines.first()
    visit(page, [reverse("home"), reverse("application-start", args=[call.code])] + [
        reverse(name, args=[application.pk]) for name in ("application-members", "application-plan")] + [
        reverse("application-budget-delete", args=[application.pk, line.pk])])  # asks without a script
    page.get_by_role("button", name="Ja, verwijderen").click()
    page.wait_for_load_state("networkidle")
    assert not application.budget_lines.filter(pk=line.pk).exists()
    assert_accessible(page)
    assert csp_violations == []


def test_the_department_pages_break_no_rule_of_the_production_content_security_policy(page, csp_violations,
                                                                                      call):
    application = factories.bulk_applications(call, 3)[0]
    log_in(page, factories.make_user(Role.DOSSIERBEHANDELAAR).username)
    visit(page, [reverse("department-home"), reverse("department-list", args=[call.code]),
                 reverse("department-dashboard", args=[call.code]),
                 reverse("department-dossier", args=[application.pk]),
                 reverse("department-municipalities")])
    assert csp_violations == []
