"""Single sign-on with OpenID Connect (mozilla-django-oidc), e.g. the Flemish government's ACM/IDM.

The identity provider says who the person is (``sub``) and for which organisation(s) they act:
a claim, ``OIDC_ORGANISATION_CLAIM``, holding one or more ondernemingsnummers (KBO). Such a number
may belong to an applicant organisation or to a municipality (loaded by
``manage.py load_municipality_contacts``). A samenwerkingsverband without a KBO number of its own
(most interlokale verenigingen) is reached through its penvoerder: a role in
``OIDC_ROLE_CLAIM`` written "<OIDC_PENVOERDER_ROLE>:<KBO of the penvoerder municipality>". A
person may log in only when they act for at least one of these; their memberships then follow
the identity provider at every login. Accounts are keyed on ``sub``, never on the e-mail
address, which a person can change at the provider.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from grants.auth import CachedUserMixin
from grants.models import Applicant, Municipality, MunicipalityMembership, OrganisationMembership
from grants.roles import Role
from grants.validators import normalize_kbo

USERNAME_PREFIX = "oidc-"


def organisation_numbers(claims: dict) -> set[str]:
    """The KBO numbers in the organisation claim, which may be a string or a list."""
    value = claims.get(getattr(settings, "OIDC_ORGANISATION_CLAIM", "vo_orgcode")) or []
    values = [value] if isinstance(value, str) else value
    return {normalize_kbo(str(v)) for v in values if str(v).strip()}


def penvoerder_numbers(claims: dict) -> set[str]:
    """The penvoerders' KBO numbers in the role claim ("LokaleRegiePenvoerder:0207432124")."""
    value = claims.get(getattr(settings, "OIDC_ROLE_CLAIM", "dv_lokaleregie_rol_3d")) or []
    values = [value] if isinstance(value, str) else value
    role = getattr(settings, "OIDC_PENVOERDER_ROLE", "LokaleRegiePenvoerder")
    numbers = set()
    for v in values:
        name, _colon, number = str(v).partition(":")
        if name.strip() == role and number.strip():
            numbers.add(normalize_kbo(number))
    return numbers


def applicants_for(claims: dict):
    """The applicants with one of the person's KBO numbers, and those without a KBO number of their
    own whose penvoerder the person acts for in the penvoerder role."""
    own = Q(kbo_number__in=organisation_numbers(claims))
    through_lead = Q(kbo_number="", lead_municipality__kbo_number__in=penvoerder_numbers(claims))
    return Applicant.objects.filter(own | through_lead)


def municipalities_for(claims: dict):
    return Municipality.objects.filter(kbo_number__in=organisation_numbers(claims))


class OrganisationOIDCBackend(CachedUserMixin, OIDCAuthenticationBackend):
    def get_username(self, claims) -> str:
        return f"{USERNAME_PREFIX}{claims['sub']}"[:150]

    def filter_users_by_claims(self, claims):
        if not claims.get("sub"):
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username=self.get_username(claims))

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub")) and (applicants_for(claims).exists()
                                            or municipalities_for(claims).exists())

    @transaction.atomic
    def create_user(self, claims):
        user = self.UserModel.objects.create_user(self.get_username(claims))
        user.groups.add(Group.objects.get_or_create(name=Role.AANVRAGER)[0])
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.email = claims.get("email", user.email)
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.save(update_fields=["email", "first_name", "last_name"])
        self._sync_memberships(user, claims)
        return user

    @staticmethod
    def _sync_memberships(user, claims) -> None:
        """The identity provider is the source of truth: add what it asserts, drop the rest."""
        _sync(OrganisationMembership, "applicant_id", user, applicants_for(claims))
        _sync(MunicipalityMembership, "municipality_id", user, municipalities_for(claims))


def _sync(membership, field: str, user, organisations) -> None:
    wanted = set(organisations.values_list("pk", flat=True))
    current = membership.objects.filter(user=user)
    current.exclude(**{f"{field}__in": wanted}).delete()
    have = set(current.values_list(field, flat=True))
    membership.objects.bulk_create(membership(user=user, **{field: pk}) for pk in wanted - have)
