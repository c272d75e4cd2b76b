"""Every page, and every action a person takes on it, has its operation in the API (docs/openapi.yaml),
so a municipality's software or the department's tooling can do what the pages do. The table is
written out by hand; a new page fails the first test until it is listed here with its operations."""

from pathlib import Path

import pytest
import yaml

from notifications.urls import urlpatterns as notification_urls
from pages.committee.urls import urlpatterns as committee_urls
from pages.department.urls import urlpatterns as department_urls
from pages.portal.urls import urlpatterns as portal_urls

V1 = "/api/v1"
APP = f"{V1}/applications/{{id}}"
MONITORING = f"{V1}/monitoring"
CALL = f"{MONITORING}/calls/{{code}}"
ACT = f"{V1}/decision-acts/{{id}}"
REPORT = f"{V1}/reports/{{id}}"
STEPS = f"{V1}/{{resource}}/{{id}}/steps"  # the steps of a report, tranche or recovery

# Page (URL name) -> the API operations that read what it shows and do what it does.
PAGE_ACTIONS = {
    # The applicant's portal.
    "home": [("get", f"{V1}/applications/"), ("get", f"{V1}/calls/")],
    "application-start": [("post", f"{V1}/applications/"), ("get", f"{V1}/applicants/"),
                          ("get", f"{V1}/municipalities/")],
    "application-overview": [("get", f"{APP}/"), ("get", f"{APP}/clarifications/")],
    "application-members": [("put", f"{APP}/municipalities/")],
    "application-plan": [("patch", f"{APP}/")],
    "application-contacts": [("patch", f"{APP}/")],
    "application-actions": [("get", f"{APP}/"), ("get", f"{V1}/target-groups/"), ("get", f"{V1}/partners/")],
    "application-action-new": [("post", f"{APP}/actions/")],
    "application-action": [("put", f"{APP}/actions/{{action_id}}/")],
    "application-action-delete": [("delete", f"{APP}/actions/{{action_id}}/")],
    "application-indicator-new": [("post", f"{APP}/actions/{{action_id}}/indicators/")],
    "application-indicator": [("put", f"{APP}/actions/{{action_id}}/indicators/{{indicator_id}}/")],
    "application-indicator-delete": [("delete", f"{APP}/actions/{{action_id}}/indicators/{{indicator_id}}/")],
    "application-budget": [("post", f"{APP}/budget-lines/")],
    "application-budget-line": [("put", f"{APP}/budget-lines/{{line_id}}/")],
    "application-budget-delete": [("delete", f"{APP}/budget-lines/{{line_id}}/")],
    "application-attachments": [("get", f"{APP}/attachments/"), ("post", f"{APP}/attachments/"),
                                ("get", f"{V1}/attachment-types/")],
    "application-attachment-delete": [("delete", f"{APP}/attachments/{{attachment_id}}/")],
    "attachment-download": [("get", f"{APP}/attachments/{{attachment_id}}/")],
    "portal-submit": [("get", f"{APP}/transitions/"), ("post", f"{APP}/transitions/{{name}}/")],
    "portal-receipt": [("get", f"{APP}/versions/")],
    "portal-version-pdf": [("get", f"{APP}/versions/{{number}}/")],
    "portal-status": [("get", f"{APP}/transitions/"), ("get", f"{APP}/audit/"),
                      ("get", f"{APP}/clarifications/"), ("get", f"{APP}/decision/"),
                      ("post", f"{APP}/transitions/{{name}}/")],
    "portal-withdraw": [("post", f"{APP}/transitions/{{name}}/")],
    "letter-download": [("get", f"{APP}/letter/")],
    "my-notifications": [("get", f"{V1}/notifications/")],
    # The department.
    "department-home": [("get", f"{V1}/calls/")],
    "department-list": [("get", f"{V1}/applications/"), ("post", f"{V1}/assignments/")],
    "department-list-export": [("get", f"{V1}/applications/")],
    "department-dossier": [("get", f"{APP}/"), ("get", f"{APP}/audit/"), ("get", f"{APP}/attachments/"),
                           ("get", f"{APP}/notes/"), ("get", f"{APP}/assessments/"),
                           ("get", f"{APP}/conflict-declarations/"), ("get", f"{APP}/clarifications/"),
                           ("get", f"{APP}/versions/"), ("get", f"{APP}/transitions/")],
    "department-step": [("get", f"{APP}/transitions/"), ("post", f"{APP}/transitions/{{name}}/")],
    "department-conflict": [("post", f"{APP}/conflict-declarations/")],
    "department-assessment": [("put", f"{APP}/assessments/"), ("get", f"{V1}/calls/{{id}}/")],
    "department-note": [("post", f"{APP}/notes/")],
    "department-dashboard": [("get", f"{CALL}/dashboard/")],
    "department-dashboard-export": [("get", f"{CALL}/dashboard/")],
    "department-municipalities": [("get", f"{V1}/municipalities/"), ("get", f"{MONITORING}/municipalities/"),
                                  ("get", f"{CALL}/regiegebieden/"), ("post", f"{CALL}/agreement-imports/")],
    "department-municipality": [("get", f"{MONITORING}/municipalities/{{id}}/agreement-changes/"),
                                ("post", f"{MONITORING}/municipalities/{{id}}/agreement-changes/")],
    "department-regiegebied": [("get", f"{MONITORING}/regiegebieden/{{id}}/agreement-changes/"),
                               ("post", f"{MONITORING}/regiegebieden/{{id}}/agreement-changes/")],
    "department-regiegebieden-form": [("post", f"{CALL}/regiegebieden/")],
    "letter-batches": [("post", f"{V1}/calls/{{id}}/letter-batches/")],
    "letter-batch": [("get", f"{V1}/letter-batches/{{id}}/")],
    "letter-batch-download": [("get", f"{V1}/letter-batches/{{id}}/zip/")],
    "department-notifications": [("get", f"{V1}/notifications/")],
    # Issue 15: the municipalities, registrations, extensions and the work queue.
    "registration-new": [("post", f"{V1}/registrations/"), ("get", f"{V1}/registrations/")],
    "application-partnership": [("put", f"{APP}/partnership/")],
    "department-extensions": [("get", f"{APP}/extensions/"), ("post", f"{APP}/extensions/"),
                              ("delete", f"{APP}/extensions/")],
    "department-queue": [("get", f"{V1}/work-queue/")],
    "department-registrations": [("get", f"{V1}/registrations/")],
    "department-registration": [("post", f"{V1}/registrations/{{id}}/steps/{{name}}/")],
    # Issue 23: changes, appeals and the letters as a series.
    "portal-amendments": [("get", f"{APP}/amendments/"), ("post", f"{APP}/changes/"),
                          ("post", f"{APP}/appeals/"),
                          ("post", f"{V1}/{{resource}}/{{id}}/steps/{{name}}/")],
    "portal-series-letter": [("get", f"{APP}/letters/{{position}}/")],
    "department-amendments": [("get", f"{APP}/amendments/"), ("post", f"{APP}/appeals/"),
                              ("get", f"{V1}/{{resource}}/{{id}}/steps/")],
    "department-series-letter": [("get", f"{APP}/letters/{{position}}/")],
    # The monitoring, for the department and the committee (read-only).
    "monitoring-home": [("get", f"{V1}/calls/")],
    "monitoring-dashboard": [("get", f"{CALL}/dashboard/"), ("get", f"{CALL}/aggregates/"),
                             ("get", f"{MONITORING}/municipalities/"), ("get", f"{CALL}/regiegebieden/")],
    "monitoring-aggregates-export": [("get", f"{CALL}/aggregates/")],
    "monitoring-table": [("get", f"{CALL}/cooperation-agreements/"),
                         ("get", f"{MONITORING}/municipalities/")],
    "monitoring-table-export": [("get", f"{CALL}/cooperation-agreements/")],
    # Issue 16: the decision of a call.
    "department-distribution": [("get", f"{V1}/calls/{{code}}/distribution/")],
    "department-collective-act": [("get", f"{V1}/calls/{{code}}/decision-act/"),
                                  ("post", f"{V1}/calls/{{code}}/decision-act/")],
    "department-act": [("get", f"{ACT}/"), ("get", f"{V1}/decision-acts/")],
    "department-act-annex": [("get", f"{ACT}/annex/pdf/"), ("get", f"{ACT}/annex/xlsx/")],
    # Issue 17: after the decision (yearly reports, payments, recovery).
    "portal-aftercare": [("get", f"{APP}/aftercare/"), ("get", f"{V1}/recoveries/")],
    "portal-report": [("get", f"{APP}/reports/{{year}}/"), ("put", f"{APP}/reports/{{year}}/"),
                      ("post", f"{REPORT}/attachments/"), ("get", f"{STEPS}/"),
                      ("post", f"{STEPS}/{{name}}/")],
    "portal-report-attachment": [("get", f"{REPORT}/attachments/{{attachment_id}}/")],
    "portal-report-attachment-delete": [("delete", f"{REPORT}/attachments/{{attachment_id}}/")],
    "portal-recovery-letter": [("get", f"{V1}/recoveries/{{id}}/letter/")],
    "department-reports": [("get", f"{V1}/reports/")],
    "department-reports-export": [("get", f"{V1}/reports/")],
    "department-payments": [("get", f"{V1}/tranches/"), ("get", f"{V1}/calls/{{code}}/payments/"),
                            ("get", f"{V1}/recoveries/")],
    "department-payments-export": [("get", f"{V1}/tranches/")],
    "department-approved-payments-export": [("get", f"{V1}/calls/{{code}}/approved-payments/")],
    "department-aftercare": [("get", f"{APP}/aftercare/"), ("post", f"{APP}/recoveries/"),
                             ("get", f"{STEPS}/")],
    "department-report": [("get", f"{APP}/reports/{{year}}/"), ("get", f"{STEPS}/")],
    "department-aftercare-step": [("get", f"{STEPS}/"), ("post", f"{STEPS}/{{name}}/")],
    "department-recovery-letter": [("get", f"{V1}/recoveries/{{id}}/letter/")],
}
# Pages with no operation of their own, and why.
NOT_IN_THE_API = {
    "population-total": "a live sum while ticking boxes; the municipalities list gives each population",
    "tokens": "a token is made by its person on the page, never by another token",
    "token-revoke": "idem: revoking is the person's own act on the page",
    "open-data": "public open data, without login: the page describes the fields of the files below",
    "open-data-download": "public open data: the page itself is the CSV and the JSON, for anyone",
}

DOCUMENT = yaml.safe_load((Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml").read_text())


def test_every_page_is_listed_with_its_operations_or_a_reason():
    patterns = [*portal_urls, *department_urls, *notification_urls, *committee_urls]
    pages = {pattern.name for pattern in patterns}
    assert pages == set(PAGE_ACTIONS) | set(NOT_IN_THE_API)
    assert not set(PAGE_ACTIONS) & set(NOT_IN_THE_API)


@pytest.mark.parametrize(("page", "operation"), [
    (page, operation) for page, operations in PAGE_ACTIONS.items() for operation in operations])
def test_the_page_has_its_operation_in_the_api(page, operation):
    method, path = operation
    assert method in DOCUMENT["paths"].get(path, {}), f"{page}: no {method.upper()} {path} in the API"


def test_the_table_can_fail():
    assert "delete" not in DOCUMENT["paths"][f"{APP}/"]  # an application is withdrawn, never deleted
    assert list(DOCUMENT["paths"][f"{CALL}/dashboard/"]) == ["get"]  # the committee only reads
    assert "put" not in DOCUMENT["paths"][f"{ACT}/"]  # an act is recorded once, never changed
