"""Municipalities as users (issue 15): a member municipality's user logs in through single
sign-on with the municipality's KBO number, sees the applications it takes part in, uploads its
own council decision, and sees nothing else (404). A samenwerkingsverband without a KBO number
is reached through its penvoerder's role; a new one is registered and confirmed; a centrumstad
claim for a municipality that is not one is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse
from django.utils import timezone

from grants import registrations, services
from grants.models import (
    Applicant,
    ApplicantKind,
    Application,
    ApplicationStatus,
    Attachment,
    Municipality,
    PartnershipStatus,
    RegistrationStatus,
)
from grants.roles import Role
from grants.selectors import applications_visible_to
from tests import factories, test_oidc
from tests.test_oidc import claims, log_in_with
from tests.test_uploads import real_pdf

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), path("", include("config.urls"))]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

KUURNE_KBO = "0207432322"
HARELBEKE_KBO = "0207451130"


oidc_settings = test_oidc.oidc_settings  # the identity provider's settings, as there


@pytest.fixture(autouse=True)
def penvoerder_role(oidc_settings, settings):
    settings.OIDC_ROLE_CLAIM = "dv_lokaleregie_rol_3d"
    settings.OIDC_PENVOERDER_ROLE = "LokaleRegiePenvoerder"


@pytest.fixture
def kuurne(reference_data):
    Municipality.objects.filter(name="Kuurne").update(kbo_number=KUURNE_KBO, contact_email="info@kuurne.be")
    return Municipality.objects.get(name="Kuurne")


@pytest.fixture
def application(open_call, region):
    """Regio Zuid-West's draft with Kortrijk (penvoerder), Kuurne and Harelbeke."""
    return factories.make_application(open_call, region, members=("Kortrijk", "Kuurne", "Harelbeke"),
                                      complete=False)


def council_decision_type(application):
    return application.call.mandatory_attachment_types.get(per_member_municipality=True)


def pdf(name="gemeenteraad.pdf"):
    return SimpleUploadedFile(name, real_pdf(), content_type="application/pdf")


def test_a_member_municipality_logs_in_sees_its_application_uploads_its_decision_and_nothing_else(
        client, kuurne, application, open_call):
    gent = factories.make_applicant(name="Regio Gent", lead="Gent")
    elsewhere = factories.make_application(open_call, gent, members=("Gent", "Merelbeke"), complete=False)
    user = log_in_with(claims(sub="kuurne-1", orgcode=KUURNE_KBO, email="schepen@kuurne.be"))
    assert user is not None and list(user.municipality_memberships.values_list("municipality__name",
                                                                                flat=True)) == ["Kuurne"]
    assert list(applications_visible_to(user)) == [application]
    client.force_login(user)

    home = client.get(reverse("home")).content.decode()
    assert "Regio Zuid-West" in home and "U treedt op voor de gemeente Kuurne" in home
    assert client.get(reverse("application-overview", args=[application.pk])).status_code == 200
    # Read-only: an editing page sends the municipality to the overview, a write is refused.
    assert client.get(reverse("application-plan", args=[application.pk])).url == reverse(
        "application-overview", args=[application.pk])
    with pytest.raises(PermissionDenied):
        services.save_plan(user, application.pk, {"vision": "Overgenomen door Kuurne"})

    kind = council_decision_type(application)
    for name in ("besluit-v1.pdf", "besluit-v2.pdf"):  # the second one replaces the first
        response = client.post(reverse("application-attachments", args=[application.pk]),
                               {"attachment_type": kind.pk, "municipality": kuurne.pk, "file": pdf(name)})
        assert response.status_code == 302
    (decision,) = Attachment.objects.filter(application=application)
    assert (decision.municipality, decision.original_name, decision.uploaded_by) == (kuurne, "besluit-v2.pdf",
                                                                                     user)

    # Not another member's decision, not another kind of attachment.
    kortrijk = Municipality.objects.get(name="Kortrijk")
    response = client.post(reverse("application-attachments", args=[application.pk]),
                           {"attachment_type": kind.pk, "municipality": kortrijk.pk, "file": pdf()})
    assert response.status_code == 400
    with pytest.raises(PermissionDenied, match="alleen haar eigen gemeenteraadsbeslissing"):
        services.upload_attachment(user, application.pk, kind.pk, kortrijk.pk, pdf())
    assert Attachment.objects.count() == 1

    for name in ("application-overview", "application-attachments", "portal-status"):
        assert client.get(reverse(name, args=[elsewhere.pk])).status_code == 404, name


def test_after_submission_the_municipality_can_no_longer_replace_its_decision(kuurne, application):
    user = factories.make_user()
    user.municipality_memberships.create(municipality=kuurne)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.INGEDIEND)
    with pytest.raises(ValidationError, match="kan niet meer gewijzigd"):
        services.upload_attachment(user, application.pk, council_decision_type(application).pk, kuurne.pk,
                                   pdf())


