"""Starting an application for an open call: as a samenwerkingsverband with its member
municipalities, or as a city alone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import services
from grants.models import ApplicantKind, ApplicationMunicipality, Call, Municipality
from grants.selectors import applicants_of
from pages.forms import show_refusal
from pages.portal.forms import MembersForm, StartForm


@login_required
def start(request, call_code):
    call = get_object_or_404(Call.objects.open_for_applications(), code=call_code)
    applicants = applicants_of(request.user).filter(kind__in=call.eligible_kinds)
    if not applicants.exists():
        raise Http404(_("U kunt voor deze oproep geen aanvraag starten."))
    data = request.POST if request.method == "POST" else None
    start_form = StartForm(data, applicants=applicants, initial={"applicant": request.GET.get("organisatie")})
    members_form = MembersForm(data, call=call)
    if data is not None and start_form.is_valid() and members_form.is_valid():
        applicant = start_form.cleaned_data["applicant"]
        chosen = members_form.cleaned_data["municipalities"]
        if applicant.kind != ApplicantKind.SAMENWERKINGSVERBAND:
            chosen = [applicant.lead_municipality]
        try:
            application = services.start_application(request.user, applicant.pk, call.pk,
                                                     [m.pk for m in chosen])
        except ValidationError as error:
            show_refusal(members_form if hasattr(error, "error_dict") else start_form, error)
        else:
            messages.success(request, _("De aanvraag is aangemaakt en als concept bewaard."))
            return redirect("application-overview", pk=application.pk)
    return render(request, "portal/start.html", {
        "call": call, "start_form": start_form, "members_form": members_form,
        "provinces": municipalities_by_province(members_form, call),
        "population": population_total(members_form.data.getlist("municipalities") if data else []),
    })


def municipalities_by_province(form, call, application=None) -> list[tuple[str, list]]:
    """The checkboxes grouped per province (300 municipalities in five fieldsets), each with
    the application it already belongs to for this call, if any."""
    field = form.fields["municipalities"]
    municipalities = list(field.queryset)
    provinces = {m.pk: m.province.name for m in municipalities}
    # The checkboxes from these rows: the field's own choices would read all 300 again.
    field.choices = [(m.pk, field.label_from_instance(m)) for m in municipalities]
    taken_qs = (ApplicationMunicipality.objects.filter(call=call, active=True)
                .select_related("application__applicant"))
    if application is not None:
        taken_qs = taken_qs.exclude(application=application)
    taken = {m.municipality_id: m.application for m in taken_qs}
    groups: dict[str, list] = {}
    for checkbox in form["municipalities"]:
        pk = checkbox.data["value"]
        groups.setdefault(provinces[pk], []).append((checkbox, taken.get(pk)))
    return sorted(groups.items())


def population_total(ids) -> int:
    ids = [i for i in ids if str(i).isdigit()]
    return Municipality.objects.filter(pk__in=ids).aggregate(n=Sum("population"))["n"] or 0


@login_required
@require_POST
def population(request, call_code):
    """The live total while municipalities are ticked (htmx)."""
    call = get_object_or_404(Call, code=call_code)
    total = population_total(request.POST.getlist("municipalities"))
    return render(request, "portal/_population.html", {"call": call, "population": total,
                                                       "show_minimum": True})
