from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.maps import MAPS

DATE_ERRORS = {"invalid": _("Geef een datum als dd/mm/jjjj.")}


class TableDatesForm(forms.Form):
    """The day the table is read on and the day of its forecast (defaults: today, 31/12)."""

    peildatum = forms.DateField(label=_("Peildatum (dd/mm/jjjj)"), required=False,
                                error_messages=DATE_ERRORS)
    prognose = forms.DateField(label=_("Prognose op (dd/mm/jjjj)"), required=False,
                               error_messages=DATE_ERRORS)

    def clean(self):
        data = super().clean()
        if data.get("peildatum") and data.get("prognose") and data["prognose"] < data["peildatum"]:
            raise forms.ValidationError(_("De prognose moet op of na de peildatum liggen."))
        return data


class MapForm(forms.Form):
    kaart = forms.ChoiceField(label=_("Kaart"), choices=list(MAPS.items()), required=False)
