from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from grants import models


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "province", "population", "is_centrumstad", "vdab_agreement_since"]
    list_filter = ["province", "is_centrumstad"]
    search_fields = ["name", "nis_code"]
    list_select_related = ["province"]


@admin.register(models.PolicyPriority)
class PolicyPriorityAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "order"]


admin.site.register([models.TargetGroup, models.PartnerType, models.AttachmentType])


class CriterionInline(admin.TabularInline):
    model = models.AssessmentCriterion
    extra = 0


class PaymentScheduleFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if errors := models.payment_schedule_errors(kept):
            raise ValidationError(errors)


class ReportDueDateInline(admin.TabularInline):
    model = models.ReportDueDate
    extra = 0


class PaymentTermInline(admin.TabularInline):
    model = models.PaymentTerm
    formset = PaymentScheduleFormSet
    extra = 0


@admin.register(models.Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "deadline", "annual_envelope", "minimum_population", "is_rehearsal"]
    filter_horizontal = ["priorities", "mandatory_attachment_types"]
    inlines = [CriterionInline, PaymentTermInline, ReportDueDateInline]


class MembershipInline(admin.TabularInline):
    model = models.OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "legal_form", "kbo_number", "lead_municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "kbo_number"]
    autocomplete_fields = ["lead_municipality"]
    inlines = [MembershipInline]


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change through the portal and the workflow, never here."""

    list_display = ["__str__", "applicant", "call", "status", "submitted_at"]
    list_filter = ["call", "status"]
    search_fields = ["dossier_number", "applicant__name"]
    list_select_related = ["applicant", "call"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
