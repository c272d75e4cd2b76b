from django.contrib import admin

from workflow import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail and submitted versions are append-only: no add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "application", "kind", "transition", "from_status", "to_status", "actor"]
    list_filter = ["kind", "transition"]
    search_fields = ["application__dossier_number", "comment"]
    list_select_related = ["application", "actor"]


@admin.register(models.ApplicationVersion)
class ApplicationVersionAdmin(ReadOnlyAdmin):
    list_display = ["application", "number", "sha256", "created_at", "created_by"]
    list_select_related = ["application", "created_by"]


@admin.register(models.SubmissionExtension)
class SubmissionExtensionAdmin(ReadOnlyAdmin):
    """Extensions are granted through the workflow service (audited), then shown here."""

    list_display = ["application", "until", "granted_by", "granted_at"]
