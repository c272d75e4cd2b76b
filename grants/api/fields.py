"""API fields that read input as the web forms do."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from grants.formatting import parse_belgian_decimal


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "example": "62.500,00"}]})
class AmountSerializerField(serializers.DecimalField):
    """An amount as a JSON number, as "62500.00", or in Belgian notation ("62.500,00"), read by
    the same parser as the forms, so the API and the pages accept the same amounts."""

    default_error_messages = {
        "invalid": gettext_lazy('Geef een bedrag, bijvoorbeeld 62500.00 of "62.500,00".'),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = parse_belgian_decimal(data)
            except InvalidOperation:
                self.fail("invalid")
        if isinstance(data, float | int) and not isinstance(data, bool):
            data = Decimal(str(data))
        return super().to_internal_value(data)
