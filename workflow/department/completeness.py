"""Completeness of many applications in one query, for the list's filter and column.

``grants.completeness.missing_items`` answers for one application with several queries;
a list of a thousand rows cannot afford that, so the same rules are written here as SQL
conditions. ``tests/test_department_list.py`` checks that both agree.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Trim

from grants.models import (
    ActionYear,
    ApplicantKind,
    ApplicationMunicipality,
    Attachment,
    BudgetLine,
    Call,
)

REQUIRED_TEXTS = ("environment_analysis", "vision", "contact_name", "contact_email", "director_name", "iban")


def _members(**filters):
    return ApplicationMunicipality.objects.filter(application=OuterRef("pk"), active=True, **filters)


def population_expression():
    total = _members().values("application").annotate(n=Sum("municipality__population")).values("n")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def _attachment_present(attachment_type) -> Q:
    if not attachment_type.per_member_municipality:
        uploaded = Attachment.objects.filter(application=OuterRef("pk"), attachment_type=attachment_type)
        return Q(Exists(uploaded))
    uploaded = Attachment.objects.filter(application=OuterRef("application"), attachment_type=attachment_type,
                                         municipality=OuterRef("municipality"))
    return ~Q(Exists(_members().exclude(Exists(uploaded))))


def with_completeness(queryset, call: Call):
    """Annotate ``is_complete``: what ``missing_items`` would return empty for."""
    queryset = queryset.alias(
        **{f"_trim_{name}": Trim(name) for name in REQUIRED_TEXTS},
        _population=population_expression(),
    )
    condition = Q(applicant__kind__in=call.eligible_kinds or []) & Q(Exists(_members()))
    condition &= (~Q(applicant__kind=ApplicantKind.SAMENWERKINGSVERBAND)
                  | Q(applicant__kind__in=call.population_exempt_kinds or [])
                  | Q(_population__gte=call.minimum_population))
    for name in REQUIRED_TEXTS:
        condition &= ~Q(**{f"_trim_{name}": ""})
    for priority_id in call.priorities.values_list("pk", flat=True):
        for year in call.years:
            condition &= Q(Exists(ActionYear.objects.filter(
                action__application=OuterRef("pk"), action__priority_id=priority_id, year=year)))
    condition &= Q(Exists(BudgetLine.objects.filter(application=OuterRef("pk"))))
    for attachment_type in call.mandatory_attachment_types.all():
        condition &= _attachment_present(attachment_type)
    return queryset.annotate(is_complete=ExpressionWrapper(condition, output_field=BooleanField()))
