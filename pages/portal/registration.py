"""A municipality's pages beyond one application: registering a new samenwerkingsverband, and
stating how an application's samenwerkingsverband changed since the previous period."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grants import registrations, services
from grants.selectors import municipalities_of
from pages.forms import posted, try_write
from pages.portal.common import application_page, render_section
from pages.portal.forms import PartnershipForm, RegistrationForm


@login_required
def register(request):
    leads = municipalities_of(request.user)
    if not leads.exists():
        raise Http404
    form = RegistrationForm(posted(request), leads=leads)
    if request.method == "POST" and form.is_valid() and try_write(
            form, lambda: registrations.register(request.user, form.cleaned_data)):
        messages.success(request, _("Uw aanmelding is verstuurd: het departement bevestigt ze."))
        return redirect("home")
    return render(request, "portal/registration.html", {"form": form},
                  status=400 if form.errors else 200)


@application_page
def partnership(request, application):
    joined = application.memberships.filter(joined=True, active=True).values_list("municipality_id",
                                                                                  flat=True)
    current = {"partnership_status": application.partnership_status, "joined": list(joined),
               "left": list(application.left_municipalities.values_list("pk", flat=True))}
    form = PartnershipForm(posted(request), application=application, initial=current)
    if request.method == "POST" and form.is_valid() and try_write(form, lambda: services.save_partnership(
            request.user, application.pk, form.cleaned_data["partnership_status"],
            [m.pk for m in form.cleaned_data["joined"]], [m.pk for m in form.cleaned_data["left"]])):
        messages.success(request, _("Bewaard als concept."))
        return redirect("application-partnership", pk=application.pk)
    return render_section(request, application, "portal/application/partnership.html", {"form": form},
                          current="partnership", status=400 if form.errors else 200)
