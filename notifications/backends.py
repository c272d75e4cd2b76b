"""E-mail backends that do not send.

DatabaseBackend keeps messages in the database (RecordedEmail), for counting deliveries across
worker processes. It writes on the caller's connection, so a delivery commits or rolls back
together with the notification being marked sent: exactly once, even when a worker is killed.

DemoBackend is the demo's: Django's console backend printed each decision letter's PDF in
base64, burying the demo's log; this one prints a line per message and files the message.
"""

import sys
import uuid
from pathlib import Path

from django.conf import settings
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


class DemoBackend(BaseEmailBackend):
    """One line per message on the console; the whole message, attachments included, as an
    .eml file under var/mail/ that any mail program opens."""

    def __init__(self, *args, stream=None, folder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self.folder = Path(folder or settings.VAR_DIR / "mail")

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = self.folder / f"{uuid.uuid4().hex}.eml"
            path.write_bytes(message.message().as_bytes())
            attachments = f", {len(message.attachments)} bijlage(n)" if message.attachments else ""
            self.stream.write(f"E-mail aan {', '.join(message.recipients())}: \"{message.subject}\""
                              f"{attachments} -> {path}\n")
        self.stream.flush()
        return len(email_messages)
