"""The monitoring pages, mounted under /monitoring/ (URL names start with "monitoring-")."""

from django.urls import path

from pages.committee import opendata, views

urlpatterns = [
    path("", views.home, name="monitoring-home"),
    path("oproepen/<slug:call_code>/", views.dashboard, name="monitoring-dashboard"),
    path("oproepen/<slug:call_code>/cijfers.xlsx", views.aggregates_export,
         name="monitoring-aggregates-export"),
    path("oproepen/<slug:call_code>/samenwerkingsovereenkomsten/", views.table, name="monitoring-table"),
    path("oproepen/<slug:call_code>/samenwerkingsovereenkomsten.<str:fmt>", views.table_export,
         name="monitoring-table-export"),
]

# Public: the granted subsidies as open data.
urlpatterns += [
    path("open-data/<slug:call_code>/", opendata.description, name="open-data"),
    path("open-data/<slug:call_code>/subsidies.<str:fmt>", opendata.download, name="open-data-download"),
]
