"""How the API knows who calls: a session (the browsable API) or a personal token.

A token is sent as "Authorization: Bearer <key>", which every OpenAPI generator sends for the
bearer scheme the document declares, or as "Authorization: Token <key>" (DRF's habit). Keys are
stored only as a hash (django-rest-knox); a read-only token may only read.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework.authentication import get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from grants.models import PersonalToken

PREFIXES = (b"bearer", b"token")


class PersonalTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in PREFIXES:
            return None  # no token: perhaps a session
        if len(auth) != 2:
            raise AuthenticationFailed()  # "Bearer" alone, or a key with spaces
        return self.authenticate_credentials(auth[1])


class ReadOnlyToken(PermissionDenied):
    default_detail = gettext_lazy("Deze API-sleutel mag alleen lezen. Maak een sleutel om te lezen en te "
                                  "schrijven op de pagina 'API-sleutels'.")
    dutch = True  # the error handler shows this sentence instead of the general one


class TokenScopeAllows(BasePermission):
    """A read-only token reads; writing needs a read-write token (or a session)."""

    def has_permission(self, request, view):
        token = request.auth
        if request.method not in SAFE_METHODS and isinstance(token, PersonalToken) and token.read_only:
            raise ReadOnlyToken()
        return True


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "config.api_auth.PersonalTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": (
            "Een persoonlijke API-sleutel (maak hem op de pagina 'API-sleutels'): "
            "'Authorization: Bearer <sleutel>' of 'Authorization: Token <sleutel>'.")}
