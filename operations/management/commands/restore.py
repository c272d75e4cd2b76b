from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, CountMismatch, restore_backup


class Command(BaseCommand):
    help = ("Zet een reservekopie van `backup` terug in een lege databank en een lege map voor "
            "uploads. Controleert eerst elk bestand tegen manifest.json; bij de minste fout wordt "
            "niets gewijzigd.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Map met de reservekopie (met manifest.json).")
        parser.add_argument(
            "--force", action="store_true",
            help="Overschrijf een databank en uploadmap die niet leeg zijn: alles wat erin staat "
                 "verdwijnt en wordt vervangen door de reservekopie.",
        )

    def handle(self, *args, directory: Path, force: bool, **options):
        try:
            manifest = restore_backup(directory, force=force)
        except CountMismatch as error:
            raise CommandError(f"Teruggezet, maar niet volledig: {error}. Zet de reservekopie "
                               "opnieuw terug met --force of gebruik een andere.") from error
        except BackupError as error:
            raise CommandError(f"Niets teruggezet: {error}") from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Reservekopie van {manifest['created_at']} teruggezet: "
                          f"{len(manifest['files'])} bestanden, {rows} rijen; aantallen gecontroleerd.")
