"""The portal's forms, one per page that edits. They check the input and show errors next
to their field; the writes and the domain rules are in grants.services, shared with the API.
Amounts are typed the Belgian way (grants.formatting.AmountField)."""

from datetime import date
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.formatting import AmountField
from grants.models import (
    Action,
    Applicant,
    ApplicantKind,
    Application,
    AttachmentType,
    BudgetCategory,
    BudgetLine,
    BudgetSource,
    Indicator,
    LegalForm,
    Municipality,
    PartnershipStatus,
)

AMOUNT_HELP = gettext_lazy("In euro, bijvoorbeeld 12.500,00.")


class StartForm(forms.Form):
    applicant = forms.ModelChoiceField(label=gettext_lazy("Organisatie"), queryset=Applicant.objects.none(),
                                       empty_label=None)

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = applicants


class MembersForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Deelnemende gemeenten"), queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=gettext_lazy("Vink elke gemeente aan die deelneemt aan het samenwerkingsverband."),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = (
            Municipality.objects.valid_on(call.period_start).select_related("province")
        )


class PlanForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["environment_analysis", "vision"]
        widgets = {"environment_analysis": forms.Textarea(attrs={"rows": 12}),
                   "vision": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "environment_analysis": gettext_lazy(
                "Beschrijf de arbeidsmarkt en de sociale economie in uw regio: wie staat op afstand van "
                "werk, welke partners zijn actief, welke noden ziet u?"),
            "vision": gettext_lazy("Wat wilt u tegen 2025 bereiken als lokale regisseur, en hoe?"),
        }


class ContactsForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["contact_name", "contact_email", "contact_phone",
                  "director_name", "director_email", "director_phone", "iban"]
        help_texts = {"iban": gettext_lazy("Het Belgische rekeningnummer van de penvoerder, bijvoorbeeld "
                                           "BE71 0961 2345 6769.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.iban:
            self.initial["iban"] = self.instance.iban_display


class ActionForm(forms.ModelForm):
    years = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Jaren"), coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Kies minstens één jaar.")},
    )

    class Meta:
        model = Action
        fields = ["priority", "title", "description", "years", "target_groups", "partners", "bbc_code"]
        widgets = {"target_groups": forms.CheckboxSelectMultiple, "partners": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"bbc_code": gettext_lazy("Optioneel: de code van deze actie in het meerjarenplan "
                                               "van de gemeente.")}
        error_messages = {"priority": {"required": gettext_lazy("Kies een beleidsprioriteit.")},
                          "title": {"required": gettext_lazy("Geef de actie een titel.")}}

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        call = application.call
        self.fields["priority"].queryset = call.priorities.order_by("order")
        self.fields["priority"].empty_label = _("— kies een prioriteit —")
        self.fields["years"].choices = [(y, str(y)) for y in call.years]
        if self.instance.pk:
            self.initial["years"] = [y.year for y in self.instance.years.all()]

    def _post_clean(self):
        """The service writes the action; the form only checks the input."""


class IndicatorForm(forms.ModelForm):
    baseline = AmountField(label=gettext_lazy("Beginwaarde"), required=False, example="12")

    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline"]
        help_texts = {"unit": gettext_lazy("Bijvoorbeeld: personen, trajecten, overlegmomenten.")}

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        targets = self.instance.targets if self.instance.pk else {}
        for year in years:
            self.fields[f"target_{year}"] = AmountField(
                label=_("Streefwaarde %(year)s") % {"year": year}, example="12",
                initial=Decimal(targets[str(year)]) if str(year) in targets else None,
                error_messages={"required": _("Geef de streefwaarde voor %(year)s.") % {"year": year}},
            )

    def target_fields(self):
        return [self[f"target_{year}"] for year in self.years]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("name", "unit", "baseline")}
        data["targets"] = {str(year): self.cleaned_data[f"target_{year}"] for year in self.years}
        return data

    def _post_clean(self):
        """The service writes the indicator."""


class BudgetLineForm(forms.ModelForm):
    amount = AmountField(label=gettext_lazy("Bedrag (€)"), help_text=AMOUNT_HELP,
                                 error_messages={"required": gettext_lazy("Geef een bedrag.")})
    year = forms.TypedChoiceField(label=gettext_lazy("Jaar"), coerce=int)

    class Meta:
        model = BudgetLine
        fields = ["year", "category", "source", "amount", "description"]

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in application.call.years]
        choose = ("", _("— kies —"))
        self.fields["category"].choices = [choose, *BudgetCategory.choices]
        self.fields["source"].choices = [choose, *BudgetSource.choices]

    def _post_clean(self):
        """The service writes the line."""


