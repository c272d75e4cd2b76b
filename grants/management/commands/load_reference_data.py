from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.reference_data import DATA_DIR, ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = "Laadt de provincies, de 300 gemeenten, de beleidsprioriteiten en de oproep (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR,
            help="Map met reference.json en het gemeentebestand (standaard: de meegeleverde gegevens).",
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            report = load_reference_data(data_dir)
        except ReferenceDataError as error:
            raise CommandError(f"Niets geladen: {error}") from error
        if not report.changed_anything:
            self.stdout.write("Referentiegegevens waren al up-to-date; niets gewijzigd.")
            return
        for label, n in sorted(report.created.items()):
            self.stdout.write(f"{label}: {n} aangemaakt")
        for label, n in sorted(report.updated.items()):
            self.stdout.write(f"{label}: {n} bijgewerkt")
