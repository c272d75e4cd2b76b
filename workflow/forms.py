"""What a transition asks of the person who fires it. The web pages and the API validate
through these same forms, so both refuse the same input with the same message."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.formatting import AmountField, format_eur
from grants.models import ActKind, ApplicationStatus
from grants.money import requested_per_year
from workflow.actors import current_proposal
from workflow.models.decisions import DecisionAct, Outcome

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

    deviation_motivation = forms.CharField(
        label=gettext_lazy("Motivering van de afwijking van de bedragregel"), widget=forms.Textarea,
        required=False, help_text=gettext_lazy("Verplicht wanneer een bedrag afwijkt van wat de regel "
                                               "voorstelt. "
                                               "Intern: nooit zichtbaar voor de aanvrager."))

    def __init__(self, *args, application=None, **kwargs):
        from workflow.decisions import proposed_by_rule  # decisions reads the models these forms sit beside

        super().__init__(*args, application=application, **kwargs)
        self.requested = requested_per_year(application)
        by_rule, self.rule = proposed_by_rule(application)
        self.by_rule = by_rule or dict(self.requested)
        for year, requested in self.requested.items():
            self.fields[f"amount_{year}"] = AmountField(
                label=_("Bedrag %(year)s (€)") % {"year": year}, example="62.500,00",
                initial=self.by_rule.get(year, requested), required=False,
                help_text=self._beside(year, requested),
            )

    def _beside(self, year: int, requested: Decimal) -> str:
        """What the reviewer reads beside the amount: the request and the rule's proposal, the
        rule marked while the department has not confirmed it."""
        text = _("Gevraagd: %(requested)s. Volgens de bedragregel: %(rule)s.") % {
            "requested": format_eur(requested), "rule": format_eur(self.by_rule.get(year, requested))}
        if self.rule is not None and not self.rule.is_confirmed:
            text += " " + _("De bedragregel is nog te bevestigen.")
        return text

    def typed_amounts(self) -> dict[int, Decimal]:
        """The amounts as typed so far, for the envelope preview beside the form: read like the
        fields read them; what cannot be read yet counts as requested, as an empty form does."""
        if not self.is_bound:
            return dict(self.by_rule)
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
        by_rule = {year: self.by_rule.get(year, requested) for year, requested in self.requested.items()}
        if outcome != Outcome.WEIGERING and amounts != by_rule \
                and not (cleaned.get("deviation_motivation") or "").strip():
            self.add_error("deviation_motivation", _("Een bedrag wijkt af van wat de bedragregel voorstelt: "
                                                     "motiveer de afwijking."))
        cleaned["amounts"] = {str(year): str(amount) for year, amount in amounts.items()}
        cleaned["rule_amounts"] = {str(year): str(amount) for year, amount in self.by_rule.items()}
        cleaned["rule_version"] = self.rule.version if self.rule else None
        return cleaned


class ActForm(forms.Form):
    """The act a decision is taken in, and the beslisser's explicit override of the yearly
    envelope: the same fields for one approval and for the collective act of a call."""

    act_kind = forms.ChoiceField(label=gettext_lazy("Soort akte"), choices=ActKind.choices, required=False)
    act_number = forms.CharField(label=gettext_lazy("Nummer van de akte"), max_length=60, required=False,
                                 error_messages={"required": gettext_lazy("Geef het nummer van de akte.")})
    act_date = forms.DateField(label=gettext_lazy("Datum van de akte (dd/mm/jjjj)"), required=False,
                               error_messages={"required": gettext_lazy("Geef de datum van de akte."),
                                               "invalid": gettext_lazy("Geef een datum als dd/mm/jjjj.")})
    signer_name = forms.CharField(label=gettext_lazy("Naam van de ondertekenaar"), max_length=120,
                                  required=False,
                                  error_messages={
                                      "required": gettext_lazy("Geef de naam van de ondertekenaar.")})
    signer_function = forms.CharField(label=gettext_lazy("Functie van de ondertekenaar"), max_length=200,
                                      required=False)
    delegation_basis = forms.CharField(label=gettext_lazy("Grond van de delegatie"), max_length=300,
                                       required=False)
    override_envelope = forms.BooleanField(
        label=gettext_lazy("Ik keur uitdrukkelijk goed boven het jaarbudget van de oproep"), required=False)
    override_motivation = forms.CharField(
        label=gettext_lazy("Motivering van de overschrijding"), widget=forms.Textarea, required=False,
        help_text=INTERNAL)

    def offer_call_defaults(self, call) -> None:
        """Who decides, as the call says it (domain.md 7: not guessed)."""
        self.fields["act_kind"].initial = call.act_kind
        self.fields["signer_name"].initial = call.act_signer_name
        self.fields["signer_function"].initial = call.act_signer_function
        self.fields["delegation_basis"].initial = call.act_delegation_basis

    def act_details(self, cleaned, call, number: str = "") -> dict:
        """The act's details, the call's defaults (and this number) where a field was left empty."""
        details = {
            "kind": cleaned.get("act_kind") or call.act_kind,
            "number": (cleaned.get("act_number") or "").strip() or number,
            "date": cleaned.get("act_date") or timezone.localdate(),
            "signer_name": (cleaned.get("signer_name") or "").strip() or call.act_signer_name,
            "signer_function": (cleaned.get("signer_function") or "").strip() or call.act_signer_function,
            "delegation_basis": (cleaned.get("delegation_basis") or "").strip() or call.act_delegation_basis,
        }
        for field, message in act_detail_errors(details).items():
            self.add_error(field, message)
        return details

    def overrides(self, cleaned, refusal: str) -> bool:
        """Whether the beslisser overrides the envelope; refuses an override without a motivation,
        and going beyond the envelope without one."""
        overrides = cleaned.get("override_envelope")
        if overrides and not (cleaned.get("override_motivation") or "").strip():
            self.add_error("override_motivation", _("Motiveer waarom u boven het jaarbudget goedkeurt."))
        elif refusal and not overrides:
            self.add_error("override_envelope", refusal)
        return bool(overrides)


class ApprovalForm(ActForm, TransitionForm):
    """The beslisser's approval: the act it is taken in (by default a decision of its own, as
    the call says who decides), and, only to go beyond the yearly envelope, an explicit
    override with its motivation."""

    act = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.offer_call_defaults(application.call)
        self.fields["act_number"].help_text = gettext_lazy("Leeg: het dossiernummer met -B.")
        self.fields["act_date"].help_text = gettext_lazy("Leeg: vandaag.")
        self.fields["signer_name"].help_text = gettext_lazy("Leeg: uw eigen naam.")

    def clean(self):
        from workflow.decisions import amounts_of, envelope_refusal

        cleaned = super().clean()
        call = self.application.call
        if cleaned.get("act"):
            if not DecisionAct.objects.filter(pk=cleaned["act"], call=call).exists():
                self.add_error("act", _("Deze akte hoort niet bij de oproep van deze aanvraag."))
        else:
            cleaned["act_details"] = self.act_details(cleaned, call, f"{self.application.dossier_number}-B")
        proposal = current_proposal(self.application)
        self.overrides(cleaned, envelope_refusal(call, amounts_of(proposal)) if proposal else "")
        return cleaned


def act_detail_errors(details: dict) -> dict[str, str]:
    """What is wrong with an act's details, by form field (one rule for a single and a collective act)."""
    errors = {}
    if details["kind"] == ActKind.DELEGATION and not details["delegation_basis"]:
        errors["delegation_basis"] = _("Geef de grond van de delegatie: een beslissing bij delegatie "
                                       "noemt ze.")
    if not details["signer_function"]:
        errors["signer_function"] = _("Geef de functie van de ondertekenaar.")
    if DecisionAct.objects.filter(kind=details["kind"], number=details["number"]).exists():
        errors["act_number"] = _("Er is al een akte met dit nummer.")
    return errors
