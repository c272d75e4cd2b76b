"""Deadline night as it really happens: every applicant of Flanders at a person's pace, the
department at work, and a Celery worker sending the e-mails.

All 300 municipalities apply, each in exactly one application: the 13 centrumsteden alone, the
others in samenwerkingsverbanden formed from the reference data (the municipalities of one
arrondissement in NIS order, grouped until a group reaches the call's minimum population; a
remainder below it joins the last group). Each applicant organisation has two users who share
its one application; every member municipality of a samenwerkingsverband (all but its lead) has
one user of its own (a MunicipalityMembership); 20 department staff (dossierbehandelaars and
beheerders) work beside them.
Everyone pauses 2 to 10 s (at random) before each request, the first one included, and works
through the real pages for the phase's duration:

- an applicant opens home, the overview, the plan, saves it, the actions and budget pages, over
  and over until the organisation's moment to submit (spread over the first 15-55% of the
  phase); then the submit page, submits, reads the receipt and the status page; after that
  home, the overview, the status page and the receipt. Whichever of the two users comes second
  finds the application submitted: its pages send it on, and its submission (a form still open
  in another tab) is refused — the page's normal answers, counted as refusals, not errors;
- a member municipality's user opens home, the overview and the attachments page, where on its
  first visit it uploads its council decision (a real PDF, replacing the draft's); once the
  application is submitted the attachments page sends it to the overview (a refusal, as is its
  upload if the submission came first), and it reads home and the overview, which shows the
  status (the status page is the applicant's: a member is refused it);
- a department user opens the work queue, the list of the call's applications (with a filter or
  another page), a dossier linked from it, and the dashboard.

gunicorn with docker/gunicorn.conf.py and the production settings (bench/settings.py) on
PostgreSQL, broker Redis, as bench/deadline_night.py runs it; and a Celery worker as the
worker container runs it (docker/entrypoint.sh: two processes). E-mails go to
notifications.backends.DatabaseBackend, which records each delivery in the database and keeps
duplicates countable. Afterwards the phase waits (bounded) until the queue is drained, then
checks every submission (once: status, version, audit event, dossier number), every council
decision a member uploaded (there once, by that member), and every e-mail
the submissions should cause (notifications.services.event_notifications: exactly once, none
missing, none extra).

Run by bench/run.py (or alone: ``bench/run.py population [seconds]``), which creates the
database; it prints one JSON object as its last line.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
# Deliveries recorded in the database, duplicates countable: for gunicorn, the worker and the check.
os.environ["EMAIL_BACKEND"] = "notifications.backends.DatabaseBackend"

from bench.deadline_night import (  # noqa: E402
    PLAN_TEXT,
    Browser,
    CpuMeter,
    Recorder,
    cpu_per_request,
    free_port,
    in_parallel,
    percentile,
    start_gunicorn,
    stop_gunicorn,
    summary,
    summary_by_kind,
)

# A call of its own: the closed loop has taken every municipality in the open one.
CALL_CODE = "bench-bevolking"
DRAIN_SECONDS = 120  # at most this long for the worker to send what the phase queued
STAFF_ROLES = ("dossierbehandelaar",) * 15 + ("beheerder",) * 5


@dataclass
class Population:
    call_code: str
    applications: list[tuple[int, list[str]]]  # (application pk, the usernames of its organisation)
    staff: list[str]
    members: list[tuple[int, int, str]]  # (application pk, municipality pk, username): a member's user
    provinces: list[int]
    organisations: Counter  # by kind
    municipalities: int


def groups(call) -> list[tuple[str, list]]:
    """Every municipality in exactly one applicant: (kind, members), the first member leading.
    The centrumsteden alone; the others, per arrondissement in NIS order, in groups that each
    just reach the call's minimum population. A remainder below it joins the arrondissement's
    last group; an arrondissement below it on its own (Diksmuide) is carried into the next one
    of its province (Ieper: the Westhoek), or the last one's into the group before."""
    from grants.models import ApplicantKind, Municipality

    found, verbanden, carried, province = [], [], [], None
    by_arrondissement: dict[str, list] = {}
    for municipality in Municipality.objects.valid_on(call.deadline.date()).order_by("nis_code"):
        if municipality.is_centrumstad:
            found.append((ApplicantKind.CENTRUMSTAD, [municipality]))
        else:
            by_arrondissement.setdefault(municipality.arrondissement, []).append(municipality)
    for members in by_arrondissement.values():
        if members[0].province_id != province:
            if carried:
                verbanden[-1] += carried
            province, carried = members[0].province_id, []
        current, start = carried + members, len(verbanden)
        carried = []
        for municipality in current:
            carried.append(municipality)
            if sum(m.population for m in carried) >= call.minimum_population:
                verbanden.append(carried)
                carried = []
        if carried and len(verbanden) > start:
            verbanden[-1] += carried
            carried = []
    if carried:
        verbanden[-1] += carried
    return found + [(ApplicantKind.SAMENWERKINGSVERBAND, group) for group in verbanden]


