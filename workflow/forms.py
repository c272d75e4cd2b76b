"""What a transition asks of the person who fires it. The web pages and the API validate
through these same forms, so both refuse the same input with the same message."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.formatting import AmountField, format_eur
from grants.models import ApplicationStatus
from grants.money import requested_per_year
from workflow.models.decisions import Outcome

# Who reads a text field, said beside it: the applicant, or only the department.
INTERNAL = gettext_lazy("Intern: nooit zichtbaar voor de aanvrager.")
FOR_APPLICANT = gettext_lazy("De aanvrager leest dit.")
FOR_DEPARTMENT = gettext_lazy("Het departement leest dit.")
MOTIVATION_REQUIRED = {"required": gettext_lazy("Geef een motivering.")}


class TransitionForm(forms.Form):
    """A remark is internal; only the fields named in ``for_applicant`` reach the applicant's
    history (workflow.services writes them apart in the audit trail)."""

    comment = forms.CharField(label=gettext_lazy("Toelichting"), required=False, widget=forms.Textarea,
                              help_text=INTERNAL)
    for_applicant: tuple[str, ...] = ()

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def applicant_text(self) -> str:
        return self._text(name for name in self.fields if name in self.for_applicant)

    def internal_text(self) -> str:
        return self._text(name for name in self.fields if name not in self.for_applicant)

    def _text(self, names) -> str:
        """The typed text of these fields (choices, dates and amounts are in the event already)."""
        typed = [name for name in names if isinstance(self.fields[name], forms.CharField)]
        texts = (self.cleaned_data.get(name) or "" for name in typed)
        return "\n\n".join(text for text in texts if text.strip())


class MotivatedForm(TransitionForm):
    """A motivation addressed to the applicant (e.g. why the application is inadmissible)."""

    comment = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea,
                              help_text=FOR_APPLICANT, error_messages=MOTIVATION_REQUIRED)
    for_applicant = ("comment",)


class InternalMotivationForm(MotivatedForm):
    """A motivation within the department (a proposal sent back to the reviewer)."""

    comment = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea,
                              help_text=INTERNAL, error_messages=MOTIVATION_REQUIRED)
    for_applicant = ()


class WithdrawForm(MotivatedForm):
    """The applicant's own reason: they keep reading it in their history."""

    comment = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea,
                              help_text=FOR_DEPARTMENT, error_messages=MOTIVATION_REQUIRED)


class SubmitForm(TransitionForm):
    declaration = forms.BooleanField(
        label=gettext_lazy("Ik verklaar op erewoord dat deze aanvraag volledig en naar waarheid is "
                           "ingevuld, en dat ik gemachtigd ben ze in te dienen."),
        error_messages={"required": gettext_lazy("Bevestig de verklaring op erewoord om in te dienen.")},
    )


class ClarificationForm(TransitionForm):
    for_applicant = ("question",)
    question = forms.CharField(
        label=gettext_lazy("Vraag aan de aanvrager"), widget=forms.Textarea, help_text=FOR_APPLICANT,
        error_messages={"required": gettext_lazy("Schrijf de vraag aan de aanvrager.")},
    )
    deadline = forms.DateField(label=gettext_lazy("Antwoorden tegen (dd/mm/jjjj)"), required=False)

    def clean_deadline(self):
        day = self.cleaned_data.get("deadline")
        today = timezone.localdate()
        if day is None:
            day = today + timedelta(days=self.application.call.clarification_days)
        if day <= today:
            raise forms.ValidationError(_("De termijn moet na vandaag liggen."))
        # The applicant has the whole last day, until 23:59:59 Brussels time.
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class AnswerForm(TransitionForm):
    for_applicant = ("answer",)  # the applicant's own answer
    answer = forms.CharField(label=gettext_lazy("Uw antwoord"), widget=forms.Textarea,
                             error_messages={"required": gettext_lazy("Schrijf uw antwoord op de vraag.")})


class DecisionProposalForm(TransitionForm):
    """Outcome, amount per year (one field per year of the call) and motivation."""

    outcome = forms.ChoiceField(label=gettext_lazy("Voorstel"), choices=Outcome.choices)
    motivation = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea,
                                 help_text=gettext_lazy("De aanvrager leest dit in de beslissingsbrief."),
                                 error_messages={"required": gettext_lazy("Geef een motivering.")})

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.requested = requested_per_year(application)
        for year, requested in self.requested.items():
            self.fields[f"amount_{year}"] = AmountField(
                label=_("Bedrag %(year)s (€)") % {"year": year}, example="62.500,00",
                initial=requested, required=False,
            )

    def typed_amounts(self) -> dict[int, Decimal]:
        """The amounts as typed so far, for the envelope preview beside the form: read like the
        fields read them; what cannot be read yet counts as requested, as an empty form does."""
        if not self.is_bound:
            return dict(self.requested)
        return {year: self._typed(year, requested) for year, requested in self.requested.items()}

    def _typed(self, year: int, requested: Decimal) -> Decimal:
        field = self.fields[f"amount_{year}"]
        try:
            return field.to_python(self.data.get(self.add_prefix(f"amount_{year}"))) or Decimal("0")
        except forms.ValidationError:
            return requested

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if self.application.status == ApplicationStatus.ONONTVANKELIJK and outcome != Outcome.WEIGERING:
            self.add_error("outcome", _("Een onontvankelijke aanvraag kan alleen geweigerd worden."))
        for year, requested in self.requested.items():
            if (cleaned.get(f"amount_{year}") or Decimal("0")) > requested:
                self.add_error(f"amount_{year}", _(
                    "Het bedrag voor %(year)s is hoger dan de gevraagde subsidie (%(requested)s)."
                ) % {"year": year, "requested": format_eur(requested)})
        if any(f"amount_{year}" in self.errors for year in self.requested):
            return cleaned  # an amount refused beside its field is never taken for 0 in the totals
        amounts = {year: cleaned.get(f"amount_{year}") or Decimal("0") for year in self.requested}
        total = sum(amounts.values())
        if outcome == Outcome.WEIGERING and total:
            self.add_error("outcome", _("Bij een weigering is het toegekende bedrag elk jaar € 0,00."))
        if outcome == Outcome.TOEKENNING and amounts != self.requested:
            self.add_error("outcome", _("Een volledige toekenning kent elk jaar het gevraagde bedrag toe; "
                                        "kies anders een gedeeltelijke toekenning."))
        if outcome == Outcome.GEDEELTELIJKE_TOEKENNING and not (0 < total < sum(self.requested.values())):
            self.add_error("outcome", _("Een gedeeltelijke toekenning kent meer dan € 0,00 maar minder "
                                        "dan het gevraagde bedrag toe."))
        cleaned["amounts"] = {str(year): str(amount) for year, amount in amounts.items()}
        return cleaned
