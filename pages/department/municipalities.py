"""The municipalities and since when each has a cooperation agreement with VDAB."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.models import Call, Municipality
from grants.services import set_vdab_agreement
from pages.department.access import department_only
from pages.department.forms import VdabForm


@department_only
def municipalities(request):
    rows = Municipality.objects.select_related("province").order_by("province__name", "name")
    return render(request, "department/municipalities.html", {
        "municipalities": rows, "call": Call.objects.for_the_department(), "section": "municipalities"})


@department_only
def municipality_edit(request, pk):
    municipality = get_object_or_404(Municipality, pk=pk)
    form = VdabForm(request.POST or None, initial={"since": municipality.vdab_agreement_since})
    if request.method == "POST" and form.is_valid():
        set_vdab_agreement(request.user, pk, form.cleaned_data["since"])
        messages.success(request, _("De gegevens van %(name)s zijn bewaard.") % {"name": municipality})
        return redirect(reverse("department-municipalities") + f"#gemeente-{pk}")
    return render(request, "department/municipality_edit.html",
                  {"municipality": municipality, "form": form})
