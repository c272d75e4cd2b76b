from django.core.management.base import BaseCommand, CommandError

from aftercare.services import plan_tranches
from grants.models import GRANTED_STATUSES, Application, Call
from workflow.models import DecisionProposal


class Command(BaseCommand):
    help = ("Plant de schijven van elke toegekende aanvraag van een oproep die ze nog niet heeft "
            "(veilig om opnieuw te draaien: wat bestaat, blijft).")

    def add_arguments(self, parser):
        parser.add_argument("call", help="De code van de oproep, bijvoorbeeld lokale-regie-2023-2025.")

    def handle(self, *args, call, **options):
        found = Call.objects.filter(code=call).first()
        if found is None:
            raise CommandError(f"Geen oproep met code {call!r}.")
        planned = 0
        for application in Application.objects.filter(call=found, status__in=GRANTED_STATUSES):
            decision = (DecisionProposal.objects.filter(application=application, approved_at__isnull=False)
                        .order_by("-approved_at").first())
            planned += len(plan_tranches(application.pk, decision.approved_by_id))
        self.stdout.write(f"{planned} schijven gepland.")
