"""One sweep, for operators and for cron where no beat runs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from notifications import services
from notifications.models import Notification, Status
from notifications.sweep import run_sweep


class Command(BaseCommand):
    help = "Verstuurt de herinneringen die nu verschuldigd zijn (één sweep)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon wat verstuurd zou worden.")
        parser.add_argument(
            "--at", help="Doe alsof het nu dit tijdstip is (ISO 8601, bv. 2023-01-14T09:00+01:00).")

    def handle(self, *args, dry_run=False, at=None, **options):
        moment = self._moment(at)
        result = run_sweep(moment, dry_run=dry_run)
        if dry_run:
            for n in result.due:
                self.stdout.write(f"zou versturen: {_line(n)}")
            self.stdout.write(f"{len(result.due)} herinnering(en) zouden verstuurd worden.")
            return
        handled = services.deliver_many(result.claimed_ids + result.resend_ids)
        for n in handled:
            error = f" — {n.error}" if n.error else ""
            self.stdout.write(f"{n.get_status_display()}: {_line(n)}{error}")
        sent = sum(n.status == Status.SENT for n in handled)
        self.stdout.write(f"{sent} herinnering(en) verstuurd.")

    def _moment(self, at):
        if not at:
            return timezone.now()
        moment = parse_datetime(at)
        if moment is None:
            raise CommandError(f"Ongeldig tijdstip: {at!r}. Gebruik bv. 2023-01-14T09:00+01:00.")
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _line(n: Notification) -> str:
    offset = f" ({n.offset_days} d)" if n.offset_days else ""
    return f"{n.get_kind_display()}{offset} → {n.recipient or '?'} [{n.scope}]"
