from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as site
from grants.selectors import get_application_for


def ping(request):
    """The minimal view: two bytes, no user, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def floor(request, pk):
    """The floor page: what every page of the site must do before its own work. It checks the
    session and the user, reads one application the user may see (404 otherwise) and renders a
    small template in the site's layout with a CSRF form. Pages are measured as a ratio to it."""
    application = get_application_for(request.user, pk)
    return render(request, "bench/floor.html", {"application": application})


urlpatterns = [
    path("bench/ping/", ping, name="bench-ping"),
    path("bench/floor/<int:pk>/", floor, name="bench-floor"),
    *site,
]
