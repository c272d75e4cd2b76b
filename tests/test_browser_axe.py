"""axe-core finds nothing on any page of the portal, the department or the monitoring, in Dutch
or in English.

The pages are read from the URL confs, so a new page is checked without touching this file:
each URL parameter takes its value from one small world (a draft and a decided application,
a call, a municipality, a letter batch). Where a parameter has several candidates (an
application in a state the page shows), the first path that renders as a page is checked.
A file (PDF, ZIP, CSV, XLSX) is no page, and neither is a form's POST-only target.
"""

import itertools
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from aftercare import services as aftercare
from grants import registrations
from grants.agreements import record_change, regiegebied_of
from grants.models import MunicipalityMembership, OrganisationMembership
from grants.roles import Role
from pages.committee.urls import urlpatterns as committee_urls
from pages.department.urls import urlpatterns as department_urls
from pages.portal.urls import urlpatterns as portal_urls
from tests import factories
from tests.aftercare_world import full_report
from tests.browser import assert_accessible, log_in
from tests.test_uploads import real_pdf
from workflow.letters import services as letters
from workflow.models import DecisionProposal
from workflow.services import fire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("nl-be", "en")


@dataclass
class Audience:
    """One role's pages, its user and the values its URL parameters take (candidates in order)."""

    patterns: list[URLPattern]
    username: str
    values: dict[str, list]
    overrides: dict[str, dict[str, list]]

    def candidates(self, pattern: URLPattern) -> list[str]:
        """Every path the page could be shown at, from the world's objects."""
        params = list(pattern.pattern.converters)
        choices = [self.overrides.get(pattern.name, {}).get(p) or self.values[p] for p in params]
        return [reverse(pattern.name, kwargs=dict(zip(params, combination, strict=True)))
                for combination in itertools.product(*choices)]


def world() -> tuple[Audience, Audience, Audience]:
    """A region with a draft and a decided application in an open call, its applicant, a
    dossierbehandelaar and a member of the monitoring committee; the objects every page of
    each audience needs."""
    call = factories.open_call(days_left=14)
    region = factories.make_applicant(name="Regio Zuid-West", lead="Kortrijk")
    applicant = factories.make_user(Role.AANVRAGER, organisation=region, username="regisseur")
    # Also acting for the municipality of Kortrijk: the registration page is theirs too.
    kortrijk = factories.municipalities("Kortrijk")[0]
    MunicipalityMembership.objects.create(user=applicant, municipality=kortrijk)
    registration = registrations.register(applicant, {
        "name": "Regio Leie-Schelde", "kind": "samenwerkingsverband", "legal_form": "interlokale_vereniging",
        "lead_municipality": kortrijk, "members": factories.municipalities("Kortrijk", "Kuurne")})
    draft = factories.make_application(call=call, applicant=region)
    midwest = factories.make_applicant(name="Midwest", lead="Roeselare")
    OrganisationMembership.objects.create(user=applicant, applicant=midwest)
    decided = factories.decide(factories.make_application(call=call, applicant=midwest,
                                                          members=("Roeselare", "Izegem")))
    submitted = factories.make_application(call=call, members=("Menen", "Wevelgem"))
    fire(factories.make_user(organisation=submitted.applicant), submitted.pk, "submit", {"declaration": "on"})
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR, username="behandelaar")
    batch = letters.run_batch(letters.start_batch(reviewer, call).pk)  # the decided one's letter, zipped
    report, recovery, attachment = aftercare_world(decided, applicant, reviewer)
    action = draft.actions.first()
    act = DecisionProposal.objects.get(application=decided, approved_at__isnull=False).act
    portal = Audience(portal_urls, applicant.username, {
        "call_code": [call.code], "pk": [draft.pk, decided.pk], "action_pk": [action.pk],
        "indicator_pk": [action.indicators.first().pk], "line_pk": [draft.budget_lines.first().pk],
        "attachment_pk": [draft.attachments.first().pk], "number": [1], "year": [2023],
        "recovery_pk": [recovery.pk], "position": [1],
    }, {"portal-report-attachment": {"attachment_pk": [attachment.pk]},
        "portal-report-attachment-delete": {"attachment_pk": [attachment.pk]}})
    municipality = factories.municipalities("Kortrijk")[0]
    regiegebied = regiegebied_of(decided)
    record_change(reviewer, status="afgesloten", since=call.period_start, municipality_id=municipality.pk)
    record_change(reviewer, status="in_onderhandeling", since=call.period_start,
                  expected_signature=call.period_end, regiegebied_id=regiegebied.pk)
    department = Audience(department_urls, reviewer.username, {
        "call_code": [call.code], "pk": [submitted.pk, decided.pk], "step_name": ["declare_admissible"],
        "fmt": ["csv"],
        "lifecycle_name": ["jaarverslag"], "position": [1],
    }, {"department-municipality": {"pk": [municipality.pk]},
        "department-regiegebied": {"pk": [regiegebied.pk]},
        "department-registration": {"pk": [registration.pk]},
        "department-report": {"pk": [report.pk]}, "department-recovery-letter": {"pk": [recovery.pk]},
        "department-aftercare-step": {"pk": [report.pk], "step_name": ["request_changes"]},
        "letter-batch": {"pk": [batch.pk]}, "letter-batch-download": {"pk": [batch.pk]},
        "department-act": {"pk": [act.pk]}, "department-act-annex": {"pk": [act.pk], "fmt": ["pdf"]}})
    committee = factories.make_user(Role.MONITORINGSCOMITE, username="comite")
    # A rehearsal publishes no open data: the real call does.
    monitoring = Audience(committee_urls, committee.username, {"call_code": [call.code], "fmt": ["pdf"]},
                          {"open-data": {"call_code": [factories.the_call().code]},
                           "open-data-download": {"call_code": [factories.the_call().code], "fmt": ["csv"]}})
    return portal, department, monitoring


