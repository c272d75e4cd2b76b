"""The department's tabs and call switcher are kept rendered (pages.department.tabs), keyed by the
calls they show, read on every page: a call added (a rehearsal copied, the next call loaded from
reference.json) or renamed in the admin is in the switcher of every department page at once.
The API only reads calls: there is no write through it to show."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from grants.models import Call
from grants.rehearsal import copy_call_as_rehearsal
from grants.roles import Role
from tests import factories
from tests.test_reference_data import data_dir, edit_reference, next_call  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """What a browser would post of a page's form as it stands (inputs, selects, text areas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        kind = attrs.get("type", "text")
        if tag == "input" and attrs.get("name") and kind not in ("submit", "button", "file"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self.data.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.data.append((self._textarea, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, text = self.data.pop()
            self.data.append((name, text + data))


def posted(page: str, **changes) -> dict:
    form = _Form()
    form.feed(page)
    data = {}
    for name, value in form.data:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return data


def test_a_call_added_or_renamed_is_in_the_tabs_of_every_page_at_once(
        client, admin_client, call, data_dir):  # noqa: F811
    client.force_login(factories.make_user(Role.BEHEERDER))
    pages = [reverse("department-list", args=[call.code]), reverse("department-dashboard", args=[call.code]),
             reverse("department-queue"), reverse("department-registrations")]

    def switchers() -> list[str]:
        shown = [client.get(url).content.decode() for url in pages]
        starts = [page.index('class="call-switcher"') for page in shown]
        return [page[start:page.index("</nav>", start)] for page, start in zip(shown, starts, strict=True)]

    assert all(call.title in switcher for switcher in switchers())

    rehearsal = copy_call_as_rehearsal(call, code="oefening-tabs")
    for switcher in switchers():
        assert f'href="{reverse("department-list", args=[rehearsal.code])}"' in switcher
        assert "Een oefenoproep is een kopie van de echte oproep" in switcher

    edit_reference(data_dir, lambda reference: next_call(reference, title="Lokale Regie 2026–2028"))
    call_command("load_reference_data", data_dir=data_dir)
    assert all("Lokale Regie 2026–2028" in switcher for switcher in switchers())

    change = reverse("admin:grants_call_change", args=[call.pk])
    response = admin_client.post(change, posted(admin_client.get(change).content.decode(),
                                                 title="Lokale Regie, hernoemd"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Call.objects.get(pk=call.pk).title == "Lokale Regie, hernoemd"
    for switcher in switchers():
        assert "Lokale Regie, hernoemd" in switcher and f">{call.title}<" not in switcher
