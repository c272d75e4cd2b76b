"""The department's batch of decision letters, in a real browser: start it, watch the
progress refresh by itself, download the ZIP; and the pages pass axe-core."""

import pytest

from grants.roles import Role
from tests import factories
from tests.browser import assert_accessible, log_in
from tests.test_letters import decided, eager_celery  # noqa: F401  (fixture)
from workflow.models import LetterBatch, LetterBatchStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_department_starts_a_batch_and_downloads_the_zip(page, reference_data, eager_celery):  # noqa: F811
    call = factories.the_call()
    decided(call)
    factories.make_user(Role.BESLISSER, username="beslisser")
    log_in(page, "beslisser")

    page.goto(f"/departement/oproepen/{call.code}/brieven/")
    assert_accessible(page)
    page.get_by_role("button", name="Alle brieven maken").click()

    page.get_by_text("1 van 1 brief klaar").wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de brief (ZIP)").click()
    assert download.value.suggested_filename == f"beslissingsbrieven-{call.code}.zip"


def test_the_progress_refreshes_by_itself_while_the_batch_runs(page, reference_data):  # noqa: F811
    call = factories.the_call()
    decided(call)
    user = factories.make_user(Role.BESLISSER, username="beslisser")
    batch = LetterBatch.objects.create(call=call, requested_by=user, total=2, done=1,
                                       status=LetterBatchStatus.RUNNING)
    log_in(page, "beslisser")
    page.goto(f"/departement/brieven/{batch.pk}/")
    page.get_by_text("1 van 2 brieven klaar").wait_for()
    assert_accessible(page)

    LetterBatch.objects.filter(pk=batch.pk).update(done=2, status=LetterBatchStatus.DONE,
                                                   file="letters/batches/brieven.zip")
    page.get_by_role("link", name="Download de 2 brieven (ZIP)").wait_for()  # no reload: htmx polled
