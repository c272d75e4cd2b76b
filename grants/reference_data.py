"""Loading the reference data shipped in grants/data/ into the database, idempotently.

Rows are matched on their natural key (NIS code, WSE-LR code, slug). Fields that come from
the files are brought in line with them; fields that the department edits in the admin
(contact addresses, VDAB agreements, a call's settings once it exists) are left alone.

Every row is validated like the admin would before it is written, and the whole load is one
transaction: a file with one bad row is refused with a message naming that row, and nothing
of it is loaded.
"""

import csv
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grants.models import (
    AmountRule,
    AssessmentCriterion,
    AttachmentType,
    Call,
    GrantCondition,
    LegalBasis,
    Municipality,
    PartnerType,
    PaymentTerm,
    PolicyPriority,
    Province,
    ReportDueDate,
    TargetGroup,
    payment_schedule_errors,
)
from grants.roles import Role

DATA_DIR = Path(__file__).resolve().parent / "data"
BRUSSELS = ZoneInfo("Europe/Brussels")


class ReferenceDataError(Exception):
    """A reference file that cannot be loaded as it is; nothing of it was loaded."""


@contextmanager
def _reading(where: str):
    """Turn whatever a bad row raises into one message that says which row and why."""
    try:
        yield
    except ValidationError as error:
        raise ReferenceDataError(f"{where}: {_describe(error)}") from error
    except KeyError as error:
        raise ReferenceDataError(f"{where}: het veld {error.args[0]!r} ontbreekt.") from error
    except FileNotFoundError as error:
        raise ReferenceDataError(f"{where}: bestand niet gevonden ({error.filename}).") from error
    except OSError as error:
        raise ReferenceDataError(f"{where}: kan niet gelezen worden ({error.strerror}).") from error
    except (ValueError, TypeError, ArithmeticError, IntegrityError) as error:
        raise ReferenceDataError(f"{where}: ongeldige waarde ({error}).") from error


