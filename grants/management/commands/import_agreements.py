from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from grants.agreements import ImportRefused, import_agreements
from grants.models import Call


class Command(BaseCommand):
    help = ("Leest wijzigingen van samenwerkingsovereenkomsten met VDAB in uit een CSV- of XLSX-bestand: "
            "alles of niets, met een fout per regel.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Het bestand (kolommen: soort, code, status, sinds, "
                                                    "verwachte ondertekening).")
        parser.add_argument("--oproep", required=True, help="De code van de oproep van de regiegebieden.")
        parser.add_argument("--gebruiker", required=True,
                            help="Wie de wijzigingen registreert (departement).")

    def handle(self, *args, file: Path, oproep: str, gebruiker: str, **options):
        call = Call.objects.filter(code=oproep).first()
        user = get_user_model().objects.filter(username=gebruiker).first()
        if call is None or user is None:
            raise CommandError(f"Niets ingelezen: geen oproep “{oproep}”." if call is None
                               else f"Niets ingelezen: geen gebruiker “{gebruiker}”.")
        if not file.is_file():
            raise CommandError(f"Niets ingelezen: bestand niet gevonden ({file}).")
        try:
            with file.open("rb") as handle:
                count = import_agreements(user, File(handle, name=file.name), call)
        except ImportRefused as refused:
            raise CommandError("Niets ingelezen:\n" + "\n".join(refused.errors)) from refused
        except PermissionDenied as error:
            raise CommandError(f"Niets ingelezen: {error}") from error
        self.stdout.write(f"{count} wijzigingen ingelezen.")
