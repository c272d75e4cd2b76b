"""grants.sql: queries compiled once per process and run with each request's values."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grants.models import Applicant, OrganisationMembership
from grants.rehearsal import copy_call_as_rehearsal
from grants.selectors import applicants_of, portal_home_reads
from grants.sql import rows_of
from tests import factories

pytestmark = pytest.mark.django_db


def acted_for(user_id):
    return Applicant.objects.filter(organisationmembership__user_id=user_id)


def test_the_same_sql_answers_for_each_users_own_values(reference_data):
    first, second = factories.make_user(), factories.make_user()
    for name, user in (("Regio Leie", first), ("Regio Dender", first), ("Stad Gent", second)):
        OrganisationMembership.objects.create(user=user, applicant=factories.make_applicant(name=name))
    for user in (first, second):
        assert rows_of(acted_for, user.pk) == list(applicants_of(user))
    assert [a.name for a in rows_of(acted_for, second.pk)] == ["Stad Gent"]


def containing(text_id):
    return Applicant.objects.filter(name__icontains=text_id)


def test_a_value_the_sql_does_not_take_as_it_is_is_refused(reference_data):
    with pytest.raises(ValueError, match="do not reach the SQL as they are"):
        rows_of(containing, 1)


def test_the_home_lists_the_calls_open_now_by_their_own_rule(reference_data):
    now = timezone.now()
    open_call, closed, later = (copy_call_as_rehearsal(factories.the_call(), days_left=3, code=code)
                                for code in ("open", "closed", "later"))
    closed.deadline = now - timedelta(seconds=1)
    closed.save()
    later.opens_at = now + timedelta(days=1)
    later.save()
    calls = portal_home_reads(factories.make_user())[2]
    assert open_call in calls and closed not in calls and later not in calls
