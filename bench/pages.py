"""SQL queries per page at 10 and at 10.000 applications, the dashboard's time at 10.000, and
the CPU time of the deadline night's requests one at a time.

Run by bench/run.py against its PostgreSQL database (production settings, in-process client:
this counts the queries a page makes, not the network). Prints one JSON object as its last line.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from grants.models import ApplicantKind  # noqa: E402
from grants.rehearsal import copy_call_as_rehearsal  # noqa: E402
from grants.roles import Role  # noqa: E402
from tests import factories  # noqa: E402

DASHBOARD_RUNS = 5
CPU_ROUNDS, CPU_REQUESTS = 3, 100


def pages(call) -> dict[str, tuple[str, Client]]:
    """Page name -> (URL, a client logged in as who uses it); pages not built yet are left out."""
    department = Client(headers={"x-forwarded-proto": "https"})
    department.force_login(factories.make_user(Role.BEHEERDER))
    applicant = Client(headers={"x-forwarded-proto": "https"})
    applicant.force_login(factories.make_user(organisation=factories.make_applicant(lead="Brugge")))
    wanted = {
        "department list (first page)": ("department-list", {"call_code": call.code}, department),
        "department dashboard": ("department-dashboard", {"call_code": call.code}, department),
        "API /api/v1/applications/ (first page)": ("api-application-list", {}, department),
        "applicant home page": ("home", {}, applicant),
    }
    found = {}
    for name, (url_name, kwargs, client) in wanted.items():
        try:
            found[name] = (reverse(url_name, kwargs=kwargs), client)
        except NoReverseMatch:
            continue
    return found


def count_queries(found) -> dict[str, int]:
    counts = {}
    for name, (url, client) in found.items():
        client.get(url)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name] = len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"
    return counts


def cpu_per_request() -> dict[str, dict]:
    """Milliseconds of CPU per request in-process, best of three rounds of a hundred, warm, with
    the request's queries: the deadline night's requests one at a time, and the minimal view.
    Without gunicorn, the network and other clients this is much steadier than row 1 on a
    shared machine: compare two versions of the code with it, alternating them."""
    # A call of its own: row 1 has taken every municipality in the open call.
    call = copy_call_as_rehearsal(factories.the_call(), days_left=1, code="bench-cpu")
    applicant = factories.make_applicant(name="Stad Brugge (meting)", kind=ApplicantKind.CENTRUMSTAD,
                                         lead="Brugge")
    user = factories.make_user(organisation=applicant)
    draft = factories.make_application(call, applicant, members=("Brugge",), user=user)
    client = Client(headers={"x-forwarded-proto": "https"})
    client.force_login(user)
    plan, submit = reverse("application-plan", args=[draft.pk]), reverse("portal-submit", args=[draft.pk])
    text = "De regio telt langdurig werkzoekenden; samen met VDAB bouwen we trajecten naar werk. " * 30
    results = {
        "minimal view": measure(lambda n: client.get(reverse("bench-ping")), 200),
        "plan page": measure(lambda n: client.get(plan), 200),
        **plan_page_floor(lambda n: client.get(plan)),
        "save plan": measure(lambda n: client.post(plan, {"environment_analysis": f"{text}{n}",
                                                          "vision": "Iedereen aan het werk."}), 302),
        "submit page": measure(lambda n: client.get(submit), 200),
    }
    assert client.post(submit, {"declaration": "on"}).status_code == 302
    results["receipt"] = measure(lambda n: client.get(reverse("portal-receipt", args=[draft.pk])), 200)
    return results


def plan_page_floor(request) -> dict[str, dict]:
    """What-ifs, not pages anyone sees: the plan page with its checklist answered for free, and
    with its HTML too. What remains is the floor of any page that checks who asks and reads
    their application (session, user, the application query, the form, the middleware)."""
    free_checklist = mock.patch("pages.portal.common.missing_items", lambda application: [])
    free_html = mock.patch("pages.portal.common.render", lambda *args, **kwargs: HttpResponse("ok"))
    with free_checklist:
        results = {"… without its checklist (what-if)": measure(request, 200)}
        with free_html:
            results["… without checklist or HTML (what-if)"] = measure(request, 200)
    return results


def measure(request, status: int) -> dict:
    for n in range(20):
        assert request(n).status_code == status
    with CaptureQueriesContext(connection) as captured:
        request(0)
    queries = len(captured)  # now: the next request empties the log it reads from
    rounds = []
    for _ in range(CPU_ROUNDS):
        started = time.process_time()
        for n in range(CPU_REQUESTS):
            request(n)
        rounds.append((time.process_time() - started) / CPU_REQUESTS * 1000)
    return {"cpu_ms": round(min(rounds), 2), "queries": queries}


def main() -> None:
    cpu = cpu_per_request()
    call = factories.the_call()
    found = pages(call)
    factories.bulk_applications(call, 10, prefix="TIEN")
    at_10 = count_queries(found)
    factories.bulk_applications(call, 9990, prefix="TIENDUIZEND")
    at_10000 = count_queries(found)
    result = {"queries": {name: {"10": at_10[name], "10000": at_10000[name]} for name in found},
              "cpu_per_request": cpu}
    if "department dashboard" in found:
        url, client = found["department dashboard"]
        timings = []
        for _ in range(DASHBOARD_RUNS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        result.update(dashboard_ms=round(statistics.median(timings), 1),
                      dashboard_best_ms=round(min(timings), 1), dashboard_runs=DASHBOARD_RUNS)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
