"""The department's list: the completeness column agrees with the applicant's checklist,
filters, bulk assignment, and the exports carry the list with its filters."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from grants.completeness import missing_items
from grants.models import ApplicantKind, Application, ApplicationStatus, Attachment, Call, Indicator
from grants.roles import Role
from tests import factories
from workflow import services
from workflow.models import ReviewAssignment
from workflow.selectors import ListFilters, call_applications, call_applications_page

pytestmark = pytest.mark.django_db

# Each takes one thing away from a complete application.
BREAKAGES = {
    "complete": lambda a: None,
    "no_vision": lambda a: Application.objects.filter(pk=a.pk).update(vision="   "),
    # Blank as str.strip() sees it, not only spaces (SQL's TRIM would call this filled in).
    "vision_only_line_breaks": lambda a: Application.objects.filter(pk=a.pk).update(vision="\r\n\t"),
    "no_iban": lambda a: Application.objects.filter(pk=a.pk).update(iban=""),
    "missing_year": lambda a: a.actions.first().years.filter(year=2024).delete(),
    "no_budget": lambda a: a.budget_lines.all().delete(),
    "one_council_decision_missing":
        lambda a: a.attachments.filter(municipality__isnull=False).first().delete(),
    "no_statutes": lambda a: a.attachments.filter(attachment_type__code="statuten").delete(),
    "no_members": lambda a: a.memberships.update(active=False),
    "action_without_target_group": lambda a: a.actions.first().target_groups.clear(),
    "priority_without_indicator": lambda a: Indicator.objects.filter(action__application=a).first().delete(),
}


def test_the_complete_column_agrees_with_the_checklist(call):
    leads = ("Gent", "Aalst", "Brugge", "Leuven", "Hasselt", "Mechelen", "Genk", "Kortrijk", "Roeselare",
             "Lokeren", "Turnhout")
    for lead, breakage in zip(leads, BREAKAGES.values(), strict=True):
        breakage(factories.make_application(call=call, members=(lead,)))
    small = factories.make_application(call=call, members=("Herstappe",))  # far below 60.000
    city = factories.make_application(
        call=call, members=("Antwerpen",),
        applicant=factories.make_applicant(kind=ApplicantKind.CENTRUMSTAD, lead="Antwerpen"))
    municipality = factories.make_application(
        call=call, members=("Ninove",), applicant=factories.make_applicant(kind=ApplicantKind.GEMEENTE,
                                                                            lead="Ninove"))
    Application.objects.filter(call=call).update(submitted_at=call.deadline)  # the list shows submitted ones
    expected = {a.pk: not missing_items(a) for a in Application.objects.filter(call=call)}
    assert expected[small.pk] is False and expected[city.pk] is True and expected[municipality.pk] is False
    assert sum(expected.values()) == 2
    assert {a.pk: a.is_complete for a in call_applications(call)} == expected
    assert page_complete(call) == expected  # the list's page, in SQL of its own


def page_complete(call, filters: ListFilters | None = None) -> dict[int, bool]:
    """The completeness the list's first page shows (its SQL compiled once per call and filters)."""
    page, _drafts = call_applications_page(call, filters or ListFilters(), 1)
    return {row.pk: row.is_complete for row in page}


@pytest.mark.parametrize("rules_on", [True, False])
def test_the_call_switches_the_target_group_and_indicator_rules(call, rules_on):
    Call.objects.filter(pk=call.pk).update(require_target_groups=rules_on, require_indicators=rules_on)
    call.refresh_from_db()
    application = factories.make_application(call=call, members=("Gent",))
    application.actions.first().target_groups.clear()
    Indicator.objects.filter(action__application=application).delete()
    Application.objects.filter(pk=application.pk).update(submitted_at=call.deadline)
    application = Application.objects.get(pk=application.pk)
    codes = {item.code.split(":")[0] for item in missing_items(application)}
    assert codes == ({"target_groups", "indicator"} if rules_on else set())
    assert [a.is_complete for a in call_applications(call)] == [not rules_on]
    # Its SQL is kept per call as the rules read it: the call switched back is a new key.
    assert page_complete(call) == {application.pk: not rules_on}
    Call.objects.filter(pk=call.pk).update(require_target_groups=not rules_on,
                                           require_indicators=not rules_on)
    call.refresh_from_db()
    assert page_complete(call) == {application.pk: rules_on}


def test_filters_by_reviewer_late_and_search(call):
    on_time, late, unassigned = (factories.make_application(call=call, members=(m,), complete=False)
                                 for m in ("Gent", "Aalst", "Brugge"))
    Application.objects.filter(pk__in=(on_time.pk, unassigned.pk)).update(submitted_at=call.deadline)
    Application.objects.filter(pk=on_time.pk).update(dossier_number="LR-2023-001")
    Application.objects.filter(pk=late.pk).update(submitted_at=call.deadline + timedelta(seconds=1),
                                                  dossier_number="LR-2023-002")
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    for application in (on_time, late):
        ReviewAssignment.objects.create(application=application, reviewer=reviewer, assigned_by=reviewer)

    def found(**filters):
        listed = {a.pk for a in call_applications(call, ListFilters(**filters))}
        assert set(page_complete(call, ListFilters(**filters))) == listed  # the page's own SQL
        return listed

    assert found(late=True) == {late.pk}
    assert found(late=False) == {on_time.pk, unassigned.pk}
    assert found(reviewer=str(reviewer.pk)) == {on_time.pk, late.pk}
    assert found(reviewer="geen") == {unassigned.pk}
    assert found(search="2023-002") == {late.pk}
    assert [a.pk for a in call_applications(call, ListFilters(sort="-dossier"))][:2] == [late.pk, on_time.pk]


