"""Personal API tokens: a user makes, names, scopes and revokes their own on a page; the key is
shown once and stored only as a hash; a read-only token cannot write."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from grants.models import PersonalToken
from grants.roles import Role
from tests import factories
from tests.api_world import API, assert_error

pytestmark = pytest.mark.django_db


def make_on_page(client, name="rapportering", scope="read") -> str:
    response = client.post(reverse("tokens"), {"name": name, "scope": scope})
    assert response.status_code == 200
    return re.search(r'id="new-key"[^>]*value="([^"]+)"', response.content.decode()).group(1)


def api(key: str, prefix="Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{prefix} {key}")
    return client


@pytest.fixture
def user(client, reference_data):
    user = factories.make_user(Role.AANVRAGER, organisation=factories.make_applicant(), username="regisseur")
    client.force_login(user)
    return user


def test_the_key_is_shown_once_and_stored_only_as_a_hash(client, user):
    key = make_on_page(client)
    token = PersonalToken.objects.get(user=user)
    assert token.name == "rapportering" and token.scope == "read"
    stored = [str(value) for value in PersonalToken.objects.values_list().get()]
    assert not any(key in value for value in stored)
    page = client.get(reverse("tokens")).content.decode()
    assert "rapportering" in page and key not in page
    for prefix in ("Bearer", "Token"):  # what generators send, and DRF's habit
        assert api(key, prefix).get(f"{API}/applications/").status_code == 200


def test_a_read_only_token_reads_and_a_read_write_token_writes(client, user, call):
    reader, writer = make_on_page(client, "lezen"), make_on_page(client, "schrijven", "read_write")
    application = factories.make_application(call=call, applicant=user.organisations.get())
    url = f"{API}/applications/{application.pk}/"
    assert api(reader).get(url).status_code == 200
    refused = assert_error(api(reader).patch(url, {"vision": "Anders."}, format="json"), 403)
    assert "alleen lezen" in refused["message"]
    assert api(writer).patch(url, {"vision": "Anders."}, format="json").status_code == 200


def test_a_revoked_token_no_longer_opens_the_api(client, user):
    key = make_on_page(client)
    client.post(reverse("token-revoke"), {"token": PersonalToken.objects.get().digest})
    assert not PersonalToken.objects.exists()
    assert_error(api(key).get(f"{API}/applications/"), 401)


def test_nobody_revokes_someone_elses_token(client, user):
    other = factories.make_user(Role.AANVRAGER, username="ander")
    client.force_login(other)
    make_on_page(client)
    client.force_login(user)
    theirs = PersonalToken.objects.get().digest
    assert client.post(reverse("token-revoke"), {"token": theirs}).status_code == 404
    assert PersonalToken.objects.filter(user=other).exists()


def test_a_token_needs_a_name_and_one_name_is_used_once(client, user):
    response = client.post(reverse("tokens"), {"name": " ", "scope": "read"})
    assert response.status_code == 400 and "Geef de sleutel een naam" in response.content.decode()
    make_on_page(client)
    response = client.post(reverse("tokens"), {"name": "rapportering", "scope": "read"})
    assert response.status_code == 400 and "al een sleutel met deze naam" in response.content.decode()
    assert PersonalToken.objects.count() == 1


def test_the_admin_lists_tokens_without_any_key_and_cannot_make_one(client, user):
    key = make_on_page(client)
    admin = factories.make_user(Role.BEHEERDER, username="beheerder")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("admin:grants_personaltoken_changelist")).content.decode()
    assert "rapportering" in page and key not in page  # the hash names the row; the key is nowhere
    assert client.get(reverse("admin:grants_personaltoken_add")).status_code == 403
