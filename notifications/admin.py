from django.contrib import admin

from notifications.models import Notification, RecordedEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "recipient", "application", "offset_days", "status", "sent_at",
                    "attempts")
    list_filter = ("status", "kind", "call")
    search_fields = ("recipient", "subject", "application__dossier_number", "scope")
    list_select_related = ("application",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False  # written only by the sweep and the workflow's events


@admin.register(RecordedEmail)
class RecordedEmailAdmin(admin.ModelAdmin):
    list_display = ("recorded_at", "recipients", "subject")
    search_fields = ("recipients", "subject")
    readonly_fields = ("message_id", "recipients", "subject", "body", "attachments", "recorded_at")
