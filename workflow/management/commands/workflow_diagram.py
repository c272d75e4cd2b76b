from django.core.management.base import BaseCommand, CommandError

from workflow.diagram import DOCS


class Command(BaseCommand):
    help = "Schrijft de levenslopen in docs/ (diagram en tabel) uit hun tabellen (workflow, aanmeldingen)."
    docs = DOCS  # {path: render}; another part's command (aftercare_diagram) sets its own

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Alleen nagaan of de bestanden actueel zijn.")

    def handle(self, *args, check=False, **options):
        for path, render in self.docs.items():
            text = render()
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    raise CommandError(f"{path} is niet actueel: voer 'manage.py {self.name()}' uit.")
                self.stdout.write(f"{path.name} is actueel.")
                continue
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path} geschreven.")

    def name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]
