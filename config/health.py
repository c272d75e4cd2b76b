"""GET /healthz: which part of the system answers — the database, the broker, a Celery worker.

For the container's health check, the load balancer and an orchestrator that must restart the
right part. /healthz answers 503 only when this instance cannot serve: its database or its
broker is unreachable (restarting the web container is then pointless but taking it out of the
load balancer is right). A missing worker is reported in the body ("beperkt") with status 200, since web
pages still work and the queued e-mails and letters wait for it. One path per part
(/healthz/database, /healthz/broker, /healthz/worker) answers 200 or 503 for that part only.
Anonymous, cheap and bounded: one SELECT 1, one broker connection (2 s at most) and one
ping that waits for the first worker's answer (1 s at most).
"""

from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 2
WORKER_TIMEOUT_SECONDS = 1.0
OK = "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker() -> None:
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)


def _worker() -> None:
    if not celery_app.control.ping(timeout=WORKER_TIMEOUT_SECONDS, limit=1):
        raise LookupError("geen worker antwoordt")


CHECKS = {"database": _database, "broker": _broker, "worker": _worker}
# The parts without which this instance cannot answer a request.
ESSENTIAL = ("database", "broker")


def _run(name: str, results: dict) -> str:
    if name == "worker" and results.get("broker", OK) != OK:
        return "onbekend: de broker is onbereikbaar"  # a ping would only wait for the broker
    try:
        CHECKS[name]()
    except Exception as error:  # any failure means unhealthy; the class name says which
        return f"fout: {type(error).__name__}" + (f" ({error})" if isinstance(error, LookupError) else "")
    return OK


def _answer(results: dict, essential) -> JsonResponse:
    healthy = all(results[name] == OK for name in essential)
    status = "ok" if all(result == OK for result in results.values()) else "beperkt" if healthy else "fout"
    return JsonResponse({"status": status, "checks": results}, status=200 if healthy else 503)


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name in CHECKS:
        results[name] = _run(name, results)
    return _answer(results, ESSENTIAL)


@never_cache
@require_GET
def healthz_part(request, part: str):
    if part not in CHECKS:
        raise Http404
    results = {"broker": _run("broker", {})} if part == "worker" else {}
    results = {part: _run(part, results)}
    return _answer(results, [part])
