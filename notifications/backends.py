"""An e-mail backend that keeps messages in the database (RecordedEmail) instead of
sending them: for the demo, and for counting deliveries across worker processes.

It writes on the caller's connection, so a delivery commits or rolls back together with
the notification being marked sent: exactly once, even when a worker is killed."""

from django.core.mail.backends.base import BaseEmailBackend

from notifications.models import RecordedEmail


class DatabaseBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        RecordedEmail.objects.bulk_create(
            RecordedEmail(message_id=m.extra_headers.get("Message-ID", ""), recipients=", ".join(m.to),
                          subject=m.subject, body=m.body, attachments=len(m.attachments))
            for m in email_messages
        )
        return len(email_messages)
