"""Decision letters: the applicant's download and the department's batches (URL names "letter-")."""

from django.urls import path

from workflow.letters import views

urlpatterns = [
    path("aanvragen/<int:pk>/beslissingsbrief.pdf", views.download_letter, name="letter-download"),
    path("departement/oproepen/<slug:call_code>/brieven/", views.batches, name="letter-batches"),
    path("departement/brieven/<int:pk>/", views.batch_progress, name="letter-batch"),
    path("departement/brieven/<int:pk>/brieven.zip", views.download_batch, name="letter-batch-download"),
]
