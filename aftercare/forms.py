"""What an aftercare step asks of the person who takes it. Pages and API validate through
these same forms (the shape of workflow.forms: a remark is internal, fields named in
``for_applicant`` reach the applicant)."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.formatting import AmountField
from workflow.forms import (
    FOR_APPLICANT,
    FOR_DEPARTMENT,
    INTERNAL,
    MOTIVATION_REQUIRED,
    ActForm,
    TransitionForm,
)

CENT = Decimal("0.01")


class StepForm(TransitionForm):
    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, application=getattr(subject, "application", None), **kwargs)
        self.subject = subject


class SubmitReportForm(StepForm):
    declaration = forms.BooleanField(
        label=gettext_lazy("Ik verklaar op erewoord dat dit jaarverslag volledig en naar waarheid is "
                           "ingevuld."),
        error_messages={"required": gettext_lazy("Bevestig de verklaring op erewoord om in te dienen.")},
    )


class BijsturingForm(StepForm):
    question = forms.CharField(label=gettext_lazy("Wat moet de aanvrager bijsturen of toelichten?"),
                               widget=forms.Textarea, help_text=FOR_APPLICANT,
                               error_messages={"required": gettext_lazy("Stel uw vraag aan de aanvrager.")})
    for_applicant = ("question",)


class AnswerForm(StepForm):
    answer = forms.CharField(
        label=gettext_lazy("Uw antwoord"),
        widget=forms.Textarea,
        help_text=FOR_DEPARTMENT,
        error_messages={"required": gettext_lazy("Beantwoord de vraag van het departement.")},
    )
    for_applicant = ("answer",)


class MotivatedStepForm(StepForm):
    comment = forms.CharField(
        label=gettext_lazy("Motivering"),
        widget=forms.Textarea,
        help_text=FOR_APPLICANT,
        error_messages=MOTIVATION_REQUIRED,
    )
    for_applicant = ("comment",)


class InternalMotivationStepForm(StepForm):
    comment = forms.CharField(
        label=gettext_lazy("Motivering"),
        widget=forms.Textarea,
        help_text=INTERNAL,
        error_messages=MOTIVATION_REQUIRED,
    )


class PaidForm(StepForm):
    """The payment as the financial system made it: its date and reference."""

    paid_on = forms.DateField(
        label=gettext_lazy("Betaald op (dd/mm/jjjj)"),
        error_messages={
            "required": gettext_lazy("Geef de datum van de betaling."),
            "invalid": gettext_lazy("Geef de datum als dd/mm/jjjj."),
        },
    )
    reference = forms.CharField(
        label=gettext_lazy("Betalingsreferentie"),
        max_length=60,
        error_messages={"required": gettext_lazy("Geef de referentie van de betaling.")},
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("Een betaling kan niet in de toekomst liggen."))
        return paid_on


class SettledForm(PaidForm):
    paid_on = forms.DateField(
        label=gettext_lazy("Terugbetaald op (dd/mm/jjjj)"),
        error_messages={
            "required": gettext_lazy("Geef de datum van de terugbetaling."),
            "invalid": gettext_lazy("Geef de datum als dd/mm/jjjj."),
        },
    )
    reference = forms.CharField(
        label=gettext_lazy("Referentie van de terugbetaling"),
        max_length=60,
        error_messages={"required": gettext_lazy("Geef de referentie van de terugbetaling.")},
    )


class RecoveryProposalForm(forms.Form):
    """A proposed recovery: the year, why, how much (proposed from the report), and why so."""

    year = forms.TypedChoiceField(label=gettext_lazy("Werkingsjaar"), coerce=int)
    reason = forms.ChoiceField(label=gettext_lazy("Reden"))
    amount = AmountField(label=gettext_lazy("Terug te betalen bedrag (€)"))
    motivation = forms.CharField(
        label=gettext_lazy("Motivering"),
        widget=forms.Textarea,
        help_text=FOR_APPLICANT,
        error_messages=MOTIVATION_REQUIRED,
    )

    def __init__(self, *args, years=(), **kwargs):
        from aftercare.models import RecoveryReason

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
        self.fields["reason"].choices = RecoveryReason.choices

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("Een terugvordering is een bedrag groter dan € 0,00."))
        return amount


# --- changes and appeals ----------------------------------------------------------------------


class AmountsForm(StepForm):
    """The amounts per year of the call a new decision would grant, and why: proposed by a
    dossierbehandelaar, decided by a second person (four eyes where money changes)."""

    motivation = forms.CharField(label=gettext_lazy("Motivering (komt in de brief)"), widget=forms.Textarea,
                                 help_text=FOR_APPLICANT, error_messages=MOTIVATION_REQUIRED)

    def __init__(self, *args, **kwargs):
        from aftercare.money import granted_per_year

        super().__init__(*args, **kwargs)
        self.current = granted_per_year(self.application) if self.application else {}
        years = self.application.call.years if self.application else []
        for year in years:
            self.fields[f"amount_{year}"] = AmountField(
                label=_("Bedrag %(year)s (€)") % {"year": year}, initial=self.current.get(year),
                error_messages={"required": _("Geef het bedrag voor %(year)s (€ 0,00 als niets).")
                                % {"year": year}})
        self.years = years

    def clean(self):
        cleaned = super().clean()
        amounts = {year: cleaned.get(f"amount_{year}") for year in self.years}
        if any(amount is not None and amount < 0 for amount in amounts.values()):
            raise forms.ValidationError(_("Een bedrag kan niet negatief zijn."))
        if None not in amounts.values():
            cleaned["amounts"] = {str(year): str(amount.quantize(CENT)) for year, amount in amounts.items()}
        return cleaned


class LaterActForm(ActForm, StepForm):
    """A later decision as the beslisser takes it: the act it is taken in (the call's defaults
    where left empty) and, when it only confirms, the motivation for the letter."""

    motivation = forms.CharField(label=gettext_lazy("Motivering (komt in de brief)"), widget=forms.Textarea,
                                 help_text=FOR_APPLICANT, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["override_envelope"], self.fields["override_motivation"]
        if self.application is not None:
            self.offer_call_defaults(self.application.call)
        self.fields["act_number"].help_text = gettext_lazy(
            "Leeg: het dossiernummer met -W en een volgnummer.")
        self.fields["act_date"].help_text = gettext_lazy("Leeg: vandaag.")

    def clean(self):
        from aftercare.models import LaterDecision

        cleaned = super().clean()
        if self.application is not None:
            n = LaterDecision.objects.filter(application=self.application).count() + 1
            cleaned["act_details"] = self.act_details(cleaned, self.application.call,
                                                      f"{self.application.dossier_number}-W{n}")
        return cleaned


class ConfirmForm(LaterActForm):
    motivation = forms.CharField(label=gettext_lazy("Motivering (komt in de brief)"), widget=forms.Textarea,
                                 help_text=FOR_APPLICANT, error_messages=MOTIVATION_REQUIRED)


class JudgmentForm(StepForm):
    """The Raad van State's judgment: its date and number."""

    outcome_on = forms.DateField(label=gettext_lazy("Datum van het arrest (dd/mm/jjjj)"),
                                 error_messages={"required": gettext_lazy("Geef de datum van het arrest."),
                                                 "invalid": gettext_lazy("Geef de datum als dd/mm/jjjj.")})
    judgment_number = forms.CharField(label=gettext_lazy("Nummer van het arrest"), max_length=40,
                                      error_messages={
                                          "required": gettext_lazy("Geef het nummer van het arrest.")})

    def clean_outcome_on(self):
        day = self.cleaned_data["outcome_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Een arrest kan niet in de toekomst liggen."))
        return day


