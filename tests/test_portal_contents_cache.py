"""The parts of the applicant's pages that come from the cache (grants.contents_cache): the
checklist, the summary of the plan, the budget tables. None is ever stale: whatever changes what
it shows, through a page, the API or the reference data, shows on the very next page."""

import html
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import contents_cache
from grants.models import ApplicantKind, AttachmentType, BudgetLine
from tests import factories
from tests.api_world import API, build_world, client_for
from tests.test_uploads import real_pdf

pytestmark = pytest.mark.django_db(transaction=True)  # the reference stamp is renewed on commit

BUDGET_MISSING = "Vul de begroting in."
VISION_MISSING = "Vul de beleidsvisie in."
LINE = {"year": 2024, "category": "werking", "source": "eigen_inbreng", "amount": "12500.00",
        "description": "Zaalhuur"}


@pytest.fixture
def world(call, settings):
    settings.CONTENTS_CACHE_SECONDS = 3600
    cache.clear()
    return build_world()


def read_twice(client, url_name, application) -> str:
    """The page's text, read twice: the second comes from the cache."""
    url = reverse(url_name, args=[application.pk])
    client.get(url)
    page = client.get(url)
    assert page.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(page.content.decode()))


def checklist(client, application) -> str:
    return read_twice(client, "application-overview", application)


def test_the_checklist_is_read_from_the_cache(world):
    page = client_for(world.member)
    url = reverse("application-plan", args=[world.ours.pk])
    page.get(url)
    with CaptureQueriesContext(connection) as queries:
        page.get(url)
    assert not any("grants_budgetline" in q["sql"] or "grants_action" in q["sql"] for q in queries)


# (The members are in every page's own query: its visibility condition.)
CONTENTS_TABLES = ("grants_action", "grants_budgetline", "grants_attachment")


@pytest.mark.parametrize("url_name", ["application-plan", "portal-submit"])
def test_saving_the_plan_keeps_what_reads_only_the_contents(world, url_name):
    """The deadline night: an applicant saves the plan again and again. The checklist's rules
    on the contents and the summary's parts stay in the cache; the texts show at once."""
    page = client_for(world.member)
    url = reverse(url_name, args=[world.ours.pk])
    page.get(url)
    page.post(reverse("application-plan", args=[world.ours.pk]),
              {"environment_analysis": "Veel jongeren zonder diploma.", "vision": "Iedereen mee."})
    with CaptureQueriesContext(connection) as queries:
        text = html.unescape(page.get(url).content.decode())
    assert not [q["sql"] for q in queries if any(table in q["sql"] for table in CONTENTS_TABLES)]
    assert "Veel jongeren zonder diploma." in text and BUDGET_MISSING not in text
    for line in world.ours.budget_lines.all():  # then the contents change: that shows at once
        page.post(reverse("application-budget-delete", args=[world.ours.pk, line.pk]))
    assert BUDGET_MISSING in checklist(page, world.ours)


def test_a_change_through_a_page_shows_at_once(world):
    page = client_for(world.member)
    assert "Alles is ingevuld" in checklist(page, world.ours)
    for line in world.ours.budget_lines.all():
        page.post(reverse("application-budget-delete", args=[world.ours.pk, line.pk]))
    assert BUDGET_MISSING in checklist(page, world.ours)
    page.post(reverse("application-budget", args=[world.ours.pk]), {**LINE, "amount": "12.500,00"})
    assert BUDGET_MISSING not in checklist(page, world.ours)
    page.post(reverse("application-plan", args=[world.ours.pk]),
              {"environment_analysis": world.ours.environment_analysis, "vision": ""})
    assert VISION_MISSING in checklist(page, world.ours)


def test_a_change_through_the_api_shows_at_once(world):
    page, api = client_for(world.member), client_for(world.member)
    assert "Alles is ingevuld" in checklist(page, world.ours)
    assert api.patch(f"{API}/applications/{world.ours.pk}/", {"vision": ""}, format="json").status_code == 200
    assert VISION_MISSING in checklist(page, world.ours)
    for line in BudgetLine.objects.filter(application=world.ours):
        assert api.delete(f"{API}/applications/{world.ours.pk}/budget-lines/{line.pk}/").status_code == 204
    assert BUDGET_MISSING in checklist(page, world.ours)
    lines = f"{API}/applications/{world.ours.pk}/budget-lines/"
    assert api.post(lines, LINE, format="json").status_code == 201
    assert BUDGET_MISSING not in checklist(page, world.ours)


