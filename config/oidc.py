"""Single sign-on with OpenID Connect (mozilla-django-oidc), e.g. the Flemish government's ACM/IDM.

The identity provider says who the person is (``sub``) and for which organisation(s) they act:
a claim, ``OIDC_ORGANISATION_CLAIM``, holding one or more ondernemingsnummers (KBO). A person
may log in only when such a number belongs to an applicant organisation; their memberships
then follow the identity provider at every login. Accounts are keyed on ``sub``, never on the
e-mail address, which a person can change at the provider.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from grants.auth import CachedUserMixin
from grants.models import Applicant, OrganisationMembership
from grants.roles import Role
from grants.validators import normalize_kbo

USERNAME_PREFIX = "oidc-"


def organisation_numbers(claims: dict) -> set[str]:
    """The KBO numbers in the organisation claim, which may be a string or a list."""
    value = claims.get(getattr(settings, "OIDC_ORGANISATION_CLAIM", "vo_orgcode")) or []
    values = [value] if isinstance(value, str) else value
    return {normalize_kbo(str(v)) for v in values if str(v).strip()}


def applicants_for(claims: dict):
    numbers = organisation_numbers(claims)
    return Applicant.objects.filter(kbo_number__in=numbers) if numbers else Applicant.objects.none()


class OrganisationOIDCBackend(CachedUserMixin, OIDCAuthenticationBackend):
    def get_username(self, claims) -> str:
        return f"{USERNAME_PREFIX}{claims['sub']}"[:150]

    def filter_users_by_claims(self, claims):
        if not claims.get("sub"):
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username=self.get_username(claims))

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub")) and applicants_for(claims).exists()

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
        wanted = set(applicants_for(claims).values_list("pk", flat=True))
        current = OrganisationMembership.objects.filter(user=user)
        current.exclude(applicant_id__in=wanted).delete()
        have = set(current.values_list("applicant_id", flat=True))
        OrganisationMembership.objects.bulk_create(
            OrganisationMembership(user=user, applicant_id=pk) for pk in wanted - have)
