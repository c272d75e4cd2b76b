from django.core.management.base import BaseCommand

from demo.builder import load_demo_data


class Command(BaseCommand):
    help = "Laadt demogegevens: aanvragen in verschillende statussen en een oefenoproep (eenmalig)."

    def handle(self, *args, **options):
        if load_demo_data():
            self.stdout.write("Demogegevens geladen.")
        else:
            self.stdout.write("Demogegevens waren al geladen; niets gewijzigd.")
