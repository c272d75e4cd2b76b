from django.core.management.base import BaseCommand, CommandError

from workflow.diagram import DOC_PATH, render


class Command(BaseCommand):
    help = "Schrijft docs/workflow.md (diagram en tabel) uit workflow/machine.py."
    doc_path, render = DOC_PATH, staticmethod(render)  # another lifecycle's command sets its own

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Alleen nagaan of het bestand actueel is.")

    def handle(self, *args, check=False, **options):
        text, path = self.render(), self.doc_path
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is niet actueel: voer 'manage.py {self.name()}' uit.")
            self.stdout.write(f"docs/{path.name} is actueel.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"{path} geschreven.")

    def name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]