def aftercare_world(decided, applicant, reviewer):
    """The decided dossier after its decision: a submitted 2023 report with an attachment, and a
    decided recovery (with its letter) on the paid advance."""
    with time_machine.travel("2024-02-20 10:00+01:00", tick=False):
        report = aftercare.save_report(applicant, decided.pk, 2023, full_report(decided, 2023))
        attachment = aftercare.add_report_attachment(
            applicant, report.pk, SimpleUploadedFile("verslag.pdf", real_pdf("Jaarverslag")))
        aftercare.fire(applicant, "jaarverslag", report.pk, "submit", {"declaration": "on"})
    decider = factories.make_user(Role.BESLISSER)
    advance = decided.tranches.get(year=2023, kind="voorschot")
    aftercare.fire(reviewer, "schijf", advance.pk, "propose")
    aftercare.fire(decider, "schijf", advance.pk, "approve")
    aftercare.fire(reviewer, "schijf", advance.pk, "mark_paid", {"paid_on": "02/05/2023", "reference": "B-1"})
    recovery = aftercare.propose_recovery(reviewer, decided.pk, {
        "year": 2023, "reason": "voorwaarde", "amount": "1.000,00", "motivation": "Geen netwerkmoment."})
    aftercare.fire(decider, "terugvordering", recovery.pk, "decide")
    # Issue 23: a change reported and a reconsideration asked, on the letters' page.
    aftercare.report_change(applicant, decided.pk, {
        "kind": "regisseur", "effective_on": "01/03/2024", "description": "Nieuwe regisseur.",
        "director_name": "An Peeters", "director_email": "an@example.be"})
    aftercare.request_reconsideration(applicant, decided.pk, {"grounds": "Het bedrag voor 2025 is te laag."})
    return report, recovery, attachment


def first_page(context, pattern: URLPattern, paths: list[str]) -> str | None:
    """The first path that answers with a page; None for a file, a POST-only target or a
    redirect. A page that renders for none of the world's objects fails: the world lacks
    what it needs."""
    statuses = []
    for path in paths:
        response = context.request.get(path, max_redirects=0)
        if not response.headers.get("content-type", "").startswith("text/html") and response.ok:
            return None  # a download
        if response.status == 405:
            return None  # a form posts here; its page is another
        if response.status == 200:
            return path
        statuses.append((path, response.status))
    if all(300 <= status < 400 for _, status in statuses):
        return None  # a door to another page, which is checked in its own right
    pytest.fail(f"{pattern.name}: no object of the world shows this page: {statuses}")


def violations(page, path: str, language: str) -> list[str]:
    """What axe reports on the page, as lines naming the page; nothing when it passes."""
    page.goto(path)  # waits for the load event; no page fetches anything after it
    if (lang := page.get_attribute("html", "lang")) != language[:2]:
        return [f"{path}: shown in {lang!r}, not in {language!r}"]
    try:
        assert_accessible(page, every_impact=True)
    except AssertionError as error:
        return [f"{path}: {error}"]
    return []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", ["portal", "department", "monitoring"])
def test_every_page_passes_axe_in_both_languages(browser, live_server, audience, language):
    # One test per audience and language, so that parallel workers share the sweep.
    audience = dict(zip(["portal", "department", "monitoring"], world(), strict=True))[audience]
    context = browser.new_context(locale="nl-BE", timezone_id="Europe/Brussels",
                                  base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, audience.username)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    paths = [p for p in (first_page(context, pattern, audience.candidates(pattern))
                         for pattern in audience.patterns) if p]
    found = [v for path in paths for v in violations(page, path, language)]
    context.close()
    assert not found, "\n".join(found)
