from django.contrib import admin

from aftercare import models
from workflow.admin import ReadOnlyAdmin  # statuses move only through aftercare.services.fire


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
