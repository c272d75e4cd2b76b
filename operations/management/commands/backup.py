from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, make_backup


class Command(BaseCommand):
    help = ("Maakt een reservekopie in een nieuwe, lege map: de databank (één consistente momentopname), "
            "alle geüploade bijlagen en brieven, en manifest.json met de SHA-256 en grootte van elk "
            "bestand en het aantal rijen per tabel.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Doelmap; bestaat niet of is leeg.")

    def handle(self, *args, directory: Path, **options):
        try:
            manifest = make_backup(directory)
        except BackupError as error:
            raise CommandError(f"Geen reservekopie gemaakt: {error}") from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Reservekopie gemaakt in {directory}: {len(manifest['files'])} bestanden, "
                          f"{len(manifest['row_counts'])} tabellen, {rows} rijen.")