def prepare(users_per_applicant: int, member_users: int, staff: int) -> Population:
    """The call, an applicant with a complete draft for every group, its users, the member
    municipalities' users, and the staff."""
    import django

    django.setup()
    from django.db import connections, transaction
    from django.test import override_settings

    from grants.models import Application, Province
    from grants.rehearsal import copy_call_as_rehearsal
    from tests import factories

    fast_hash = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with transaction.atomic(), fast_hash:
        call = copy_call_as_rehearsal(factories.the_call(), days_left=1, code=CALL_CODE)
        applications, members_users, kinds, municipalities = [], [], Counter(), 0
        for n, (kind, members) in enumerate(groups(call)):
            lead = members[0].name
            name = f"Stad {lead}" if len(members) == 1 else f"Regio {lead} ({len(members)} gemeenten)"
            applicant = factories.make_applicant(name=name, kind=kind, lead=lead)
            users = [factories.make_user(organisation=applicant, username=f"bevolking{n:03d}-{u}")
                     for u in range(users_per_applicant)]
            application = factories.make_application(call, applicant, members=[m.name for m in members],
                                                     user=users[0])
            # Two addresses, so each submission sends two receipts: the contact and the director.
            Application.objects.filter(pk=application.pk).update(
                contact_email=f"contact{n:03d}@bevolking.example.be",
                director_email=f"regisseur{n:03d}@bevolking.example.be")
            applications.append((application.pk, [u.username for u in users]))
            for member in members[1:] if member_users else []:  # the lead acts as the applicant
                user = factories.make_user(username=f"gemeente{member.nis_code}")
                user.municipality_memberships.create(municipality=member)
                members_users.append((application.pk, member.pk, user.username))
            kinds[kind] += 1
            municipalities += len(members)
        department = [factories.make_user(STAFF_ROLES[n % len(STAFF_ROLES)], username=f"departement{n:02d}")
                      .username for n in range(staff)]
    provinces = list(Province.objects.values_list("pk", flat=True))
    connections.close_all()
    return Population(call.code, applications, department, members_users, provinces, kinds, municipalities)


