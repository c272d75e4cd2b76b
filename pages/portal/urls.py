"""The applicant's and municipality's pages, mounted at the root: the home page, starting and
editing an application (URL names "application-"), and its submission and follow-up
(URL names "portal-")."""

from django.urls import path

from pages import tokens
from pages.portal import (
    aftercare,
    attachments,
    editing,
    home,
    letters,
    registration,
    start,
    submission,
    versions,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("oproepen/<slug:call_code>/aanvraag-starten/", start.start, name="application-start"),
    path("oproepen/<slug:call_code>/inwoners/", start.population, name="population-total"),
    path("aanvragen/<int:pk>/", editing.overview, name="application-overview"),
    path("aanvragen/<int:pk>/gemeenten/", editing.members, name="application-members"),
    path("aanvragen/<int:pk>/plan/", editing.plan, name="application-plan"),
    path("aanvragen/<int:pk>/acties/", editing.actions, name="application-actions"),
    path("aanvragen/<int:pk>/acties/nieuw/", editing.action_form, name="application-action-new"),
    path("aanvragen/<int:pk>/acties/<int:action_pk>/", editing.action_form, name="application-action"),
    path("aanvragen/<int:pk>/acties/<int:action_pk>/verwijderen/", editing.action_delete,
         name="application-action-delete"),
    path("aanvragen/<int:pk>/acties/<int:action_pk>/indicatoren/nieuw/", editing.indicator_form,
         name="application-indicator-new"),
    path("aanvragen/<int:pk>/acties/<int:action_pk>/indicatoren/<int:indicator_pk>/", editing.indicator_form,
         name="application-indicator"),
    path("aanvragen/<int:pk>/acties/<int:action_pk>/indicatoren/<int:indicator_pk>/verwijderen/",
         editing.indicator_delete, name="application-indicator-delete"),
    path("aanvragen/<int:pk>/begroting/", editing.budget, name="application-budget"),
    path("aanvragen/<int:pk>/begroting/<int:line_pk>/", editing.budget, name="application-budget-line"),
    path("aanvragen/<int:pk>/begroting/<int:line_pk>/verwijderen/", editing.budget_delete,
         name="application-budget-delete"),
    path("aanvragen/<int:pk>/contact/", editing.contacts, name="application-contacts"),
    path("aanvragen/<int:pk>/samenwerkingsverband/", registration.partnership,
         name="application-partnership"),
    path("samenwerkingsverband-aanmelden/", registration.register, name="registration-new"),
    path("aanvragen/<int:pk>/bijlagen/", attachments.attachments, name="application-attachments"),
    path("aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/", attachments.attachment_delete,
         name="application-attachment-delete"),
    path("aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/", attachments.attachment_download,
         name="attachment-download"),
    path("aanvragen/<int:pk>/indienen/", submission.submit, name="portal-submit"),
    path("aanvragen/<int:pk>/ontvangstbewijs/", submission.receipt, name="portal-receipt"),
    path("aanvragen/<int:pk>/opvolging/", submission.status, name="portal-status"),
    path("aanvragen/<int:pk>/intrekken/", submission.withdraw, name="portal-withdraw"),
    path("aanvragen/<int:pk>/beslissingsbrief.pdf", letters.download_letter, name="letter-download"),
    path("aanvragen/<int:pk>/versies/<int:number>.pdf", versions.version_pdf, name="portal-version-pdf"),
    # Every user's own API tokens (the department's too): a page of pages.tokens, mounted here.
    path("api-sleutels/", tokens.tokens, name="tokens"),
    path("api-sleutels/intrekken/", tokens.revoke, name="token-revoke"),
    path("aanvragen/<int:pk>/nazorg/", aftercare.overview, name="portal-aftercare"),
    path("aanvragen/<int:pk>/jaarverslagen/<int:year>/", aftercare.report, name="portal-report"),
    path("aanvragen/<int:pk>/jaarverslagen/<int:year>/bijlagen/<int:attachment_pk>/",
         aftercare.report_attachment, name="portal-report-attachment"),
    path("aanvragen/<int:pk>/jaarverslagen/<int:year>/bijlagen/<int:attachment_pk>/verwijderen/",
         aftercare.report_attachment_delete, name="portal-report-attachment-delete"),
    path("aanvragen/<int:pk>/wijzigingen/", aftercare.amendments, name="portal-amendments"),
    path("aanvragen/<int:pk>/brieven/<int:position>.pdf", aftercare.series_letter,
         name="portal-series-letter"),
    path("aanvragen/<int:pk>/terugvorderingen/<int:recovery_pk>/brief.pdf", aftercare.recovery_letter,
         name="portal-recovery-letter"),
]

# TEMPORARY (issue 19): moves to pages/portal/urls.py at the merge; drop from here then.
from pages.portal import versions  # noqa: E402

urlpatterns += [path("aanvragen/<int:pk>/versies/<int:number>.pdf", versions.version_pdf,
                     name="portal-version-pdf")]
