"""Every API list runs the same number of SQL queries for 10 rows as for 100."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import ApplicationMunicipality, Municipality, OrganisationMembership
from grants.roles import Role
from notifications.models import Notification
from tests import factories
from tests.api_world import client_for
from workflow.models import Assessment, AuditEvent, AuditKind, InternalNote

pytestmark = pytest.mark.django_db


def queries_for(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(captured)


def grow(make, url, client, params=None):
    """Queries with few rows, then with ten times as many."""
    make(10)
    few = queries_for(client, url, params)
    make(90)
    return few, queries_for(client, url, params)


def test_the_application_list_for_the_department(call):
    client = client_for(factories.make_user(Role.DOSSIERBEHANDELAAR))
    few, many = grow(lambda n: factories.bulk_applications(call, n), "/api/v1/applications/", client)
    assert few == many


def test_the_application_list_for_an_applicant_of_many_organisations(call):
    member = factories.make_user(Role.AANVRAGER)

    def make(n):
        applications = factories.bulk_applications(call, n)
        OrganisationMembership.objects.bulk_create(
            OrganisationMembership(user=member, applicant_id=a.applicant_id) for a in applications)

    few, many = grow(make, "/api/v1/applications/", client_for(member))
    assert few == many


def test_the_applicant_list(call):
    client = client_for(factories.make_user(Role.BEHEERDER))
    few, many = grow(lambda n: factories.bulk_applications(call, n), "/api/v1/applicants/", client)
    assert few == many


def test_the_municipality_list_with_coverage(call):
    first_page = list(Municipality.objects.order_by("name")[:50])
    taken = iter(first_page)

    def make(n):
        for application in factories.bulk_applications(call, max(1, n // 2)):
            ApplicationMunicipality.objects.create(application=application, municipality=next(taken),
                                                   call=call)

    client = client_for(factories.make_user(Role.BESLISSER))
    few, many = grow(make, "/api/v1/municipalities/", client)
    assert few == many
    rows = client.get("/api/v1/municipalities/").json()["results"]
    assert sum(len(r["coverage"]) for r in rows) == 5 + 45


@pytest.mark.parametrize("role", [Role.AANVRAGER, Role.DOSSIERBEHANDELAAR])
def test_the_audit_trail(call, role):
    application = factories.make_application(complete=False)
    user = factories.make_user(role, organisation=application.applicant if role == Role.AANVRAGER else None)

    def make(n):
        actors = [factories.make_user(Role.DOSSIERBEHANDELAAR) for _ in range(3)]
        AuditEvent.objects.bulk_create(
            AuditEvent(application=application, kind=AuditKind.ASSIGNMENT, actor=actors[i % 3],
                       visible_to_applicant=bool(i % 2)) for i in range(n))

    few, many = grow(make, f"/api/v1/applications/{application.pk}/audit/", client_for(user))
    assert few == many


def test_the_notification_list(call):
    def make(n):
        Notification.objects.bulk_create(
            Notification(kind="ontvangstbevestiging", recipient=f"r{i}@example.be", application=a,
                         municipality=a.applicant.lead_municipality, scope=f"aanvraag:{a.pk}",
                         claimed_by=uuid.uuid4()) for i, a in enumerate(factories.bulk_applications(call, n)))

    few, many = grow(make, "/api/v1/notifications/", client_for(factories.make_user(Role.DOSSIERBEHANDELAAR)))
    assert few == many


@pytest.mark.parametrize("rows", ["notes", "assessments", "attachments"])
def test_an_applications_own_lists(call, rows):
    application = factories.make_application(call=call)
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    criteria = list(call.criteria.all())
    kind = call.mandatory_attachment_types.first()

    def make(n):
        for _ in range(n):
            author = factories.make_user(Role.DOSSIERBEHANDELAAR)
            if rows == "notes":
                InternalNote.objects.create(application=application, author=author, text="Bellen.")
            elif rows == "assessments":
                Assessment.objects.bulk_create(
                    Assessment(application=application, criterion=c, reviewer=author, score=1,
                               motivation="Goed.") for c in criteria)
            else:
                factories.add_attachment(application, kind)

    few, many = grow(make, f"/api/v1/applications/{application.pk}/{rows}/", client_for(reviewer))
    assert few == many
