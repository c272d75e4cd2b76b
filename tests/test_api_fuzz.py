"""schemathesis against the committed schema, in-process through the WSGI application: at least
1,000 generated requests (valid and invalid input) as every role and anonymously, and not one
5xx nor one response that the schema does not describe. Derandomized, so CI is reproducible."""

import itertools

import pytest
import schemathesis
import yaml
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from grants.models import Action, ApplicationStatus, BudgetLine, Indicator
from tests import factories
from tests.api_world import build_world, token_for
from tests.lifecycle import place_in
from workflow.models import DecisionLetter

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

REQUESTS = 1200
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


def populated_world(call):
    """Applications in several states, one with its decision letter, so paths reach real rows."""
    world = build_world()
    extra = [factories.make_application(members=(name,), applicant=factories.make_applicant(
        kind="centrumstad", lead=name)) for name in ("Brugge", "Leuven", "Hasselt")]
    for application, status in zip(extra, (ApplicationStatus.INGEDIEND, ApplicationStatus.IN_BEOORDELING,
                                           ApplicationStatus.TOEGEKEND), strict=True):
        place_in(status, world.cast, application)
    letter = DecisionLetter(application=extra[-1], call=call, sequence=1, sha256="0" * 64)
    letter.file.save("brief.pdf", ContentFile(factories.PDF_BYTES), save=False)
    letter.save()
    applications = [world.ours, world.theirs, *extra]
    return world, {
        "id": [a.pk for a in applications],
        "action_id": list(Action.objects.filter(application__in=applications).values_list("pk", flat=True)),
        "indicator_id": list(Indicator.objects.filter(action__application__in=applications)
                             .values_list("pk", flat=True)),
        "line_id": list(BudgetLine.objects.filter(application__in=applications).values_list("pk", flat=True)),
    }


def test_the_api_survives_generated_requests_as_every_role(call, wsgi_app):
    world, real_ids = populated_world(call)
    users = [world.cast[name] for name in ("member", "outsider", "reviewer", "proposer", "decider", "admin")]
    credentials = [{"Authorization": f"Bearer {token_for(u)}"} for u in users] + [{}]
    with open("docs/openapi.yaml") as committed:
        schema = schemathesis.openapi.from_dict(yaml.safe_load(committed))
    operations = [result.ok() for result in schema.get_all_operations()]
    strategies = [operation.as_strategy(mode) for operation in operations
                  for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    sent = itertools.count()

    @settings(max_examples=REQUESTS, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(strategies), headers=st.sampled_from(credentials), real=st.booleans(),
           data=st.data())
    def run(case, headers, real, data):
        if real and isinstance(case.path_parameters, dict):  # often rows that exist, not only random ids
            for name in real_ids.keys() & case.path_parameters.keys():
                case.path_parameters[name] = data.draw(st.sampled_from(real_ids[name]))
        response = case.call(app=wsgi_app, headers=headers)
        next(sent)
        case.validate_response(response, checks=CHECKS)

    run()
    assert next(sent) >= 1000
