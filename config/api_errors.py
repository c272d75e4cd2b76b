"""One JSON error shape for the whole API, with a Dutch sentence a municipal clerk understands:

    {"error": {"status": 409, "code": "conflict", "message": "...", "fields": {...}}}

The workflow services raise Django's PermissionDenied, Http404, ValidationError and
TransitionConflict; here each becomes its HTTP status, as the web pages show the same message.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from grants.services import NotEditable
from workflow.exceptions import TransitionConflict

# The message per status when the exception carries none of our own (DRF's are English or terse).
_DEFAULTS = {
    400: lambda: _("De invoer is niet geldig. Kijk de velden na en probeer opnieuw."),
    401: lambda: _("Meld u aan om de API te gebruiken: met een sessie of met een token."),
    403: lambda: _("U hebt geen toestemming om dit te doen."),
    404: lambda: _("Deze gegevens bestaan niet, of u hebt er geen toegang toe."),
    405: lambda: _("Deze bewerking is hier niet mogelijk."),
    406: lambda: _("De API antwoordt alleen in JSON (of PDF voor een beslissingsbrief)."),
    409: lambda: _("Dit kan niet in de huidige toestand van de aanvraag."),
    415: lambda: _("Stuur de gegevens als JSON of als formulier."),
    429: lambda: _("Te veel verzoeken na elkaar. Probeer het straks opnieuw."),
}


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": str(message), "fields": fields or {}}}


def not_found_body() -> dict:
    return error_body(404, "not_found", _DEFAULTS[404]())


def _django_fields(exc: DjangoValidationError) -> tuple[dict, list[str]]:
    """Field errors, and the errors of the whole input (``__all__``) as sentences."""
    if not hasattr(exc, "error_dict"):
        return {}, [str(m) for m in exc.messages]
    fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    return fields, fields.pop("__all__", [])


def _drf_fields(detail) -> tuple[dict, list[str]]:
    if isinstance(detail, dict):
        general = detail.pop("non_field_errors", None) or []
        return {k: _flatten(v) for k, v in detail.items()}, [str(m) for m in _flatten(general)]
    return {}, [str(m) for m in _flatten(detail)]


def _flatten(value) -> list:
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _flatten(v)]
    if isinstance(value, list):
        return [m for item in value for m in _flatten(item)]
    return [str(value)]


def _describe(exc) -> tuple[int, str, list[str], dict]:
    """(status, code, sentences, fields) for the exceptions the API expects."""
    if isinstance(exc, TransitionConflict):
        return status.HTTP_409_CONFLICT, "conflict", [str(m) for m in exc.messages], {}
    if isinstance(exc, NotEditable):  # a state rule, as for transitions
        return status.HTTP_409_CONFLICT, "not_editable", [str(m) for m in exc.messages], {}
    if isinstance(exc, DjangoValidationError):
        fields, general = _django_fields(exc)
        return status.HTTP_400_BAD_REQUEST, "invalid", general, fields
    if isinstance(exc, PermissionDenied):
        return status.HTTP_403_FORBIDDEN, "permission_denied", [str(m) for m in exc.args if m], {}
    if isinstance(exc, (Http404, ObjectDoesNotExist)):  # e.g. an action id not in this application
        return status.HTTP_404_NOT_FOUND, "not_found", [], {}
    if isinstance(exc, exceptions.ValidationError):
        fields, general = _drf_fields(exc.detail)
        return exc.status_code, "invalid", general, fields
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
    # Only our own exceptions carry Dutch text; DRF's built-in ones get the sentence per status.
    own = getattr(exc, "dutch", False)
    return exc.status_code, code, [str(exc.detail)] if own else [], {}


def api_exception_handler(exc, context):
    if not isinstance(exc, (TransitionConflict, DjangoValidationError, PermissionDenied, Http404,
                            ObjectDoesNotExist, exceptions.APIException)):
        return None  # a bug: let Django report the 500
    status_code, code, sentences, fields = _describe(exc)
    headers = {}
    if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        # DRF answers 403 when session authentication comes first; a client without
        # credentials should learn it may authenticate, with a token for instance.
        status_code, headers["WWW-Authenticate"] = status.HTTP_401_UNAUTHORIZED, "Bearer"
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    message = " ".join(sentences) or _DEFAULTS.get(status_code, _DEFAULTS[400])()
    set_rollback()
    return Response(error_body(status_code, code, message, fields), status=status_code, headers=headers)


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["status", "code", "message", "fields"],
        "properties": {
            "status": {"type": "integer"},
            "code": {"type": "string"},
            "message": {"type": "string", "description": "Een zin in het Nederlands voor de gebruiker."},
            "fields": {"type": "object",
                       "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        },
    }},
}
_DOCUMENTED = {"400": "Ongeldige invoer", "401": "Niet aangemeld", "403": "Geen toestemming",
               "404": "Bestaat niet of niet zichtbaar voor u", "405": "Methode niet toegestaan",
               "406": "Antwoordformaat niet beschikbaar", "415": "Formaat van de invoer niet ondersteund"}
_CONFLICT = {"409": "Niet mogelijk in de huidige toestand"}
_WRITES = {"post", "put", "patch", "delete"}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: every operation can answer with the error shape above."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result["paths"].values():
        for method, operation in path_item.items():
            codes = dict(_DOCUMENTED, **(_CONFLICT if method in _WRITES else {}))
            for code, description in codes.items():
                operation["responses"].setdefault(code, {"description": description, "content": error})
    return result
