from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind, Status


class NotificationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("alle"))] + Status.choices)
    soort = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("alle"))] + Kind.choices)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if status := self.cleaned_data["status"]:
            queryset = queryset.filter(status=status)
        if kind := self.cleaned_data["soort"]:
            queryset = queryset.filter(kind=kind)
        return queryset
