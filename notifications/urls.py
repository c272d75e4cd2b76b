from django.urls import path

from notifications import views

urlpatterns = [
    path("", views.my_notifications, name="my-notifications"),
    path("departement/", views.department_list, name="department-notifications"),
]
