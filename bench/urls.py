from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


def ping(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping, name="bench-ping"), *site]
