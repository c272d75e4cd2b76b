"""The department's tabs and call switcher, on every page of its workspace: a template library
(config.settings, TEMPLATES' libraries) whose tag keeps them rendered (grants.fragments)."""

from collections import namedtuple
from functools import cache as once_per_process

from django import template
from django.db import connection
from django.utils.safestring import SafeString

from grants.fragments import kept
from grants.models import Call
from grants.sql import compiled

register = template.Library()
SwitcherCall = namedtuple("SwitcherCall", "pk code title is_rehearsal")


@register.simple_tag(takes_context=True)
def department_tabs(context) -> SafeString:
    """The tabs of the page's ``call`` with its ``section`` current, and the switcher's calls, read
    on every page (one small query): a call added or renamed is a new key, shown at once."""
    call, section = context["call"], context.get("section", "")
    calls = _switcher_calls()
    return kept("department/_tabs_kept.html", {"code": call.code, "pk": call.pk, "section": section,
                                               "calls": calls}, (call.code, call.pk, section, calls))


def _switcher_calls() -> tuple[SwitcherCall, ...]:
    """The calls, the real ones first, latest deadline first; in SQL written once per process:
    compiling the query cost more than running it, on every page of the workspace."""
    with connection.cursor() as cursor:
        cursor.execute(_calls_sql())
        return tuple(SwitcherCall(pk, code, title, bool(rehearsal)) for pk, code, title, rehearsal in cursor)


@once_per_process
def _calls_sql() -> str:
    calls = Call.objects.order_by("is_rehearsal", "-deadline").values_list(*SwitcherCall._fields)
    return compiled(calls)[0]  # it takes no parameters
