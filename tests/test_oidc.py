"""Single sign-on: the identity provider's organisation claim decides for whom a person acts.

The provider is faked at its three network calls (token, token check, userinfo); everything
after that — accounts, roles, memberships, what the person then sees — is the real code.
"""

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import include, path

from config.oidc import OrganisationOIDCBackend
from grants.roles import Role, roles_of
from grants.selectors import applications_visible_to
from tests import factories

# The callback URL is reversed during login; these tests mount only the single sign-on routes.
urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls"))]
pytestmark = pytest.mark.urls(__name__)

KORTRIJK_KBO = "0207432124"
KUURNE_KBO = "0207432322"


@pytest.fixture(autouse=True)
def oidc_settings(settings):
    settings.OIDC_RP_CLIENT_ID = "lokaleregie"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_ORGANISATION_CLAIM = "vo_orgcode"


def applicant_with_kbo(kbo: str, lead: str):
    applicant = factories.make_applicant(name=f"Regie {lead}", lead=lead)
    applicant.kbo_number = kbo
    applicant.save()
    return applicant


def log_in_with(claims: dict):
    """The callback of the code flow, with the provider answering ``claims``."""
    backend = OrganisationOIDCBackend()
    backend.get_token = lambda payload: {"id_token": "id-token", "access_token": "access-token"}
    backend.verify_token = lambda token, **kwargs: {"sub": claims.get("sub"), "nonce": "n"}
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    request = RequestFactory().get("/oidc/callback/", {"code": "code", "state": "state"})
    request.session = SessionStore()
    return backend.authenticate(request, nonce="n")


def claims(sub="a1b2c3", orgcode=KORTRIJK_KBO, **extra):
    return {"sub": sub, "vo_orgcode": orgcode, "given_name": "Sofie", "family_name": "Vandenbroucke",
            "email": "sofie.vandenbroucke@kortrijk.be", **extra}


@pytest.mark.django_db
def test_a_new_person_gets_an_applicant_account_for_their_organisation(call):
    kortrijk = applicant_with_kbo(KORTRIJK_KBO, "Kortrijk")
    own = factories.make_application(call, kortrijk, members=("Kortrijk",), complete=False)
    other = factories.make_application(call, applicant_with_kbo(KUURNE_KBO, "Kuurne"),
                                       members=("Kuurne",), complete=False)

    user = log_in_with(claims(orgcode="BE 0207.432.124"))  # the KBO in any of its spellings

    assert user.username == "oidc-a1b2c3"
    assert (user.first_name, user.last_name) == ("Sofie", "Vandenbroucke")
    assert not user.has_usable_password()  # only the identity provider lets this person in
    assert roles_of(user) == {Role.AANVRAGER}
    assert list(applications_visible_to(user)) == [own]
    assert other not in applications_visible_to(user)


@pytest.mark.django_db
def test_someone_from_an_organisation_that_does_not_apply_is_refused(reference_data):
    applicant_with_kbo(KORTRIJK_KBO, "Kortrijk")
    assert log_in_with(claims(orgcode="0403170701")) is None
    assert log_in_with(claims(orgcode=None)) is None
    assert not User.objects.filter(username__startswith="oidc-").exists()


@pytest.mark.django_db
def test_memberships_follow_the_identity_provider_at_every_login(reference_data):
    kortrijk = applicant_with_kbo(KORTRIJK_KBO, "Kortrijk")
    kuurne = applicant_with_kbo(KUURNE_KBO, "Kuurne")

    first = log_in_with(claims(orgcode=[KORTRIJK_KBO, KUURNE_KBO]))
    assert set(first.organisations.all()) == {kortrijk, kuurne}

    again = log_in_with(claims(orgcode=KUURNE_KBO, family_name="Peeters"))
    assert again.pk == first.pk
    assert again.last_name == "Peeters"
    assert list(again.organisations.all()) == [kuurne]


@pytest.mark.django_db
def test_a_local_account_with_the_same_e_mail_address_is_not_taken_over(reference_data):
    applicant_with_kbo(KORTRIJK_KBO, "Kortrijk")
    local = factories.make_user(Role.BESLISSER, username="sofie")
    local.email = "sofie.vandenbroucke@kortrijk.be"
    local.save()

    user = log_in_with(claims())

    assert user.pk != local.pk
    local.refresh_from_db()
    assert roles_of(local) == {Role.BESLISSER}
    assert not local.organisations.exists()


@pytest.mark.django_db
def test_a_token_without_subject_is_refused(reference_data):
    applicant_with_kbo(KORTRIJK_KBO, "Kortrijk")
    assert log_in_with(claims(sub=None)) is None
