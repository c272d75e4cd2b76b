"""A small world for the API tests: two applicant organisations and one user per role."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from grants.models import Application, PersonalToken, TokenScope
from grants.tokens import make_token
from tests import factories
from tests.lifecycle import Cast, declare, make_cast

API = "/api/v1"


@dataclass
class World:
    cast: Cast
    ours: Application  # the application of the member's organisation (org A)
    theirs: Application  # org B's, which the member must never see

    @property
    def member(self) -> User:
        return self.cast.member

    @property
    def outsider(self) -> User:
        return self.cast.outsider


def build_world() -> World:
    ours = factories.make_application(members=("Kortrijk", "Kuurne", "Harelbeke"))
    cast = make_cast(ours.applicant)
    other_org = cast.outsider.organisations.get()
    theirs = factories.make_application(applicant=other_org, members=("Gent", "Merelbeke", "Lochristi"))
    declare(cast, ours)
    declare(cast, theirs)
    return World(cast=cast, ours=ours, theirs=theirs)


def token_for(user: User, scope: str = TokenScope.READ_WRITE) -> str:
    """A key the user may send as "Authorization: Bearer <key>" (or "Token <key>")."""
    return make_token(user, f"test {PersonalToken.objects.count()}", scope)[1]


def client_for(user: User | None, token: bool = False) -> APIClient:
    client = APIClient()
    if user is not None and token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    elif user is not None:
        client.force_login(user)
    return client


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response is the API's one error shape with this status; returns the error."""
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message"] and isinstance(error["fields"], dict)
    if code:
        assert error["code"] == code
    return error