def logged_in(port: int, username: str) -> Browser:
    """A browser with the session of a user who logged in earlier that evening (as the test
    client's force_login makes it: the login page and its password hash are not the night's
    work) and a CSRF cookie (Django accepts its unmasked secret as the form's token)."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django.utils.crypto import get_random_string

    client = Client()
    client.force_login(User.objects.get(username=username), backend="grants.auth.CachedModelBackend")
    browser = Browser(port)
    browser.cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": get_random_string(32)}
    return browser


OVERVIEW, FOLLOW_UP = re.compile(r"/aanvragen/\d+/$"), re.compile(r"/aanvragen/\d+/opvolging/$")
# Where a page sends its user once the application is submitted (by the colleague, say).
SUBMITTED_ALREADY = {"plan page": OVERVIEW, "save plan": OVERVIEW, "actions page": OVERVIEW,
                     "budget page": OVERVIEW, "submit page": FOLLOW_UP, "submit": FOLLOW_UP,
                     "attachments page": OVERVIEW, "upload": OVERVIEW}
# Where a POST that worked leads.
SUCCESS = {"save plan": "/plan/", "submit": "/ontvangstbewijs/", "upload": "/bijlagen/"}


def judge(kind: str, status: int, location: str) -> str:
    """"ok" for the page's normal answer, "refused" for its normal refusal (the application is
    submitted already), "error" for anything else."""
    if kind in SUCCESS:
        if status == 302 and location.endswith(SUCCESS[kind]):
            return "ok"
    elif status == 200:
        return "ok"
    if status == 302 and kind in SUBMITTED_ALREADY and SUBMITTED_ALREADY[kind].search(location):
        return "refused"
    if status == 409 and kind == "submit":  # the colleague's submission committed a moment before
        return "refused"
    return "error"


class Person:
    """One user's pace: a pause of ``low`` to ``high`` seconds before each request. It also
    records how late each request left after its pause, to show the driver kept up."""

    def __init__(self, browser: Browser, recorder: Recorder, seed: int, low: float, high: float,
                 lateness: list):
        self.browser, self.recorder, self.rng = browser, recorder, random.Random(seed)
        self.low, self.high, self.lateness = low, high, lateness

    def pause(self, stop: float | None = None) -> bool:
        """Think; False when the phase would end first (then nothing is asked)."""
        seconds = self.rng.uniform(self.low, self.high)
        planned = time.monotonic() + seconds
        if stop is not None and planned > stop:
            return False
        time.sleep(seconds)
        self.lateness.append(time.monotonic() - planned)
        return True

    def ask(self, kind: str, path: str, form: dict | None = None, stop: float | None = None) -> str | None:
        if not self.pause(stop):
            return None
        return self.recorder.timed(self.browser, kind, "POST" if form is not None else "GET", path, form)


def applicant(person: Person, pk: int, submit_at: float, stop: float) -> None:
    base = f"/aanvragen/{pk}/"
    editing = [("home", "/", None), ("overview", base, None), ("plan page", base + "plan/", None),
               ("save plan", base + "plan/", "save"), ("actions page", base + "acties/", None),
               ("budget page", base + "begroting/", None)]
    saves = 0
    while time.monotonic() < submit_at:
        for kind, path, form in editing:
            if time.monotonic() >= submit_at:
                break
            if form:
                saves += 1
                form = {"environment_analysis": PLAN_TEXT.format(n=saves), "vision": "Iedereen aan het werk."}
            if person.ask(kind, path, form) == "refused":  # a colleague has submitted it
                submit_at = 0
                break
    # Always to its end, so every application is submitted within the phase.
    for kind, path, form in [("submit page", base + "indienen/", None),
                             ("submit", base + "indienen/", {"declaration": "on"}),
                             ("receipt", base + "ontvangstbewijs/", None),
                             ("status page", base + "opvolging/", None)]:
        person.ask(kind, path, form)
    while True:
        for kind, path in [("home", "/"), ("overview", base), ("status page", base + "opvolging/"),
                           ("receipt", base + "ontvangstbewijs/")]:
            if person.ask(kind, path, stop=stop) is None:
                return


def member(person: Person, pk: int, municipality: int, decision_type: int, pdf: bytes, stop: float) -> None:
    """A member municipality's user. The status page is the applicant's alone (a 403 for a
    member): after submission the overview is where it reads the application's status."""
    base = f"/aanvragen/{pk}/"
    pages = [("home", "/"), ("overview", base), ("attachments page", base + "bijlagen/")]
    decision = {"attachment_type": decision_type, "municipality": municipality,
                "file": ("gemeenteraadsbeslissing.pdf", pdf)}
    while True:
        for kind, path in pages:
            outcome = person.ask(kind, path, stop=stop)
            if outcome == "ok" and decision and kind == "attachments page":  # its first visit
                outcome, decision = person.ask("upload", path, decision, stop=stop), None
            if outcome is None:
                return
            if outcome == "refused":  # submitted: nothing left to upload, the attachments read-only
                pages = pages[:2]
                break


DOSSIER_LINK = re.compile(rb'href="(/departement/aanvragen/\d+/)"')


