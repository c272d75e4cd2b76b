"""Dutch first, English through Django's i18n: the compiled catalogue is complete and current,
and a user who chooses English reads English — while dates stay dd/mm/jjjj."""

import gettext
import re
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from grants.models import Municipality
from notifications.models import RecordedEmail
from tests import factories
from workflow.models import LetterBatch

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


def in_english(client) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_a_moment_reads_in_the_readers_language(client, clerk, region, open_call):
    """The call's deadline on the home page, with its weekday: "woensdag … om" belongs to the Dutch
    page, "Wednesday … at" to the English."""
    factories.make_application(call=open_call, applicant=region)
    moment = r"%s \d{1,2} %s \d{4} %s \d{2}:\d{2}"
    dutch = moment % ("(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)", "[a-z]+", "om")
    assert re.search(dutch, client.get(reverse("home")).content.decode())

    in_english(client)
    page = client.get(reverse("home")).content.decode()
    assert " om " not in page
    english = moment % ("(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", "[A-Z][a-z]+", "at")
    assert re.search(english, page)


def test_a_refusal_names_its_moment_in_the_readers_language(reference_data):
    from workflow.guards import submission_window_open

    application = factories.make_application(complete=False)
    with translation.override("en"):
        [refusal] = submission_window_open(application, at=application.call.deadline + timedelta(days=1))
    assert re.search(r"\d{2}/\d{2}/\d{4} at \d{2}:\d{2}", refusal), refusal


def test_counts_follow_the_language_and_amounts_stay_belgian(client, clerk, region, open_call):
    """6.698.876 inhabitants in Dutch, 6,698,876 in English; € 50.000,00 in both."""
    application = factories.make_application(call=open_call, applicant=region)
    chosen = [m.pk for m in factories.municipalities("Kortrijk", "Kuurne", "Harelbeke")]
    count = sum(m.population for m in Municipality.objects.filter(pk__in=chosen))
    total = reverse("population-total", args=[open_call.code])
    dutch = client.post(total, {"municipalities": chosen}).content.decode()
    assert f"<strong>{count:,}</strong>".replace(",", ".") in dutch

    in_english(client)
    assert f"<strong>{count:,}</strong>" in client.post(total, {"municipalities": chosen}).content.decode()
    assert "€ 50.000,00" in client.get(reverse("application-budget", args=[application.pk])).content.decode()


ADMIN_LABELS = {
    "/admin/": ["Oproepen en aanvragen", "Behandeling en beslissing", "Meldingen en herinneringen",
                "Authenticatie en autorisatie", "Gebruikers", "Aanvragen", "Bewaarde e-mails",
                "Reeksen beslissingsbrieven", "Ingediende versies"],
    "/admin/grants/application/": ["Aanvraag", "Aanvrager", "Oproep", "Status", "Ingediend op"],
    "/admin/workflow/letterbatch/": ["Oproep", "Gevraagd door", "Gevraagd op", "Klaar op"],
    "/admin/notifications/recordedemail/": ["Bewaard op", "Ontvangers", "Onderwerp"],
}


def test_the_admin_shows_our_labels_in_dutch(admin_client, reference_data):
    """The app, model and column names we write are Dutch; Django translates its own."""
    factories.make_application(complete=False)
    LetterBatch.objects.create(call=factories.the_call(), requested_by=User.objects.get(username="admin"))
    RecordedEmail.objects.create(message_id="1", recipients="an@example.be", subject="Test", body="")
    for url, labels in ADMIN_LABELS.items():
        page = admin_client.get(url).content.decode()
        missing = [label for label in labels if f">{label}<" not in page]
        english = [word for word in ("Call", "Applicant", "Requested by", "Recorded at", "Recipients")
                   if f">{word}<" in page]
        assert not missing and not english, (url, missing, english)


def labels(model):
    """The model's names and its fields' labels, as (what, label)."""
    for attr in ("verbose_name", "verbose_name_plural"):
        yield attr, model._meta.original_attrs.get(attr)
    yield from ((f.name, f.verbose_name) for f in model._meta.get_fields()
                if (f.concrete or f.many_to_many) and not f.auto_created)


def test_every_label_of_our_models_is_a_dutch_source_string():
    """A field or model without a translatable verbose name shows its Python name in the admin."""
    unlabelled = [f"{model.__name__}.{what}" for app in ("grants", "workflow", "notifications")
                  for model in apps.get_app_config(app).get_models()
                  for what, label in labels(model) if not isinstance(label, Promise)]
    assert not unlabelled, unlabelled
