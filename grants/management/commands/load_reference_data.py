from django.core.management.base import BaseCommand

from grants.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Laadt de provincies, de 300 gemeenten, de beleidsprioriteiten en de oproep (idempotent)."

    def handle(self, *args, **options):
        report = load_reference_data()
        if not report.changed_anything:
            self.stdout.write("Referentiegegevens waren al up-to-date; niets gewijzigd.")
            return
        for label, n in sorted(report.created.items()):
            self.stdout.write(f"{label}: {n} aangemaakt")
        for label, n in sorted(report.updated.items()):
            self.stdout.write(f"{label}: {n} bijgewerkt")
