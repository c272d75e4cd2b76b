from django.core.management.base import BaseCommand, CommandError

from aftercare.diagram import DOC_PATH, render


class Command(BaseCommand):
    help = "Schrijft docs/aftercare.md (diagrammen en tabellen) uit aftercare/machine.py."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Alleen nagaan of het bestand actueel is.")

    def handle(self, *args, check=False, **options):
        text = render()
        if check:
            if not DOC_PATH.exists() or DOC_PATH.read_text(encoding="utf-8") != text:
                raise CommandError(f"{DOC_PATH} is niet actueel: voer 'manage.py aftercare_diagram' uit.")
            self.stdout.write("docs/aftercare.md is actueel.")
            return
        DOC_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"{DOC_PATH} geschreven.")