class ChangeReportForm(forms.Form):
    """What the applicant reports: the kind of change, from when, what; the municipality and its
    council decision for a member joining or leaving, the new regisseur for a new regisseur."""

    kind = forms.ChoiceField(label=gettext_lazy("Soort wijziging"))
    effective_on = forms.DateField(label=gettext_lazy("Geldt vanaf (dd/mm/jjjj)"),
                                   error_messages={"required": gettext_lazy(
                                       "Geef de datum vanaf wanneer de wijziging geldt."),
                                                   "invalid": gettext_lazy("Geef de datum als dd/mm/jjjj.")})
    description = forms.CharField(label=gettext_lazy("Omschrijving van de wijziging"), widget=forms.Textarea,
                                  help_text=FOR_DEPARTMENT,
                                  error_messages={"required": gettext_lazy("Beschrijf de wijziging.")})
    municipality = forms.ModelChoiceField(label=gettext_lazy("Gemeente (bij toetreding of uittreding)"),
                                          queryset=None, required=False)
    council_decision = forms.FileField(label=gettext_lazy("Gemeenteraadsbeslissing (PDF)"), required=False)
    director_name = forms.CharField(label=gettext_lazy("Naam van de nieuwe regisseur"), max_length=120,
                                    required=False)
    director_email = forms.EmailField(label=gettext_lazy("E-mail van de nieuwe regisseur"), required=False)
    director_phone = forms.CharField(label=gettext_lazy("Telefoon van de nieuwe regisseur"), max_length=40,
                                     required=False)

    def __init__(self, *args, **kwargs):
        from aftercare.models import ChangeKind
        from grants.models import Municipality

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ChangeKind.choices
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")

    def clean(self):
        from aftercare.models import MEMBER_CHANGES, ChangeKind

        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in MEMBER_CHANGES:
            if not cleaned.get("municipality"):
                self.add_error("municipality", _("Kies de gemeente die toetreedt of uittreedt."))
            if not cleaned.get("council_decision"):
                self.add_error("council_decision", _("Laad de beslissing van de gemeenteraad op (PDF)."))
        if kind == ChangeKind.DIRECTOR:
            for name in ("director_name", "director_email"):
                if not cleaned.get(name):
                    self.add_error(name, _("Geef de naam en het e-mailadres van de nieuwe regisseur."))
        return cleaned


class AppealRequestForm(forms.Form):
    """The applicant's request for reconsideration: why the decision should be different."""

    grounds = forms.CharField(label=gettext_lazy("Waarom vraagt u een heroverweging?"), widget=forms.Textarea,
                              help_text=FOR_DEPARTMENT,
                              error_messages={
                                  "required": gettext_lazy("Schrijf waarom de beslissing anders moet.")})


class AppealRegisterForm(forms.Form):
    """The department registers a Raad van State appeal (its date) or a material error to correct."""

    kind = forms.ChoiceField(label=gettext_lazy("Soort"))
    filed_on = forms.DateField(label=gettext_lazy("Ingediend of vastgesteld op (dd/mm/jjjj)"),
                               error_messages={"required": gettext_lazy("Geef de datum."),
                                               "invalid": gettext_lazy("Geef de datum als dd/mm/jjjj.")})
    grounds = forms.CharField(label=gettext_lazy("Middelen van het beroep of de vergissing"),
                              widget=forms.Textarea,
                              help_text=INTERNAL,
                              error_messages={
                                  "required": gettext_lazy("Beschrijf het beroep of de vergissing.")})

    def __init__(self, *args, **kwargs):
        from aftercare.models import AppealKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in AppealKind.choices if c[0] != AppealKind.RECONSIDERATION]

    def clean_filed_on(self):
        day = self.cleaned_data["filed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Deze datum kan niet in de toekomst liggen."))
        return day
