"""The API's parsers: DRF's own, refusing while parsing what would otherwise become a 500.

PostgreSQL stores no NUL character in text or jsonb. DRF's CharField refuses one, but a slug
lookup (an action's priority, target groups, partners), a dict key (an indicator's targets) or
a choice carries it to the database, which fails. A JSON body nested a thousand deep exhausts
Python's recursion while it is decoded. Checking the parsed body covers every field at once.
"""

from django.utils.translation import gettext_lazy
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Far deeper than any request of the API (an indicator's targets: two levels).
MAX_DEPTH = 32


class NulCharacter(ParseError):
    default_detail = gettext_lazy("De invoer bevat een NUL-teken; dat kan in geen enkel veld.")
    dutch = True  # the error handler shows this sentence instead of the general one


class TooDeep(ParseError):
    default_detail = gettext_lazy("De invoer is te diep genest.")
    dutch = True


def check(value, depth: int = 0) -> None:
    """Raise NulCharacter or TooDeep for a parsed body (dicts, lists, QueryDicts, strings)."""
    if depth > MAX_DEPTH:
        raise TooDeep()
    if isinstance(value, str):
        if "\x00" in value:
            raise NulCharacter()
    elif hasattr(value, "lists"):  # a QueryDict: every value of every key
        for key, values in value.lists():
            check([key, *values], depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            check(key, depth + 1)
            check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check(item, depth + 1)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise TooDeep() from None
        check(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        check(parsed.data)
        return parsed
