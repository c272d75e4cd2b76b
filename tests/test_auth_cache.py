"""The logged-in user and their roles read from the cache (grants/auth.py, as in production):
two queries fewer on every page, and every change to the account still counts on the next
request."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def user_cache(settings):
    settings.AUTH_USER_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reviewer(client, reference_data):
    user = factories.make_user(Role.DOSSIERBEHANDELAAR)
    client.force_login(user)
    return user


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def committed(django_capture_on_commit_callbacks, change) -> None:
    """Make a change as its own transaction would: the cache entry goes once it is committed."""
    with django_capture_on_commit_callbacks(execute=True):
        change()


def test_a_page_asks_the_database_who_is_asking_only_once(client, clerk):
    first = queries(client, reverse("home"))
    assert queries(client, reverse("home")) == first - 2  # no user row, no group names


def test_without_the_setting_every_page_reads_the_user(client, clerk, settings):
    settings.AUTH_USER_CACHE_SECONDS = 0
    first = queries(client, reverse("home"))
    assert queries(client, reverse("home")) == first


def test_a_withdrawn_role_counts_on_the_next_request(client, reviewer, django_capture_on_commit_callbacks):
    assert client.get(reverse("department-municipalities")).status_code == 200
    group = Group.objects.get(name=Role.DOSSIERBEHANDELAAR)
    committed(django_capture_on_commit_callbacks, lambda: reviewer.groups.remove(group))
    assert client.get(reverse("department-municipalities")).status_code == 404


@pytest.mark.parametrize("change", ["remove", "clear"])
def test_a_role_withdrawn_from_the_group_side_counts_too(client, reviewer, change,
                                                          django_capture_on_commit_callbacks):
    assert client.get(reverse("department-municipalities")).status_code == 200
    members = Group.objects.get(name=Role.DOSSIERBEHANDELAAR).user_set
    committed(django_capture_on_commit_callbacks,
              lambda: members.remove(reviewer) if change == "remove" else members.clear())
    assert client.get(reverse("department-municipalities")).status_code == 404


def test_a_renamed_group_is_no_longer_the_role(client, reviewer, django_capture_on_commit_callbacks):
    assert client.get(reverse("department-municipalities")).status_code == 200
    group = Group.objects.get(name=Role.DOSSIERBEHANDELAAR)
    group.name = "oud-dossierbehandelaar"
    committed(django_capture_on_commit_callbacks, group.save)
    assert client.get(reverse("department-municipalities")).status_code == 404


def test_a_granted_role_counts_on_the_next_request(client, clerk, django_capture_on_commit_callbacks):
    assert client.get(reverse("department-municipalities")).status_code == 404
    group = Group.objects.get_or_create(name=Role.BESLISSER)[0]
    committed(django_capture_on_commit_callbacks, lambda: clerk.groups.add(group))
    assert client.get(reverse("department-municipalities")).status_code == 200


def test_a_deactivated_account_is_logged_out_on_the_next_request(client, clerk,
                                                                  django_capture_on_commit_callbacks):
    assert client.get(reverse("home")).status_code == 200
    clerk.is_active = False
    committed(django_capture_on_commit_callbacks, clerk.save)
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_a_new_password_ends_the_other_sessions(client, clerk, django_capture_on_commit_callbacks):
    assert client.get(reverse("home")).status_code == 200
    clerk.set_password("een-heel-nieuw-wachtwoord")
    committed(django_capture_on_commit_callbacks, clerk.save)
    assert client.get(reverse("home")).url.startswith(reverse("login"))
