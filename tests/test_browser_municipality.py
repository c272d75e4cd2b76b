"""In a real browser, as the clerk of a member municipality (Kuurne) in Regio Zuid-West's
application: log in, find the application on the home page, read it, upload Kuurne's council
decision and replace it, and find every other application closed (404). axe-core checks every
page on the way."""

import pytest

from grants.models import Attachment, MunicipalityMembership
from grants.roles import Role
from tests import factories
from tests.browser import assert_accessible, log_in
from tests.test_browser_applicant import pdf_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_municipality_reads_the_application_and_uploads_its_council_decision(page, live_server,
                                                                                        tmp_path):
    call = factories.open_call(days_left=14)
    region = factories.make_applicant(name="Regio Zuid-West", lead="Kortrijk")
    application = factories.make_application(call=call, applicant=region,
                                             members=("Kortrijk", "Kuurne", "Harelbeke"), complete=False)
    elsewhere = factories.make_application(call=call, members=("Gent",), complete=False)
    clerk = factories.make_user(Role.AANVRAGER, username="kuurne")
    kuurne = factories.municipalities("Kuurne")[0]
    MunicipalityMembership.objects.create(user=clerk, municipality=kuurne)

    log_in(page, "kuurne")
    assert page.get_by_text("U treedt op voor de gemeente Kuurne").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=call.title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).count() >= 1
    assert_accessible(page)

    page.goto(f"/aanvragen/{application.pk}/bijlagen/")
    assert page.get_by_text("U treedt op voor een deelnemende gemeente").is_visible()
    assert_accessible(page)
    for version in ("v1", "v2"):
        page.get_by_label("Gemeente").select_option(label="Kuurne")
        page.get_by_label("Bestand (PDF)").set_input_files(
            pdf_file(tmp_path, f"gemeenteraad-kuurne-{version}.pdf", f"Gemeenteraad Kuurne {version}"))
        page.get_by_role("button", name="Opladen").click()
        page.wait_for_load_state()
        assert page.get_by_text(f"'gemeenteraad-kuurne-{version}.pdf' is opgeladen.").is_visible()
    assert_accessible(page)
    (decision,) = Attachment.objects.filter(application=application)
    assert (decision.municipality, decision.original_name) == (kuurne, "gemeenteraad-kuurne-v2.pdf")

    # The plan is the applicant's: the page sends the municipality back to the overview.
    page.goto(f"/aanvragen/{application.pk}/plan/")
    assert page.url.endswith(f"/aanvragen/{application.pk}/")
    assert page.get_by_text("U ziet deze aanvraag als deelnemende gemeente").is_visible()

    for path in (f"/aanvragen/{elsewhere.pk}/", f"/aanvragen/{elsewhere.pk}/bijlagen/"):
        response = page.goto(path)
        assert response.status == 404, path
