"""A part of a page kept, rendered, per process: for the parts that cost a page most to render
(the map of Flanders, a table of 300 municipalities) and that only change with what they show.

The key is everything the part shows, so a change of any of it is a new key and the part can
never be stale: the caller still reads the rows each request, only the template is skipped.
The language is part of the key. A kept part holds nothing of the request (no CSRF token, no user).
"""

from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def kept(template_name: str, context: dict, shown: tuple) -> SafeString:
    """``template_name`` rendered with ``context``; ``shown`` is (hashable) all that it shows."""
    return _render(Keyed((template_name, context), (template_name, shown, get_language())))


class Keyed:
    """A value as an ``lru_cache`` argument: equal to another when their keys are, whatever the
    value (a template's context, a call) holds. The key must name everything the result depends on."""

    def __init__(self, value, key: tuple):
        self.value, self.key = value, key

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return self.key == other.key


# Room for every page's parts at once: the map, the dashboards' tables, the list's rows and fields,
# the department's tabs per call, section and language (some 50 of them with two calls).
@lru_cache(maxsize=160)
def _render(part: Keyed) -> SafeString:
    return render_to_string(*part.value)