def department(person: Person, call_code: str, provinces: list[int], stop: float) -> None:
    listing = f"/departement/oproepen/{call_code}/aanvragen/"
    filters = ["?status=ingediend", "?soort=samenwerkingsverband", "?soort=centrumstad", "?pagina=2",
               "?sorteer=-ingediend", "?sorteer=aanvrager", "?q=Regio",
               *(f"?provincie={pk}" for pk in provinces)]
    while True:
        for kind, path in [("work queue", "/departement/werkvoorraad/"), ("department list", listing),
                           ("dossier", None), ("department list", listing + person.rng.choice(filters)),
                           ("dossier", None), ("dashboard", f"/departement/oproepen/{call_code}/dashboard/")]:
            if path is None:  # a dossier linked from the list just read, when it showed any
                links = DOSSIER_LINK.findall(person.browser.body)
                if not links:
                    continue
                path = person.rng.choice(links).decode()
            if person.ask(kind, path, stop=stop) is None:
                return


def start_worker() -> subprocess.Popen:
    """The worker as the worker container runs it (docker/entrypoint.sh), its log in VAR_DIR."""
    log = open(os.path.join(os.environ.get("VAR_DIR", "/tmp"), "worker.log"), "w")
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel",
                             "WARNING", "--concurrency", os.environ.get("CELERY_CONCURRENCY", "2"),
                             "--hostname", f"bevolking@{os.getpid()}"],
                            cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log)


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()  # warm shutdown: it finishes the task at hand
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def expected_emails(ids: list[int]) -> dict[str, int]:
    """Message-ID -> application, for every e-mail the submissions should have sent."""
    from notifications.content import message_id
    from notifications.services import event_notifications
    from workflow.models import AuditEvent

    events = AuditEvent.objects.filter(application_id__in=ids, transition="submit").values_list("pk",
                                                                                                flat=True)
    return {message_id(n): n.application_id for pk in events for n in event_notifications("submit", pk)}


def drain(ids: list[int], worker: subprocess.Popen) -> float | None:
    """Seconds until every expected e-mail was delivered and the queue is empty (None: not
    within DRAIN_SECONDS)."""
    import redis
    from django.conf import settings

    from notifications.models import RecordedEmail

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    started = time.monotonic()
    while time.monotonic() - started < DRAIN_SECONDS and worker.poll() is None:
        wanted = set(expected_emails(ids))
        delivered = set(RecordedEmail.objects.filter(message_id__in=wanted)
                        .values_list("message_id", flat=True))
        if wanted <= delivered and not broker.llen("celery") and not broker.hlen("unacked"):
            return round(time.monotonic() - started, 1)
        time.sleep(1)
    return None


def verify_decisions(members: list[tuple[int, int, str]], uploads: int) -> dict:
    """Every council decision a member's upload page accepted: its municipality's one decision
    in the application, uploaded by that member."""
    from grants.models import Attachment

    decisions = Counter(Attachment.objects.filter(
        application_id__in={pk for pk, _, _ in members}, attachment_type__per_member_municipality=True)
        .values_list("application_id", "municipality_id", "uploaded_by__username"))
    by_place = Counter()
    for (pk, municipality, _), n in decisions.items():
        by_place[pk, municipality] += n
    return {"members": len(members), "decisions_uploaded": uploads,
            "decisions_by_their_member_exactly_once": sum(
                decisions[pk, municipality, username] == 1 and by_place[pk, municipality] == 1
                for pk, municipality, username in members)}


