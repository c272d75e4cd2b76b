"""What an aftercare step asks of the person who takes it. Pages and API validate through
these same forms (the shape of workflow.forms: a remark is internal, fields named in
``for_applicant`` reach the applicant)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.formatting import AmountField
from workflow.forms import FOR_APPLICANT, FOR_DEPARTMENT, INTERNAL, MOTIVATION_REQUIRED, TransitionForm


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