def test_a_change_to_the_reference_data_or_the_calls_rules_shows_at_once(world):
    page = client_for(world.member)
    assert "Alles is ingevuld" in checklist(page, world.ours)
    extra = AttachmentType.objects.create(code="extra-bijlage", name="Extra bijlage")
    world.ours.call.mandatory_attachment_types.add(extra)  # the call's list only, not the call's row
    assert "Voeg de bijlage toe: Extra bijlage." in checklist(page, world.ours)
    extra.name = "Samenwerkingsakkoord"
    extra.save()
    assert "Voeg de bijlage toe: Samenwerkingsakkoord." in checklist(page, world.ours)
    for municipality in world.ours.municipalities.all():
        municipality.population = 1
        municipality.save()
    assert "inwoners; de oproep vraagt er minstens" in checklist(page, world.ours)


def test_each_language_has_its_own_checklist(world):
    page = client_for(world.member)
    client_for(world.member).patch(f"{API}/applications/{world.ours.pk}/", {"vision": ""}, format="json")
    assert VISION_MISSING in checklist(page, world.ours)
    page.cookies["django_language"] = "en"
    assert "Fill in the policy vision." in checklist(page, world.ours)


def test_the_budget_tables_show_a_line_added_through_a_page_or_the_api_at_once(world):
    page, api = client_for(world.member), client_for(world.member)
    assert "Huur van de zaal" not in read_twice(page, "application-budget", world.ours)
    page.post(reverse("application-budget", args=[world.ours.pk]),
              {**LINE, "amount": "1.234,56", "description": "Huur van de zaal"})
    assert "Huur van de zaal" in read_twice(page, "application-budget", world.ours)
    lines = f"{API}/applications/{world.ours.pk}/budget-lines/"
    assert api.post(lines, {**LINE, "description": "Catering"}, format="json").status_code == 201
    budget = read_twice(page, "application-budget", world.ours)
    assert "Catering" in budget and "€ 12.500,00" in budget
    # From the cache it is still HTML, not escaped text.
    raw = page.get(reverse("application-budget", args=[world.ours.pk])).content.decode()
    assert '<section aria-labelledby="year-2024">' in raw


def test_the_summary_shows_a_change_through_a_page_the_api_or_the_reference_data_at_once(world):
    page, api = client_for(world.member), client_for(world.member)
    read_twice(page, "portal-submit", world.ours)
    page.post(reverse("application-plan", args=[world.ours.pk]),
              {"environment_analysis": "Veel jongeren zonder diploma.", "vision": "Iedereen mee."})
    assert "Veel jongeren zonder diploma." in read_twice(page, "portal-submit", world.ours)
    assert api.patch(f"{API}/applications/{world.ours.pk}/", {"vision": "Werk voor wie het zoekt."},
                     format="json").status_code == 200
    assert "Werk voor wie het zoekt." in read_twice(page, "portal-submit", world.ours)
    municipality = world.ours.municipalities.get(name="Kuurne")
    municipality.name = "Kuurne-Kortrijk"
    municipality.save()
    assert "Kuurne-Kortrijk" in read_twice(page, "portal-submit", world.ours)


def test_the_action_list_shows_an_action_added_through_a_page_or_the_api_at_once(world):
    page, api = client_for(world.member), client_for(world.member)
    read_twice(page, "application-actions", world.ours)
    priority = world.ours.call.priorities.get(code="WSE-LR2")
    page.post(reverse("application-action-new", args=[world.ours.pk]),
              {"priority": priority.pk, "title": "Jobbeurs", "years": [2024]})
    assert "Jobbeurs" in read_twice(page, "application-actions", world.ours)
    action = {"priority": "WSE-LR2", "title": "Taalcoaching op de werkvloer", "years": [2024, 2025],
              "target_groups": [], "partners": []}
    assert api.post(f"{API}/applications/{world.ours.pk}/actions/", action, format="json").status_code == 201
    assert "Taalcoaching op de werkvloer" in read_twice(page, "application-actions", world.ours)