def _describe(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == "__all__" else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, created: bool, changed: bool) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1
        elif changed:
            self.updated[label] = self.updated.get(label, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def _sync(report: LoadReport, label: str, model, lookup: dict, values: dict):
    """Create the row, or bring the given fields in line; count only real changes.

    Uniqueness is left to the database: the row was looked up by its natural key, and a clash
    on another unique field surfaces as an IntegrityError that `_reading` reports.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        report.count(label, created=True, changed=True)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        # The row's updated_at too, where it has one (the API's ?updated_since= reads it).
        stamps = [field.name for field in model._meta.fields if getattr(field, "auto_now", False)]
        obj.save(update_fields=changed + stamps)
        report.count(label, created=False, changed=True)
    return obj


def _brussels(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=BRUSSELS)


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    with _reading("reference.json"):
        reference = json.loads((data_dir / "reference.json").read_text(encoding="utf-8"))

    for role in Role:
        _, created = Group.objects.get_or_create(name=role.value)
        report.count("rollen", created, False)

    provinces = {province.name: province for province in _each(reference, "provinces", lambda p: _sync(
        report, "provincies", Province, {"nis_code": p["nis_code"]}, {"name": p["name"]}))}
    _load_municipalities(report, data_dir, reference, provinces)

    _each(reference, "priorities", lambda p: _sync(
        report, "beleidsprioriteiten", PolicyPriority, {"code": p["code"]},
        {k: p[k] for k in ("title", "description", "order")}))
    for model, key, label in (
        (TargetGroup, "target_groups", "doelgroepen"),
        (PartnerType, "partner_types", "partnertypes"),
    ):
        _each(reference, key, lambda row, model=model, label=label: _sync(
            report, label, model, {"code": row["code"]}, {"name": row["name"], "order": row["order"]}))
    _each(reference, "attachment_types", lambda row: _sync(
        report, "bijlagetypes", AttachmentType, {"code": row["code"]},
        {k: row[k] for k in ("name", "description", "per_member_municipality", "order")}))

    _each(reference, "calls", lambda row: _create_call_once(report, row))
    return report


def _each(reference: dict, key: str, load_row) -> list:
    """Load each row of one list in reference.json; an error names the row."""
    with _reading("reference.json"):
        rows = reference[key]
    loaded = []
    for number, row in enumerate(rows, 1):
        with _reading(f"reference.json, {key} nr. {number}"):
            loaded.append(load_row(row))
    return loaded


def _load_municipalities(report, data_dir, reference, provinces) -> None:
    with _reading("reference.json"):
        valid_from = date.fromisoformat(reference["municipalities_valid_from"])
        centrumsteden = set(reference["centrumsteden"])
    name = "municipalities_flanders_2022.csv"
    with _reading(name), (data_dir / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for line, row in enumerate(rows, 2):
        with _reading(f"{name}, regel {line}"):
            if row["province"] not in provinces:
                raise ValueError(f"onbekende provincie {row['province']!r}")
            _sync(report, "gemeenten", Municipality, {"nis_code": row["nis_code"]}, {
                "name": row["name"],
                "province": provinces[row["province"]],
                "arrondissement": row["arrondissement"],
                "population": int(row["population"]),
                "population_year": int(row["population_year"]),
                "is_centrumstad": row["nis_code"] in centrumsteden,
                "valid_from": valid_from,
            })


def _create_call_once(report: LoadReport, row: dict) -> None:
    """A call is created from the file once; after that the department owns it in the admin.

    A part of a call that the file gained later (the payment schedule) is added to a call
    that has none of it yet, so an older database gets it too.
    """
    existing = Call.objects.filter(code=row["code"]).first()
    if existing:
        _add_call_parts(report, existing, row)
        return
    call = Call(
        code=row["code"],
        title=row["title"],
        legal_basis=row["legal_basis"],
        dossier_prefix=row["dossier_prefix"],
        period_start=date.fromisoformat(row["period_start"]),
        period_end=date.fromisoformat(row["period_end"]),
        opens_at=_brussels(row["opens_at"]),
        deadline=_brussels(row["deadline"]),
        decision_expected=date.fromisoformat(row["decision_expected"]),
        annual_envelope=Decimal(row["annual_envelope"]),
        minimum_population=row["minimum_population"],
        eligible_kinds=row["eligible_kinds"],
        population_exempt_kinds=row["population_exempt_kinds"],
        reminder_offsets_days=row["reminder_offsets_days"],
        reminder_time=time.fromisoformat(row["reminder_time"]),
        budget_article=row.get("budget_article", ""),
        **{key: row[key] for key in CALL_DECISION_FIELDS if key in row},
    )
    if "report_reminder_days" in row:
        call.report_reminder_days = row["report_reminder_days"]
    call.full_clean()
    call.save()
    call.priorities.set(_by_code(PolicyPriority, row["priorities"], "beleidsprioriteit"))
    call.mandatory_attachment_types.set(
        _by_code(AttachmentType, row["mandatory_attachment_types"], "bijlagetype")
    )
    criteria = [AssessmentCriterion(call=call, **criterion) for criterion in row["criteria"]]
    for criterion in criteria:
        criterion.full_clean()
    AssessmentCriterion.objects.bulk_create(criteria)
    report.count("oproepen", created=True, changed=True)
    _add_call_parts(report, call, row)


# What a call says about deciding, taken from the file when the call is created.
CALL_DECISION_FIELDS = ("purpose", "ranking_keys", "act_kind", "act_signer_name", "act_signer_function",
                        "act_delegation_basis", "reconsideration_days")
# Parts of a call the file gained later, each added once to a call that has none of it yet.
CALL_PARTS = (("amount_rules", AmountRule, "bedragregels"), ("legal_bases", LegalBasis, "rechtsgronden"),
              ("grant_conditions", GrantCondition, "voorwaarden"))


def _add_call_parts(report: LoadReport, call: Call, row: dict) -> None:
    added = _add_payment_schedule(report, call, row)
    for key, model, label in CALL_PARTS:
        if getattr(call, key).exists() or not row.get(key):
            continue
        parts = [model(call=call, **part) for part in row[key]]
        for part in parts:
            part.full_clean()
        model.objects.bulk_create(parts)
        report.count(label, created=True, changed=True)
        added = True
    added = _add_report_due_dates(report, call, row) or added
    if added:  # the call changed: pages that show its rules are kept under its updated_at
        call.save(update_fields=["updated_at"])


def _add_payment_schedule(report: LoadReport, call: Call, row: dict) -> bool:
    if call.payment_terms.exists() or not row.get("payment_terms"):
        return False
    terms = [PaymentTerm(call=call, **term) for term in row["payment_terms"]]
    for term in terms:
        term.full_clean()
    if errors := payment_schedule_errors(terms):
        raise ValidationError(errors)
    PaymentTerm.objects.bulk_create(terms)
    report.count("betalingsschijven", created=True, changed=True)
    return True


def _add_report_due_dates(report: LoadReport, call: Call, row: dict) -> bool:
    """The yearly reports' due dates, added like the payment schedule: once, to a call without."""
    if call.report_due_dates.exists() or not row.get("report_due_dates"):
        return False
    dates = [ReportDueDate(call=call, year=item["year"], due_on=date.fromisoformat(item["due_on"]))
             for item in row["report_due_dates"]]
    for due in dates:
        due.full_clean()
        if due.year not in call.years:
            raise ValueError(f"jaarverslag {due.year}: geen werkingsjaar van de oproep")
    ReportDueDate.objects.bulk_create(dates)
    report.count("uiterste data jaarverslagen", created=True, changed=True)
    return True


def _by_code(model, codes: list[str], noun: str) -> list:
    """The rows with these codes; an unknown code is an error, not a silently shorter list."""
    found = {obj.code: obj for obj in model.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValueError(f"onbekende {noun}: {', '.join(unknown)}")
    return [found[code] for code in codes]
