"""Uploading attachments, and serving them only to who may see the application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grants import services
from grants.contents_cache import through_cache
from grants.selectors import get_application_for, municipalities_of
from pages.forms import posted, try_write
from pages.portal.common import (
    application_page,
    confirm_deletion,
    form_fields_html,
    member_only,
    render_section,
)
from pages.portal.forms import AttachmentForm, attachment_options


@application_page(for_members=True)
def attachments(request, application):
    """A member municipality's user uploads (or replaces) its own council decision here."""
    member = member_only(request.user, application)
    own = municipalities_of(request.user) if member else None
    # The page's reads of what only a write to the application changes: once per version of it.
    cached = through_cache(application, f"attachments-page-{member}", lambda: {
        "options": attachment_options(application),
        "uploaded": render_to_string("portal/application/_attachment_list.html", {
            "uploaded": application.attachments.select_related("attachment_type", "municipality"),
            "can_delete": not member})}, reads_row=False)
    form = AttachmentForm(*posted(request, files=True), application=application, only_for=own,
                          options=cached["options"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = data["municipality"].pk if data["municipality"] else None
        if try_write(form, lambda: services.upload_attachment(
                request.user, application.pk, data["attachment_type"].pk, municipality, data["file"])):
            messages.success(request, _("'%(name)s' is opgeladen.") % {"name": data["file"].name})
            return redirect("application-attachments", pk=application.pk)
    # A member's form offers only its own municipalities: kept for the applicant's form alone.
    fields = form_fields_html(application, form, "portal/application/_attachment_fields.html",
                              keep=not form.is_bound and not member, reads_row=False)
    return render_section(request, application, "portal/application/attachments.html", {
        "form": form, "fields": fields, "uploaded": cached["uploaded"], "types": form.types,
    }, current="attachments", status=400 if form.errors else 200)


@application_page(for_members=True)
@require_http_methods(["GET", "POST"])  # GET asks for confirmation, POST deletes
def attachment_delete(request, application, attachment_pk):
    if request.method != "POST":
        attachment = get_object_or_404(application.attachments, pk=attachment_pk)
        question = _("Wilt u de bijlage '%(name)s' verwijderen?") % {"name": attachment.original_name}
        return confirm_deletion(request, application, question,
                                reverse("application-attachments", args=[application.pk]), "attachments")
    services.delete_attachment(request.user, application.pk, attachment_pk)
    messages.success(request, _("De bijlage is verwijderd."))
    return redirect("application-attachments", pk=application.pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    """The file, for who may see the application; a 404 for anyone else."""
    application = get_application_for(request.user, pk)
    attachment = application.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.download_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
