"""SQL queries per page at 10 and at 10.000 applications, and the dashboard's time at 10.000.
(Each page's CPU time, one request at a time, is bench/ratios.py's: as a ratio to the floor page.)

Run by bench/run.py against its PostgreSQL database (production settings, in-process client:
this counts the queries a page makes, not the network). Prints one JSON object as its last line.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from grants.roles import Role  # noqa: E402
from tests import factories  # noqa: E402

DASHBOARD_RUNS = 5


def pages(call) -> dict[str, tuple[str, Client]]:
    """Page name -> (URL, a client logged in as who uses it); pages not built yet are left out."""
    department = Client(headers={"x-forwarded-proto": "https"})
    # Names of their own: bench/ratios.py has made users in this database with the factories' names.
    department.force_login(factories.make_user(Role.BEHEERDER, username="paginas-beheerder"))
    applicant = Client(headers={"x-forwarded-proto": "https"})
    applicant.force_login(factories.make_user(organisation=factories.make_applicant(lead="Brugge"),
                                              username="paginas-aanvrager"))
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


def main() -> None:
    call = factories.the_call()
    found = pages(call)
    factories.bulk_applications(call, 10, prefix="TIEN")
    at_10 = count_queries(found)
    factories.bulk_applications(call, 9990, prefix="TIENDUIZEND")
    at_10000 = count_queries(found)
    result = {"queries": {name: {"10": at_10[name], "10000": at_10000[name]} for name in found}}
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
