"""The department's tabs and call switcher, on every page of its workspace: a template library
(config.settings, TEMPLATES' libraries) whose tag keeps them rendered (grants.fragments)."""

from django import template
from django.utils.safestring import SafeString

from grants.fragments import kept
from grants.models import Call

register = template.Library()


@register.simple_tag(takes_context=True)
def department_tabs(context) -> SafeString:
    """The tabs of the page's ``call`` with its ``section`` current, and the switcher's calls, read
    on every page (one small query): a call added or renamed is a new key, shown at once."""
    call, section = context["call"], context.get("section", "")
    calls = tuple(Call.objects.order_by("is_rehearsal", "-deadline")
                  .values_list("pk", "code", "title", "is_rehearsal", named=True))
    return kept("department/_tabs_kept.html", {"code": call.code, "pk": call.pk, "section": section,
                                               "calls": calls}, (call.code, call.pk, section, calls))
