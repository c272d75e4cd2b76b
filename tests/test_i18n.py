"""Dutch first, English through Django's i18n: the compiled catalogue is complete and current,
and a user who chooses English reads English — while dates stay dd/mm/jjjj."""

import gettext
import re
from pathlib import Path

from django.urls import reverse

from tests import factories

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
STRING = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$|^"(.*)"$')


def po_entries(path: Path) -> list[dict]:
    """The .po file's entries as {keyword: text}; enough of the format for our own file."""
    entries, entry, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#"):
            entry.setdefault("flags", "")
            entry["flags"] += line
        elif match := STRING.match(line):
            if match.group(1):
                key = match.group(1)
                entry[key] = match.group(2)
            else:
                entry[key] += match.group(3)
    return [e for e in entries if e.get("msgid")]


def unescape(text: str) -> str:
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


def test_every_message_has_an_english_translation():
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", "")]
    assert not untranslated, untranslated[:5]
    assert not fuzzy, fuzzy[:5]


def test_the_compiled_catalogue_matches_its_source():
    """Run `make messages` after editing django.po: the .mo file is what Django reads."""
    with open(LOCALE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        e["msgid"] for e in po_entries(LOCALE / "django.po")
        if "msgid_plural" not in e and "msgctxt" not in e
        and catalogue.gettext(unescape(e["msgid"])) != unescape(e["msgstr"])
    ]
    assert not stale, stale[:5]


def test_an_applicant_who_chooses_english_reads_english(client, clerk, region, open_call):
    factories.make_application(call=open_call, applicant=region)
    assert "Mijn aanvragen" in client.get(reverse("home")).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "My applications" in page and "Mijn aanvragen" not in page
    assert re.search(r"\d{2}/\d{2}/\d{4}", page), "dates stay dd/mm/yyyy in English too"