def test_the_attachments_page_shows_an_upload_or_a_deletion_through_a_page_or_the_api_at_once(world):
    page, api = client_for(world.member), client_for(world.member)
    read_twice(page, "application-attachments", world.ours)
    kind = world.ours.call.mandatory_attachment_types.filter(per_member_municipality=False).first()
    page.post(reverse("application-attachments", args=[world.ours.pk]),
              {"attachment_type": kind.pk, "file": SimpleUploadedFile("via-de-pagina.pdf", real_pdf())})
    assert "via-de-pagina.pdf" in read_twice(page, "application-attachments", world.ours)
    created = api.post(f"{API}/applications/{world.ours.pk}/attachments/",
                       {"attachment_type": kind.code, "file": SimpleUploadedFile("via-api.pdf", real_pdf())},
                       format="multipart")
    assert created.status_code == 201
    assert "via-api.pdf" in read_twice(page, "application-attachments", world.ours)
    attachment = f"{API}/applications/{world.ours.pk}/attachments/{created.json()['id']}/"
    assert api.delete(attachment).status_code == 204
    assert "via-api.pdf" not in read_twice(page, "application-attachments", world.ours)


def test_the_empty_budget_line_form_follows_the_calls_years_and_the_language(world):
    page = client_for(world.member)
    assert '<option value="2026">' not in read_twice(page, "application-budget", world.ours)
    call = world.ours.call
    call.period_end = call.period_end.replace(year=2026)
    call.save()
    assert '<option value="2026">' in read_twice(page, "application-budget", world.ours)
    assert "— kies —" in read_twice(page, "application-budget", world.ours)
    page.cookies["django_language"] = "en"
    assert "— choose —" in read_twice(page, "application-budget", world.ours)


def test_the_contacts_form_shows_a_change_through_the_page_or_the_api_at_once(world):
    page, api = client_for(world.member), client_for(world.member)
    url = reverse("application-contacts", args=[world.ours.pk])
    read_twice(page, "application-contacts", world.ours)
    page.post(url, {"contact_name": "An Peeters", "contact_email": "an@kortrijk.be",
                    "iban": "BE71096123456769"})
    assert 'value="An Peeters"' in read_twice(page, "application-contacts", world.ours)
    assert api.patch(f"{API}/applications/{world.ours.pk}/", {"contact_name": "Bart Claes"},
                     format="json").status_code == 200
    contacts = read_twice(page, "application-contacts", world.ours)
    assert 'value="Bart Claes"' in contacts and 'value="BE71 0961 2345 6769"' in contacts
    # A refused form shows what was typed and why, never the kept form.
    refused = page.post(url, {"contact_name": "Bart Claes", "contact_email": "geen-adres"})
    assert refused.status_code == 200 and 'value="geen-adres"' in refused.content.decode()


def test_the_attachment_form_offers_a_member_added_through_the_api_or_the_page_at_once(world):
    page, api = client_for(world.member), client_for(world.member)
    assert "Kuurne" in read_twice(page, "application-attachments", world.ours)
    members = f"{API}/applications/{world.ours.pk}/municipalities/"
    # Kortrijk and Menen instead of Kortrijk, Kuurne and Harelbeke.
    assert api.put(members, {"municipalities": ["34022", "34027"]}, format="json").status_code == 200
    form = read_twice(page, "application-attachments", world.ours).split("Bijlage opladen")[1]
    assert "Menen" in form and "Kuurne" not in form
    members = [m.pk for m in factories.municipalities("Kortrijk", "Menen", "Wevelgem")]
    page.post(reverse("application-members", args=[world.ours.pk]), {"municipalities": members})
    assert "Wevelgem" in read_twice(page, "application-attachments", world.ours).split("Bijlage opladen")[1]


def test_a_centrumstads_members_page_follows_its_population_at_once(world):
    city = factories.make_applicant(name="Stad Brugge", kind=ApplicantKind.CENTRUMSTAD, lead="Brugge")
    user = factories.make_user(organisation=city)
    alone = factories.make_application(world.ours.call, city, members=("Brugge",), user=user)
    page = client_for(user)
    assert "Als centrumstad dient u alleen in voor Brugge." in read_twice(page, "application-members", alone)
    brugge = alone.municipalities.get()
    brugge.population = 120000
    brugge.save()
    assert "<strong>120.000</strong> inwoners" in read_twice(page, "application-members", alone)


def test_a_page_asks_for_the_reference_stamp_once_however_many_parts_it_keeps(world, monkeypatch):
    stored, asked = contents_cache._stored_reference_stamp, []
    monkeypatch.setattr(contents_cache, "_stored_reference_stamp", lambda: asked.append(1) or stored())
    read_twice(client_for(world.member), "application-attachments", world.ours)  # three parts kept
    assert len(asked) == 2
