"""The yearly report's contents as one form, for the applicant's page and the API alike: a
choice and an explanation per action of the year, a realised value per indicator with a target
that year, an amount spent per budget line of the year, and the narrative. A draft may be
incomplete; what submitting needs is the guard aftercare.guards.report_complete."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftercare.guards import budget_lines_of_year, indicators_of_year
from aftercare.models import ActionReport, BudgetLineReport, Execution, IndicatorReport
from grants.formatting import AmountField

EXECUTION_LABELS = dict(Execution.choices)


class ReportForm(forms.Form):
    narrative = forms.CharField(label=gettext_lazy("Verslag over het werkingsjaar"), widget=forms.Textarea,
                                required=False, max_length=20000)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.actions = list(
            report.application.actions.filter(years__year=report.year).select_related("priority")
        )
        self.indicators = list(indicators_of_year(report).select_related("action"))
        self.lines = list(budget_lines_of_year(report))
        for action in self.actions:
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                label=action.title, required=False, choices=[("", "—"), *Execution.choices]
            )
            self.fields[f"action_{action.pk}_explanation"] = forms.CharField(
                label=_("Toelichting bij '%(action)s'") % {"action": action.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=5000,
            )
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = AmountField(
                label=_("%(name)s (%(unit)s), gerealiseerd")
                % {"name": indicator.name, "unit": indicator.unit},
                required=False,
                example="12",
            )
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = AmountField(
                label=_("%(line)s, besteed (€)") % {"line": line.description or line.get_category_display()},
                required=False,
            )
        if not self.is_bound:
            self.initial = self._stored()

    def _stored(self) -> dict:
        initial = {"narrative": self.report.narrative}
        if self.report.pk is None:  # not yet started: nothing stored
            return initial
        for row in self.report.actions.all():
            initial[f"action_{row.action_id}"] = row.execution
            initial[f"action_{row.action_id}_explanation"] = row.explanation
        for row in self.report.indicators.all():
            initial[f"indicator_{row.indicator_id}"] = row.realised
        for row in self.report.budget_lines.all():
            initial[f"line_{row.budget_line_id}"] = row.spent
        return initial

    def rows(self):
        """The form's fields grouped as the page shows them: per action, indicator and line,
        with the stored value (a Decimal, for reading; the field shows it as typed)."""
        return {
            "actions": [
                (
                    a,
                    self[f"action_{a.pk}"],
                    self[f"action_{a.pk}_explanation"],
                    EXECUTION_LABELS.get(self[f"action_{a.pk}"].value(), ""),
                )
                for a in self.actions
            ],
            "indicators": [
                (
                    i,
                    self[f"indicator_{i.pk}"],
                    i.targets.get(str(self.report.year)),
                    self.initial.get(f"indicator_{i.pk}"),
                )
                for i in self.indicators
            ],
            "lines": [
                (line, self[f"line_{line.pk}"], self.initial.get(f"line_{line.pk}")) for line in self.lines
            ],
        }

    @transaction.atomic
    def save(self) -> None:
        report, data = self.report, self.cleaned_data
        report.narrative = data["narrative"]
        report.save(update_fields=["narrative", "updated_at"])
        for action in self.actions:
            execution = data[f"action_{action.pk}"]
            if execution:
                ActionReport.objects.update_or_create(
                    report=report,
                    action=action,
                    defaults={"execution": execution, "explanation": data[f"action_{action.pk}_explanation"]},
                )
            else:
                ActionReport.objects.filter(report=report, action=action).delete()
        self._store(IndicatorReport, "indicator", self.indicators, "realised")
        self._store(BudgetLineReport, "budget_line", self.lines, "spent", prefix="line")

    def _store(self, model, relation, objects, value_field, prefix=None) -> None:
        for obj in objects:
            value = self.cleaned_data[f"{prefix or relation}_{obj.pk}"]
            if value is None:
                model.objects.filter(report=self.report, **{relation: obj}).delete()
            else:
                model.objects.update_or_create(
                    report=self.report, **{relation: obj}, defaults={value_field: value}
                )
