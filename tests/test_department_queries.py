"""Every list and dashboard page of the department runs as many SQL queries for 1,000
applications as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.roles import Role
from tests import factories
from workflow import services

pytestmark = pytest.mark.django_db


def pages(call):
    code = call.code
    return [
        reverse("department-list", args=[code]),
        reverse("department-list", args=[code]) + "?status=ingediend&volledig=nee&sorteer=-gevraagd&pagina=2",
        reverse("department-list-export", args=[code, "csv"]),
        reverse("department-list-export", args=[code, "xlsx"]) + "?behandelaar=geen",
        reverse("department-dashboard", args=[code]),
        reverse("department-dashboard-export", args=[code, "csv"]),
        reverse("department-dashboard-export", args=[code, "xlsx"]),
        reverse("department-municipalities"),
    ]


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_same_number_of_queries_for_10_and_1000_applications(client, call):
    reviewer = factories.make_user(Role.DOSSIERBEHANDELAAR)
    client.force_login(reviewer)
    # A few with real content, members, an assignment and an approved decision.
    decided = factories.make_application(call=call)
    factories.bulk_applications(call, 10 - 1)
    services.assign_reviewer(factories.make_user(Role.BEHEERDER), [decided.pk], reviewer)
    client.get(pages(call)[0])  # the session and the user, read once for every page after
    with_ten = {url: queries_for(client, url) for url in pages(call)}
    factories.bulk_applications(call, 990)
    assert {url: queries_for(client, url) for url in pages(call)} == with_ten
