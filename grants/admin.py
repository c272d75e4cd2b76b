from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants import models
from grants.formatting import AmountField
from grants.municipality_contacts import ContactImportError, load_contacts

# Amounts and percentages as a Belgian types them ("3.000.000,00", "60,00"), read by the
# same parser as every other form.
BELGIAN_AMOUNTS = {DecimalField: {"form_class": AmountField}}


class ContactImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Bestand (CSV of XLSX)"),
                           help_text=gettext_lazy("Kolommen: nis_code, kbo_number, contact_email."))


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code"]


class MunicipalityMembershipInline(admin.TabularInline):
    model = models.MunicipalityMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "province", "population", "is_centrumstad", "kbo_number",
                    "contact_email"]
    list_filter = ["province", "is_centrumstad"]
    search_fields = ["name", "nis_code", "kbo_number"]
    list_select_related = ["province"]
    change_list_template = "admin/grants/municipality/change_list.html"
    inlines = [MunicipalityMembershipInline]

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_contacts)
        return [path("contacten-laden/", view, name="grants_municipality_import"), *super().get_urls()]

    def import_contacts(self, request):
        """The same load as manage.py load_municipality_contacts: all or nothing, an error per line."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = ContactImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                count = load_contacts(upload.name, upload.read())
            except ContactImportError as error:
                errors = error.messages
            else:
                messages.success(request, _("%(count)d gemeenten bijgewerkt.") % {"count": count})
                return redirect("admin:grants_municipality_changelist")
        return TemplateResponse(request, "admin/grants/municipality/import_contacts.html", {
            **self.admin_site.each_context(request), "form": form, "errors": errors,
            "opts": self.model._meta, "title": _("Contactgegevens van de gemeenten laden"),
        }, status=400 if errors else 200)


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
    formfield_overrides = BELGIAN_AMOUNTS
    extra = 0


class AmountRuleInline(admin.StackedInline):
    """A changed rule is a new version: proposals keep the version they were made with."""

    model = models.AmountRule
    formfield_overrides = BELGIAN_AMOUNTS
    extra = 0


class LegalBasisInline(admin.TabularInline):
    model = models.LegalBasis
    extra = 0


class GrantConditionInline(admin.TabularInline):
    model = models.GrantCondition
    extra = 0


@admin.register(models.Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "deadline", "annual_envelope", "minimum_population", "is_rehearsal"]
    filter_horizontal = ["priorities", "mandatory_attachment_types"]
    formfield_overrides = BELGIAN_AMOUNTS
    inlines = [CriterionInline, PaymentTermInline, AmountRuleInline, LegalBasisInline, GrantConditionInline,
               ReportDueDateInline]


class MembershipInline(admin.TabularInline):
    model = models.OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: a registration is confirmed or refused on the department's page."""

    list_display = ["name", "kind", "lead_municipality", "status", "registered_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


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


@admin.register(models.PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    """Who has which token, and revoking one (delete); never a key: only its hash is stored, and
    not even that is shown. Users make their own tokens on their 'API-sleutels' page."""

    list_display = ["name", "user", "scope", "created", "expiry"]
    list_filter = ["scope"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    fields = ["name", "user", "scope", "created", "expiry"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Regiegebied)
class RegiegebiedAdmin(admin.ModelAdmin):
    list_display = ["name", "call", "province", "application"]
    list_filter = ["call", "province"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(models.AgreementChange)
class AgreementChangeAdmin(admin.ModelAdmin):
    """Read-only: a change is recorded through the department's pages or the import, never edited."""

    list_display = ["__str__", "status", "since", "expected_signature", "recorded_by", "recorded_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
