from django.core.management.base import BaseCommand, CommandError

from workflow.diagram import DOCS


class Command(BaseCommand):
    help = "Schrijft de levenslopen in docs/ (diagram en tabel) uit hun tabellen (workflow, aanmeldingen)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Alleen nagaan of de bestanden actueel zijn.")

    def handle(self, *args, check=False, **options):
        for path, render in DOCS.items():
            text = render()
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    raise CommandError(f"{path} is niet actueel: voer 'manage.py workflow_diagram' uit.")
                self.stdout.write(f"{path.name} is actueel.")
                continue
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path} geschreven.")
