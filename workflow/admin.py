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


@admin.register(models.DecisionLetter)
class DecisionLetterAdmin(ReadOnlyAdmin):
    """A sent letter never changes (its SHA-256 is kept beside it): made only by the Celery task."""

    list_display = ["application", "call", "sequence", "sha256", "created_at"]
    list_filter = ["call"]
    search_fields = ["application__dossier_number", "sha256"]
    list_select_related = ["application", "call"]


@admin.register(models.LetterBatch)
class LetterBatchAdmin(ReadOnlyAdmin):
    """Batches are requested on the department's letters page; the admin only shows them."""

    list_display = ["call", "requested_by", "requested_at", "status", "done", "total", "finished_at"]
    list_filter = ["status", "call"]
    list_select_related = ["call", "requested_by"]


@admin.register(models.DecisionAct)
class DecisionActAdmin(ReadOnlyAdmin):
    """An act is recorded once, by the approval (one dossier) or the collective decision page."""

    list_display = ["number", "kind", "date", "call", "signer_name", "collective", "recorded_by",
                    "recorded_at"]
    list_filter = ["kind", "call", "collective"]
    search_fields = ["number", "signer_name"]
    list_select_related = ["call", "recorded_by"]
