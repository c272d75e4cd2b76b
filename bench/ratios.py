"""Every page's CPU per request as a ratio to the floor page (bench/urls.py::floor).

Run by bench/run.py (phase 6) against its PostgreSQL database with the production settings; alone:
``.venv/bin/python bench/run.py ratios``. In-process Django client, one request at a time, warm:
per page 20 warm-up requests, the queries of one, then three rounds of 100 timed in CPU time, the
best round kept. The floor is measured first and last and its lower figure is the one divided by,
so a host that slows down during the run makes the ratios look worse, never better.

A page is listed in PAGES with who asks for it; the scenario (one applicant with a complete draft,
200 submitted applications in the same call, one of them a real dossier; another applicant with a
decided dossier in its aftercare) is built once.
Prints one JSON object as its last line.
"""

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from grants.models import ApplicantKind  # noqa: E402
from grants.rehearsal import copy_call_as_rehearsal  # noqa: E402
from grants.roles import Role  # noqa: E402
from tests import factories  # noqa: E402
from workflow.services import fire  # noqa: E402

WARM_UP, ROUNDS, REQUESTS = 20, 3, 100
PLAN_TEXT = "De regio telt langdurig werkzoekenden; samen met VDAB bouwen we trajecten naar werk. " * 30


@dataclass
class Scenario:
    call: object
    draft: object
    dossier: object
    applicant: Client
    department: Client
    granted: object  # a dossier of another applicant granted through the real workflow, in its aftercare
    grantee: Client  # that applicant's user
    committee: Client  # a member of the monitoring committee


@dataclass
class Page:
    """A page as a person uses it: GET, or a POST with its form (``data(n)`` may vary per request)."""
    name: str
    who: str  # "applicant", "grantee" (the applicant of the granted dossier), "department" or "committee"
    url: object  # Scenario -> str
    status: int = 200
    data: object = None  # n -> dict for a POST


PAGES = [
    Page("floor page", "applicant", lambda s: reverse("bench-floor", args=[s.draft.pk])),
    Page("minimal view", "applicant", lambda s: reverse("bench-ping")),
    Page("plan page", "applicant", lambda s: reverse("application-plan", args=[s.draft.pk])),
    Page("save plan", "applicant", lambda s: reverse("application-plan", args=[s.draft.pk]), status=302,
         data=lambda n: {"environment_analysis": f"{PLAN_TEXT}{n}", "vision": "Iedereen aan het werk."}),
    Page("application overview", "applicant", lambda s: reverse("application-overview", args=[s.draft.pk])),
    Page("actions page", "applicant", lambda s: reverse("application-actions", args=[s.draft.pk])),
    Page("budget page", "applicant", lambda s: reverse("application-budget", args=[s.draft.pk])),
    Page("submit page", "applicant", lambda s: reverse("portal-submit", args=[s.draft.pk])),
    Page("portal home", "applicant", lambda s: reverse("home")),
    Page("members page", "applicant", lambda s: reverse("application-members", args=[s.draft.pk])),
    Page("contacts page", "applicant", lambda s: reverse("application-contacts", args=[s.draft.pk])),
    Page("attachments page", "applicant", lambda s: reverse("application-attachments", args=[s.draft.pk])),
    Page("status page (decided)", "grantee", lambda s: reverse("portal-status", args=[s.granted.pk])),
    Page("aftercare overview", "grantee", lambda s: reverse("portal-aftercare", args=[s.granted.pk])),
    Page("department list (25 rows of 200)", "department",
         lambda s: reverse("department-list", kwargs={"call_code": s.call.code})),
    Page("department dossier", "department", lambda s: reverse("department-dossier", args=[s.dossier.pk])),
    Page("department dashboard (200 applications)", "department",
         lambda s: reverse("department-dashboard", kwargs={"call_code": s.call.code})),
    Page("department work queue", "department", lambda s: reverse("department-queue")),
    Page("department distribution", "department",
         lambda s: reverse("department-distribution", kwargs={"call_code": s.call.code})),
    Page("department reports", "department",
         lambda s: reverse("department-reports", kwargs={"call_code": s.call.code})),
    Page("department payments", "department",
         lambda s: reverse("department-payments", kwargs={"call_code": s.call.code})),
    Page("department aftercare dossier", "department",
         lambda s: reverse("department-aftercare", args=[s.granted.pk])),
    Page("department municipalities", "department", lambda s: reverse("department-municipalities")),
    Page("committee dashboard", "committee",
         lambda s: reverse("monitoring-dashboard", kwargs={"call_code": s.call.code})),
    Page("committee VDAB table", "committee",
         lambda s: reverse("monitoring-table", kwargs={"call_code": s.call.code})),
]
FLOOR, MINIMAL = "floor page", "minimal view"


def scenario() -> Scenario:
    # A call of its own that accepts submissions now: the deadline-night phase has taken the open one.
    call = copy_call_as_rehearsal(factories.the_call(), days_left=1, code="bench-ratios")
    applicant = factories.make_applicant(name="Stad Brugge (meting)", kind=ApplicantKind.CENTRUMSTAD,
                                         lead="Brugge")
    user = factories.make_user(organisation=applicant)
    draft = factories.make_application(call, applicant, members=("Brugge",), user=user)
    verband = factories.make_application(call)  # Kortrijk, Kuurne, Harelbeke
    fire(factories.make_user(organisation=verband.applicant), verband.pk, "submit", {"declaration": "on"})
    factories.bulk_applications(call, 199, prefix="RATIO")
    # A dossier decided in the original call (its dates, travelled to by factories.decide).
    grantee = factories.make_applicant(name="Regio Gent (meting)", lead="Gent")
    granted = factories.decide(factories.make_application(
        factories.the_call(), grantee, members=("Gent", "Merelbeke", "Lochristi"),
        user=factories.make_user(organisation=grantee)))
    return Scenario(call, draft, verband, logged_in(user), logged_in(factories.make_user(Role.BEHEERDER)),
                    granted, logged_in(grantee.users.first()),
                    logged_in(factories.make_user(Role.MONITORINGSCOMITE)))


def logged_in(user) -> Client:
    client = Client(headers={"x-forwarded-proto": "https"})
    client.force_login(user)
    return client


def measure(page: Page, s: Scenario) -> dict:
    client = getattr(s, page.who)
    url = page.url(s)

    def request(n):
        response = client.post(url, page.data(n)) if page.data else client.get(url)
        assert response.status_code == page.status, f"{page.name}: HTTP {response.status_code}"

    for n in range(WARM_UP):
        request(n)
    with CaptureQueriesContext(connection) as captured:
        request(0)
    queries = len(captured)
    rounds = []
    for _ in range(ROUNDS):
        started = time.process_time()
        for n in range(REQUESTS):
            request(n)
        rounds.append((time.process_time() - started) / REQUESTS * 1000)
    return {"cpu_ms": round(min(rounds), 2), "queries": queries}


def main(only: list[str]) -> None:
    s = scenario()
    floor = next(p for p in PAGES if p.name == FLOOR)
    results = {p.name: measure(p, s) for p in PAGES if not only or p.name in (FLOOR, MINIMAL)
               or any(word in p.name for word in only)}
    floor_ms = min(results[FLOOR]["cpu_ms"], measure(floor, s)["cpu_ms"])
    for result in results.values():
        result["ratio"] = round(result["cpu_ms"] / floor_ms, 2)
    print(json.dumps({"floor_ms": floor_ms, "pages": results}))


if __name__ == "__main__":
    main(sys.argv[1:])
