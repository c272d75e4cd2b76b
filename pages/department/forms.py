"""The department's page forms (the transitions' own forms are in workflow.forms)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from grants.fragments import kept
from grants.models import AgreementStatus, ApplicantKind, ApplicationStatus, Province
from workflow.selectors import SORTS, ListFilters

YES_NO = [("", _("alle")), ("ja", _("ja")), ("nee", _("nee"))]
SORT_LABELS = {
    "dossier": _("dossiernummer (oplopend)"), "-dossier": _("dossiernummer (aflopend)"),
    "aanvrager": _("aanvrager (A–Z)"), "-aanvrager": _("aanvrager (Z–A)"), "status": _("status"),
    "provincie": _("provincie"), "ingediend": _("ingediend (oudste eerst)"),
    "-ingediend": _("ingediend (recentste eerst)"), "gevraagd": _("gevraagd bedrag (laagste eerst)"),
    "-gevraagd": _("gevraagd bedrag (hoogste eerst)"),
}


def kept_fields(fields, data) -> SafeString:
    """Form fields as includes/field.html draws them, kept (grants.fragments): a field shows
    what was asked (``data``, a QueryDict), its choices and, when the data does not fit them,
    an error. Only for fields whose errors come from their data alone (a filter, an unbound form)."""
    shown = tuple((field.name, tuple(data.getlist(field.name)) if data else (),
                   tuple((str(value), str(label)) for value, label in getattr(field.field, "choices", ())))
                  for field in fields)
    return kept("department/_fields.html", {"fields": fields}, shown)


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of dossiernummer"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("alle"))] + [
        (value, label) for value, label in ApplicationStatus.choices if value != ApplicationStatus.CONCEPT])
    provincie = forms.ModelChoiceField(label=_("Provincie (penvoerder)"), required=False,
                                       queryset=Province.objects.all(), empty_label=_("alle"))
    soort = forms.ChoiceField(label=_("Soort aanvrager"), required=False,
                              choices=[("", _("alle"))] + list(ApplicantKind.choices))
    behandelaar = forms.ChoiceField(label=_("Dossierbehandelaar"), required=False)
    te_laat = forms.ChoiceField(label=_("Na de deadline ingediend"), required=False, choices=YES_NO)
    volledig = forms.ChoiceField(label=_("Volledig"), required=False, choices=YES_NO)
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False,
                                choices=[(key, SORT_LABELS[key]) for key in SORTS])

    def __init__(self, *args, reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behandelaar"].choices = [("", _("alle")), ("geen", _("nog niet toegewezen"))] + [
            (str(user.pk), person_name(user)) for user in reviewers]
        _read_choices_once(self.fields["provincie"], self.fields["provincie"].queryset)

    def filters(self) -> ListFilters:
        data = self.cleaned_data if self.is_valid() else {}
        yes_no = {"ja": True, "nee": False}
        province = data.get("provincie")
        return ListFilters(
            status=data.get("status", ""), province=province.pk if province else None,
            kind=data.get("soort", ""), reviewer=data.get("behandelaar", ""),
            late=yes_no.get(data.get("te_laat")), complete=yes_no.get(data.get("volledig")),
            search=data.get("q", ""), sort=data.get("sorteer") or "dossier",
        )


class IdsField(forms.TypedMultipleChoiceField):
    """The ids of the page's check boxes; the service refuses any it cannot find."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class PersonChoiceField(forms.ModelChoiceField):
    """Users by the name the rest of the workspace shows."""

    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class BulkAssignForm(forms.Form):
    reviewer = PersonChoiceField(label=_("Wijs de aangevinkte dossiers toe aan"), queryset=None,
                                      empty_label=_("kies een dossierbehandelaar"),
                                      error_messages={"required": _("Kies een dossierbehandelaar.")})
    ids = IdsField(coerce=int, error_messages={"required": _("Vink minstens één dossier aan.")})


    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        _read_choices_once(self.fields["reviewer"], reviewers)