def verify(ids: list[int], emails_before: int) -> dict:
    """Every submission once (status, one version, one submit event, a dossier number), and
    every e-mail it should cause delivered exactly once, nothing else delivered."""
    from grants.models import Application
    from notifications.models import RecordedEmail
    from workflow.models import ApplicationVersion, AuditEvent

    submitted = dict(Application.objects.filter(pk__in=ids, status="ingediend")
                     .values_list("pk", "dossier_number"))
    versions = Counter(ApplicationVersion.objects.filter(application_id__in=ids)
                       .values_list("application_id", flat=True))
    events = Counter(AuditEvent.objects.filter(application_id__in=ids, transition="submit")
                     .values_list("application_id", flat=True))
    wanted = expected_emails(ids)
    delivered = Counter(RecordedEmail.objects.filter(pk__gt=emails_before)
                        .values_list("message_id", flat=True))
    return {
        "applications": len(ids), "submitted": len(submitted),
        "submitted_exactly_once": sum(versions[pk] == 1 and events[pk] == 1 and bool(submitted.get(pk))
                                      for pk in ids),
        "emails_expected": len(wanted), "emails_delivered": sum(delivered.values()),
        "emails_exactly_once": sum(delivered[m] == 1 for m in wanted),
        "emails_missing": sum(delivered[m] == 0 for m in wanted),
        "emails_twice_or_more": sum(delivered[m] > 1 for m in wanted),
        "emails_unexpected": sum(n for m, n in delivered.items() if m not in wanted),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=600, help="how long everyone works (default 10 min)")
    parser.add_argument("--users-per-applicant", type=int, default=2)
    parser.add_argument("--member-users", type=int, choices=(0, 1), default=1,
                        help="a user for each member municipality of a samenwerkingsverband (0: none)")
    parser.add_argument("--staff", type=int, default=20)
    parser.add_argument("--pause", type=float, nargs=2, default=(2.0, 10.0), metavar=("LOW", "HIGH"),
                        help="seconds before each request, at random between the two")
    args = parser.parse_args()

    population = prepare(args.users_per_applicant, args.member_users, args.staff)
    from django.db import connections

    from grants.models import AttachmentType
    from notifications.models import RecordedEmail
    from tests.test_uploads import real_pdf

    decision_type = AttachmentType.objects.get(calls__code=population.call_code,
                                               per_member_municipality=True).pk
    pdf = real_pdf()

    emails_before = RecordedEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = [pk for pk, _ in population.applications]
    database = connections["default"].settings_dict["NAME"]
    port = free_port()
    server, worker = start_gunicorn(port), start_worker()
    try:
        recorder, lateness, rng = Recorder(judge), [], random.Random(20)

        def person(username: str) -> Person:
            return Person(logged_in(port, username), recorder, rng.randrange(10**9), *args.pause, lateness)

        applicants = [(pk, [person(username) for username in usernames])
                      for pk, usernames in population.applications]
        staff = [person(username) for username in population.staff]
        started = time.monotonic()
        stop = started + args.seconds
        people = [(department, someone, population.call_code, population.provinces, stop)
                  for someone in staff]
        for pk, users in applicants:
            submit_at = started + rng.uniform(0.15, 0.55) * args.seconds  # the organisation's moment
            people += [(applicant, someone, pk, submit_at, stop) for someone in users]
        people += [(member, person(username), pk, municipality, decision_type, pdf, stop)
                   for pk, municipality, username in population.members]
        connections.close_all()
        meter = CpuMeter(database, gunicorn=server, celery=worker)
        cpu_before = meter.read()
        elapsed = in_parallel(lambda work, *arguments: work(*arguments), people)
        cpu_after = meter.read()
        drained = drain(ids, worker)
        cpu_drained = meter.read()
    finally:
        stop_gunicorn(server)
        stop_worker(worker)

    samples = recorder.samples
    # The worker's CPU counts until the queue was drained: the e-mails of the phase are its work.
    cpu = cpu_per_request(cpu_before, cpu_after, len(samples), parts=("driver", "gunicorn", "postgres"))
    cpu["celery"] = cpu_per_request(cpu_before, cpu_drained, len(samples), parts=("celery",))["celery"]
    result = {
        "seconds_asked": args.seconds, "pause_seconds": list(args.pause),
        "organisations": dict(population.organisations), "municipalities": population.municipalities,
        "applicant_users": sum(len(users) for _, users in population.applications),
        "member_users": len(population.members), "staff": len(population.staff), "clients": len(people),
        "all": summary(samples, elapsed), "by_kind": summary_by_kind(samples, elapsed),
        "refused": dict(recorder.refused), "unexpected": dict(recorder.unexpected),
        "late_after_pause_ms": {"p99": round(percentile(lateness, 0.99) * 1000, 1),
                                "max": round(max(lateness, default=0) * 1000, 1)},
        "drained_after_s": drained, "check": verify(ids, emails_before),
        "decisions": verify_decisions(population.members, sum(
            kind == "upload" and outcome == "ok" for kind, _, outcome in samples)),
        "cpu_ms_per_request": cpu,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
