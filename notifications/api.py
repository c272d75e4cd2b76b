"""The notifications (e-mails) through the API: the department sees all of them, an applicant
only those about its own organisations' applications (notifications.selectors decides)."""

import django_filters
from django.utils.translation import gettext_lazy
from rest_framework import serializers, viewsets

from grants.api.filters import IdFilter
from grants.roles import is_department
from notifications.models import Kind, Notification, Status
from notifications.selectors import notifications_visible_to


class NotificationSerializer(serializers.ModelSerializer):
    error = serializers.SerializerMethodField(help_text=gettext_lazy("Alleen voor het departement."))

    class Meta:
        model = Notification
        fields = ["id", "kind", "status", "recipient", "application", "subject", "body", "created_at",
                  "sent_at", "attempts", "error"]

    def get_error(self, notification) -> str | None:
        return notification.error if self.context["department"] else None


class NotificationFilter(django_filters.FilterSet):
    application = IdFilter(field_name="application_id")
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """E-mails sent (or waiting to be sent) about applications you may see."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    updated_fields = ("created_at", "sent_at")
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return notifications_visible_to(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "department": is_department(self.request.user)}
