"""An unreachable database or broker answers "try again", not a stack trace.

During a restart of PostgreSQL or Redis a request fails with an OperationalError somewhere:
in the view, in a middleware (sessions, the user cache) or after the commit. The user then gets
a Dutch page with status 503 and Retry-After, the API the error shape of config/api_errors.py.
Views' exceptions pass through the middleware; those raised in other middleware reach
handler500, which gives the same answer for an outage and Django's page for anything else.
The page is rendered without the request's context: its processors would ask the database.
"""

import logging
import sys

import kombu.exceptions
import redis.exceptions
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from config.api_errors import error_body

RETRY_AFTER_SECONDS = 30
OUTAGES = (OperationalError, InterfaceError, kombu.exceptions.OperationalError,
           redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

logger = logging.getLogger("lokaleregie.outage")


def outage_response(request, error: Exception) -> HttpResponse:
    logger.warning("503 voor %s %s: %s: %s", request.method, request.path, type(error).__name__, error)
    message = _("Lokale Regie is even niet bereikbaar door een storing. Probeer het over een halve "
                "minuut opnieuw; wat u eerder indiende of bewaarde, blijft bewaard.")
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(503, "unavailable", message), status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class OutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return outage_response(request, exception) if isinstance(exception, OUTAGES) else None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: the exception is still being handled, so sys.exc_info() names it."""
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGES):
        return outage_response(request, error)
    return defaults.server_error(request, template_name)