def test_assign_many_at_once_and_a_conflicted_reviewer_is_refused(client, call):
    applications = factories.bulk_applications(call, 3)
    boss = factories.make_user(Role.BEHEERDER)
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR, username="annelies")
    client.force_login(boss)
    url = reverse("department-list", args=[call.code])
    response = client.post(url, {"ids": [a.pk for a in applications[:2]], "reviewer": reviewer.pk})
    assert response.status_code == 302
    assigned = set(ReviewAssignment.objects.values_list("application", flat=True))
    assert assigned == {a.pk for a in applications[:2]}
    services.declare_conflict(reviewer, applications[2].pk, has_conflict=True, explanation="Oud-collega.")
    page = client.post(url, {"ids": [applications[2].pk], "reviewer": reviewer.pk}).content.decode()
    assert "verklaarde een belangenconflict" in page
    assert "Vink minstens één dossier aan." in client.post(url, {"reviewer": reviewer.pk}).content.decode()


def test_the_exports_carry_the_filtered_list(client, call):
    factories.bulk_applications(call, 3, prefix="A")
    factories.bulk_applications(call, 2, status="toegekend", prefix="B")
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    url = reverse("department-list-export", args=[call.code, "csv"])
    csv_response = client.get(url, {"status": "toegekend"})
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Dossiernummer", "Aanvrager"]
    assert len(rows) == 3 and {row[4] for row in rows[1:]} == {"toegekend"}
    assert rows[1][9] == "3000,00"
    xlsx = client.get(reverse("department-list-export", args=[call.code, "xlsx"]), {"status": "toegekend"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)][:1] == [rows[0]]
    assert sheet.max_row == 3
    dashboard = client.get(reverse("department-dashboard-export", args=[call.code, "xlsx"]))
    sheet = load_workbook(io.BytesIO(dashboard.content)).active
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "Aanvragen per status" in values and "Vlaanderen" in values
    assert client.get(reverse("department-list-export", args=[call.code, "pdf"])).status_code == 404


def test_the_kept_rows_and_fields_show_a_change_from_the_page_or_the_api_at_once(client, call):
    """The list's rows and fields are kept rendered (grants.fragments.kept), keyed by what they
    show: an assignment on the page or through the API, a new reviewer, are on the next page."""
    from tests.api_world import API, client_for

    first, second = factories.bulk_applications(call, 2)
    boss = factories.make_user(Role.BEHEERDER)
    client.force_login(boss)
    url = reverse("department-list", args=[call.code])

    def row(application) -> str:
        page = client.get(url).content.decode()
        start = page.index(f'id="kies-{application.pk}"')
        return page[start:page.index("</tr>", start)]

    assert "niet toegewezen" in row(first) and "niet toegewezen" in row(second)
    annelies = factories.make_user(Role.DOSSIERBEHANDELAAR, username="annelies")
    assert client.get(url).content.decode().count(f'<option value="{annelies.pk}">Annelies</option>') == 2
    assert client.post(url, {"ids": [first.pk], "reviewer": annelies.pk}).status_code == 302
    assert "Annelies" in row(first) and "niet toegewezen" in row(second)
    response = client_for(boss, token=True).post(
        f"{API}/assignments/", {"applications": [second.pk], "reviewer": "annelies"}, format="json")
    assert response.status_code < 300, response.content
    assert "Annelies" in row(second)
    chosen = client.get(url, {"behandelaar": annelies.pk}).content.decode()
    assert f'<option value="{annelies.pk}" selected>Annelies</option>' in chosen


def test_the_complete_column_shows_a_change_from_the_page_or_the_api_at_once(client, call):
    """The page asks the completeness of its rows with SQL kept per process, call and filters
    (workflow.selectors.call_applications_page): an attachment removed on the applicant's page or
    through the API, or a rule of the call switched off, is on the next list."""
    from tests.api_world import API, client_for

    by_page, by_api = (factories.make_application(call=call, members=(m,)) for m in ("Gent", "Aalst"))
    on_page, on_api = (factories.make_user(organisation=a.applicant) for a in (by_page, by_api))
    Application.objects.filter(call=call).update(submitted_at=call.deadline,
                                                 status=ApplicationStatus.AANVULLING_GEVRAAGD)
    boss = factories.make_user(Role.BEHEERDER)
    client.force_login(boss)
    url = reverse("department-list", args=[call.code])

    def complete(application) -> str:
        page = client.get(url).content.decode()
        row = page[page.index(f'id="kies-{application.pk}"'):]
        return row[:row.index("</tr>")].split("<td>")[-1]  # the last but one column

    assert complete(by_page).startswith("ja") and complete(by_api).startswith("ja")
    applicant = Client()
    applicant.force_login(on_page)
    statutes = Attachment.objects.filter(application=by_page, attachment_type__code="statuten").get()
    delete = reverse("application-attachment-delete", args=[by_page.pk, statutes.pk])
    assert applicant.post(delete).status_code == 302
    assert complete(by_page).startswith("nee") and complete(by_api).startswith("ja")
    statutes = Attachment.objects.filter(application=by_api, attachment_type__code="statuten").get()
    api = client_for(on_api, token=True)
    response = api.delete(f"{API}/applications/{by_api.pk}/attachments/{statutes.pk}/")
    assert response.status_code == 204, response.content
    assert complete(by_api).startswith("nee")
    call.mandatory_attachment_types.remove(statutes.attachment_type)  # read by the SQL itself
    assert complete(by_page).startswith("ja") and complete(by_api).startswith("ja")