class AttachmentForm(forms.Form):
    attachment_type = forms.ModelChoiceField(label=gettext_lazy("Soort bijlage"),
                                             queryset=AttachmentType.objects.none(), empty_label=None)
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Gemeente"), queryset=Municipality.objects.none(), required=False,
        help_text=gettext_lazy("Alleen voor een gemeenteraadsbeslissing: van welke gemeente is ze?"),
    )
    file = forms.FileField(
        label=gettext_lazy("Bestand (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": gettext_lazy("Kies een PDF-bestand om op te laden.")},
    )

    def __init__(self, *args, application, only_for=None, options=None, **kwargs):
        """``only_for``: the municipalities a member municipality's user acts for; it uploads only
        their council decisions. ``options``: what ``attachment_options`` reads, if the page has
        it already (from the cache)."""
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Alleen PDF, hoogstens %(mb)s MB.") % {
            "mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
        options = options or attachment_options(application)
        self.types = options["types"]  # the page lists them all beside the form
        types = application.call.mandatory_attachment_types.all()
        kind, municipality = self.fields["attachment_type"], self.fields["municipality"]
        municipality.empty_label = _("— niet van toepassing —")
        municipality.queryset = Municipality.objects.filter(
            applicationmunicipality__application=application, applicationmunicipality__active=True
        ).order_by("name")
        kind.queryset = types
        if only_for is not None:
            kind.queryset = types.filter(per_member_municipality=True)
            municipality.queryset = municipality.queryset.filter(pk__in=only_for)
            municipality.required, municipality.empty_label = True, None
        else:  # the options from the lists read (a select would read them twice), checked on the querysets
            municipality.choices = [("", municipality.empty_label), *options["municipalities"]]
        kind.choices = [(t.pk, kind.label_from_instance(t)) for t in self.types
                        if only_for is None or t.per_member_municipality]


def attachment_options(application) -> dict:
    """The call's attachment types and the application's member municipalities (pk, name), in order."""
    members = Municipality.objects.filter(applicationmunicipality__application=application,
                                          applicationmunicipality__active=True).order_by("name")
    return {"types": list(application.call.mandatory_attachment_types.order_by("order")),
            "municipalities": list(members.values_list("pk", "name"))}


class RegistrationForm(forms.Form):
    """A new samenwerkingsverband (or a centrumstad) that a municipality's user registers."""

    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200,
                           error_messages={"required": gettext_lazy("Geef de naam.")})
    kind = forms.ChoiceField(label=gettext_lazy("Soort aanvrager"), choices=[
        (ApplicantKind.SAMENWERKINGSVERBAND, ApplicantKind.SAMENWERKINGSVERBAND.label),
        (ApplicantKind.CENTRUMSTAD, ApplicantKind.CENTRUMSTAD.label)],
        help_text=gettext_lazy("Alleen een gemeente op de lijst van centrumsteden dient als centrumstad in."))
    legal_form = forms.ChoiceField(label=gettext_lazy("Rechtsvorm"), required=False,
                                   choices=[("", gettext_lazy("— geen (centrumstad) —")), *LegalForm.choices])
    kbo_number = forms.CharField(label=gettext_lazy("Ondernemingsnummer"), required=False, max_length=20,
                                 help_text=gettext_lazy("Leeg als het samenwerkingsverband er geen heeft: "
                                                        "dan geldt dat van de penvoerder."))
    lead_municipality = forms.ModelChoiceField(label=gettext_lazy("Penvoerder"),
                                               queryset=Municipality.objects.none(), empty_label=None)
    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Deelnemende gemeenten"), queryset=Municipality.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=gettext_lazy("De penvoerder neemt altijd deel. Houd Ctrl ingedrukt om er meer te kiezen."))
    email = forms.EmailField(label=gettext_lazy("E-mailadres"), required=False)

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_municipality"].queryset = leads
        self.fields["members"].queryset = Municipality.objects.valid_on(date.today())


class PartnershipForm(forms.Form):
    """Whether the samenwerkingsverband is as in the previous period, changed or new, and who joined
    or left since."""

    partnership_status = forms.ChoiceField(
        label=gettext_lazy("Het samenwerkingsverband is ten opzichte van de vorige periode"),
        choices=PartnershipStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies bestaand, gewijzigd of nieuw.")})
    joined = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Toegetreden sinds de vorige periode"), queryset=Municipality.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple)
    left = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Uitgestapt sinds de vorige periode"), queryset=Municipality.objects.none(),
        required=False, widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("Gemeenten die in de vorige periode deelnamen en nu niet meer."))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        members = Municipality.objects.filter(applicationmunicipality__application=application,
                                              applicationmunicipality__active=True).order_by("name")
        self.fields["joined"].queryset = members
        self.fields["left"].queryset = Municipality.objects.valid_on(application.call.period_start).exclude(
            pk__in=members.values("pk"))
