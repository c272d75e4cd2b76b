from django.contrib import admin

from aftercare import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Statuses move only through aftercare.services.fire: the admin shows, never changes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.YearlyReport)
class YearlyReportAdmin(ReadOnlyAdmin):
    list_display = ("application", "year", "status", "submitted_at", "approved_at")
    list_filter = ("status", "year")


@admin.register(models.Tranche)
class TrancheAdmin(ReadOnlyAdmin):
    list_display = ("application", "year", "kind", "amount", "status", "expected_on", "paid_on")
    list_filter = ("status", "year", "kind")


@admin.register(models.Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ("application", "year", "reason", "amount", "status")
    list_filter = ("status", "year")


@admin.register(models.AftercareEvent)
class AftercareEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "application", "lifecycle", "step", "from_status", "to_status", "actor")
    list_filter = ("lifecycle", "step")
