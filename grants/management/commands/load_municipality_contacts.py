from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.municipality_contacts import ContactImportError, load_contacts


class Command(BaseCommand):
    help = ("Laadt de ondernemingsnummers en contactadressen van de gemeenten uit een CSV- of "
            "XLSX-bestand (kolommen nis_code, kbo_number, contact_email): alles of niets.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Het CSV- of XLSX-bestand.")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: bestand niet gevonden.")
        try:
            count = load_contacts(path.name, path.read_bytes())
        except ContactImportError as error:
            raise CommandError(f"{file}: niets geladen.\n" + "\n".join(error.messages)) from None
        self.stdout.write(f"{count} gemeenten bijgewerkt.")