def _read_choices_once(field: forms.ModelChoiceField, objects) -> None:
    """The field's choices read now, in one query (none if ``objects`` is an evaluated queryset),
    not again when it is drawn: the same queries whether or not the page draws its form (the
    list keeps its drawn fields, pages.department.calls). Validation still asks the queryset."""
    field.choices = [("", field.empty_label)] + [(obj.pk, field.label_from_instance(obj)) for obj in objects]


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Hebt u een belangenconflict met deze aanvrager?"), widget=forms.RadioSelect,
        coerce=lambda value: value == "ja",
        choices=[("nee", _("Nee, ik heb geen belangenconflict")),
                 ("ja", _("Ja, ik heb een belangenconflict"))],
        error_messages={"required": _("Kies of u een belangenconflict hebt.")},
    )
    explanation = forms.CharField(label=_("Toelichting (verplicht bij een conflict)"), required=False,
                                  widget=forms.Textarea,
                                  help_text=_("Intern: nooit zichtbaar voor de aanvrager."))


class AssessmentForm(forms.Form):
    """A score and a motivation per criterion of the call; the service checks the ranges."""

    def __init__(self, *args, criteria=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            previous = (initial_scores or {}).get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score voor '%(criterion)s' (0 tot %(max)s)") % {
                    "criterion": criterion.title, "max": criterion.max_score},
                initial=previous.score if previous else None,
                error_messages={"required": _("Geef een score."), "invalid": _("Geef een geheel getal.")})
            self.fields[f"motivation_{criterion.pk}"] = forms.CharField(
                label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                help_text=_("Intern: nooit zichtbaar voor de aanvrager."),
                initial=previous.motivation if previous else "")

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"motivation_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"motivation_{c.pk}"])
                for c in self.criteria}


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Nieuwe interne notitie"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Intern: nooit zichtbaar voor de aanvrager."),
                           error_messages={"required": _("Schrijf de notitie.")})


class AgreementForm(forms.Form):
    """One change of a cooperation agreement with VDAB (grants.agreements.record_change)."""

    status = forms.ChoiceField(label=_("Status van de samenwerkingsovereenkomst"),
                               choices=AgreementStatus.choices,
                               error_messages={"required": _("Kies een status.")})
    since = forms.DateField(label=_("Sinds (dd/mm/jjjj)"), help_text=_("De dag waarop deze status inging."),
                            error_messages={"required": _("Vul de datum in als dd/mm/jjjj."),
                                            "invalid": _("Geef een datum als dd/mm/jjjj.")})
    expected_signature = forms.DateField(
        label=_("Verwachte ondertekening (dd/mm/jjjj)"), required=False,
        help_text=_("Alleen als de overeenkomst nog niet is afgesloten; telt mee in de prognose."),
        error_messages={"invalid": _("Geef een datum als dd/mm/jjjj.")})


class AgreementImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (CSV of XLSX)"),
                           help_text=_("Kolommen: soort (gemeente of regiegebied), code (NIS-code of "
                                       "naam van het regiegebied), status, sinds (dd/mm/jjjj), "
                                       "verwachte ondertekening."),
                           error_messages={"required": _("Kies een bestand.")})


class ExtensionForm(forms.Form):
    """An extension for one application: the day and hour (Brussels) it runs until, and why."""

    application = forms.ModelChoiceField(label=_("Aanvraag"), queryset=None,
                                         empty_label=_("kies een aanvraag"),
                                         error_messages={"required": _("Kies de aanvraag.")})
    day = forms.DateField(label=_("Indienen mag tot de dag (dd/mm/jjjj)"),
                          error_messages={"required": _("Geef de dag."),
                                          "invalid": _("Geef een datum als dd/mm/jjjj.")})
    hour = forms.TimeField(label=_("om (uu:mm, Brusselse tijd)"), initial="23:59",
                           error_messages={"required": _("Geef het uur."),
                                           "invalid": _("Geef een uur als 23:59.")})
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("De aanvrager leest deze reden bij zijn aanvraag."),
                             error_messages={"required": _("Geef de reden voor het uitstel.")})

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.applicant.name

    def until(self):
        """The moment, in Brussels time, whatever the server's clock zone."""
        moment = datetime.combine(self.cleaned_data["day"], self.cleaned_data["hour"])
        return timezone.make_aware(moment, ZoneInfo(settings.TIME_ZONE))


class RegistrationDecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reden (verplicht bij een weigering)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