def test_a_verband_without_kbo_is_reached_through_its_penvoerders_role(reference_data):
    Municipality.objects.filter(name="Harelbeke").update(kbo_number=HARELBEKE_KBO)
    verband = factories.make_applicant(name="Leiedal zonder KBO", lead="Harelbeke")
    Applicant.objects.filter(pk=verband.pk).update(kbo_number="")

    user = log_in_with(claims(sub="h-1", orgcode="0403170701",
                              dv_lokaleregie_rol_3d=[f"LokaleRegiePenvoerder:{HARELBEKE_KBO}"]))
    assert list(user.organisations.all()) == [verband]
    # Another role for the same number does not reach it.
    assert log_in_with(claims(sub="h-2", orgcode="0403170701",
                              dv_lokaleregie_rol_3d=[f"LokaleRegieLezer:{HARELBEKE_KBO}"])) is None


def register_as(client, user, **data):
    client.force_login(user)
    return client.post(reverse("registration-new"), {
        "name": "Regio Leie-Schelde", "kind": "samenwerkingsverband", "legal_form": "interlokale_vereniging",
        "lead_municipality": Municipality.objects.get(name="Kuurne").pk, "email": "info@leie-schelde.be",
        "members": [m.pk for m in factories.municipalities("Kuurne", "Harelbeke", "Zwevegem")], **data})


def test_a_municipality_registers_a_new_verband_and_the_department_confirms_it(client, kuurne, open_call):
    clerk = factories.make_user(username="kuurne-clerk")
    clerk.municipality_memberships.create(municipality=kuurne)
    assert register_as(client, clerk).status_code == 302
    (registration,) = registrations.registrations_of(clerk)
    assert registration.status == RegistrationStatus.AANGEMELD
    assert sorted(m.name for m in registration.members.all()) == ["Harelbeke", "Kuurne", "Zwevegem"]

    # Only the department decides; a refusal needs a reason.
    with pytest.raises(PermissionDenied):
        registrations.fire_registration(clerk, registration.pk, "confirm")
    admin = factories.make_user(Role.BEHEERDER)
    with pytest.raises(ValidationError, match="reden"):
        registrations.fire_registration(admin, registration.pk, "refuse")

    client.force_login(admin)
    assert client.get(reverse("department-registrations")).status_code == 200
    response = client.post(reverse("department-registration", args=[registration.pk]), {"confirm": "1"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.BEVESTIGD and registration.decided_by == admin
    verband = registration.applicant
    assert (verband.kind, verband.kbo_number, verband.lead_municipality) == (
        ApplicantKind.SAMENWERKINGSVERBAND, "", kuurne)
    with pytest.raises(ValidationError, match="al behandeld"):
        registrations.fire_registration(admin, registration.pk, "refuse", "Te laat.")

    client.force_login(clerk)
    assert "Aanvraag starten voor Regio Leie-Schelde" in client.get(reverse("home")).content.decode()


def test_a_centrumstad_claim_for_a_municipality_that_is_not_one_is_refused(client, kuurne, open_call):
    clerk = factories.make_user()
    clerk.municipality_memberships.create(municipality=kuurne)
    response = register_as(client, clerk, kind="centrumstad", legal_form="", members=[kuurne.pk])
    assert response.status_code == 400
    assert "Kuurne staat niet op de lijst van centrumsteden" in response.content.decode()
    assert not registrations.registrations_of(clerk).exists()

    pretender = Applicant(name="Stad Kuurne", kind=ApplicantKind.CENTRUMSTAD, lead_municipality=kuurne)
    with pytest.raises(ValidationError, match="niet op de lijst van centrumsteden"):
        pretender.full_clean()
    pretender.save()  # as an old row or a bulk load might have it: the start is refused all the same
    user = factories.make_user(organisation=pretender)
    with pytest.raises(ValidationError, match="niet op de lijst van centrumsteden"):
        services.start_application(user, pretender.pk, open_call.pk, [kuurne.pk])
    # A real centrumstad may.
    gent = factories.make_applicant(name="Stad Gent", kind=ApplicantKind.CENTRUMSTAD, lead="Gent")
    gent_user = factories.make_user(organisation=gent)
    assert services.start_application(gent_user, gent.pk, open_call.pk, [gent.lead_municipality_id])


def test_the_applicant_states_whether_the_verband_is_existing_changed_or_new(client, clerk, application):
    url = reverse("application-partnership", args=[application.pk])
    response = client.post(url, {"partnership_status": "gewijzigd"})
    assert response.status_code == 400 and "Duid aan welke gemeenten" in response.content.decode()
    kuurne, zwevegem = factories.municipalities("Kuurne", "Zwevegem")
    assert client.post(url, {"partnership_status": "gewijzigd", "joined": [kuurne.pk],
                             "left": [zwevegem.pk]}).status_code == 302
    application.refresh_from_db()
    assert application.partnership_status == PartnershipStatus.GEWIJZIGD
    assert [m.municipality.name for m in application.memberships.filter(joined=True)] == ["Kuurne"]
    assert list(application.left_municipalities.all()) == [zwevegem]
    response = client.post(url, {"partnership_status": "bestaand", "joined": [kuurne.pk]})
    assert response.status_code == 400 and "kies &#x27;gewijzigd&#x27;" in response.content.decode()

    # The department reads it on the dossier.
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.INGEDIEND, submitted_at=timezone.now(), dossier_number="LR-X-001")
    client.force_login(factories.make_user(Role.DOSSIERBEHANDELAAR))
    page = client.get(reverse("department-dossier", args=[application.pk])).content.decode()
    assert "vorige periode: gewijzigd." in page
    assert "Toegetreden: Kuurne." in page and "Uitgestapt: Zwevegem." in page
