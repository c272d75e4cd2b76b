"""Loading the reference data shipped in grants/data/ into the database, idempotently.

Rows are matched on their natural key (NIS code, WSE-LR code, slug). Fields that come from
the files are brought in line with them; fields that the department edits in the admin
(contact addresses, VDAB agreements, a call's settings once it exists) are left alone.
"""

import csv
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction

from grants.models import (
    AssessmentCriterion,
    AttachmentType,
    Call,
    Municipality,
    PartnerType,
    PolicyPriority,
    Province,
    TargetGroup,
)
from grants.roles import Role

DATA_DIR = Path(__file__).resolve().parent / "data"
BRUSSELS = ZoneInfo("Europe/Brussels")


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
    """Create the row, or bring the given fields in line; count only real changes."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(label, created=True, changed=True)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(label, created=False, changed=True)
    return obj


def _brussels(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=BRUSSELS)


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    reference = json.loads((data_dir / "reference.json").read_text(encoding="utf-8"))

    for role in Role:
        _, created = Group.objects.get_or_create(name=role.value)
        report.count("rollen", created, False)

    provinces = {
        p["name"]: _sync(report, "provincies", Province, {"nis_code": p["nis_code"]}, {"name": p["name"]})
        for p in reference["provinces"]
    }
    _load_municipalities(report, data_dir, reference, provinces)

    for p in reference["priorities"]:
        _sync(report, "beleidsprioriteiten", PolicyPriority, {"code": p["code"]},
              {k: p[k] for k in ("title", "description", "order")})
    for model, key, label in (
        (TargetGroup, "target_groups", "doelgroepen"),
        (PartnerType, "partner_types", "partnertypes"),
    ):
        for row in reference[key]:
            _sync(report, label, model, {"code": row["code"]}, {"name": row["name"], "order": row["order"]})
    for row in reference["attachment_types"]:
        _sync(report, "bijlagetypes", AttachmentType, {"code": row["code"]},
              {k: row[k] for k in ("name", "description", "per_member_municipality", "order")})

    for row in reference["calls"]:
        _create_call_once(report, row)
    return report


def _load_municipalities(report, data_dir, reference, provinces) -> None:
    valid_from = date.fromisoformat(reference["municipalities_valid_from"])
    centrumsteden = set(reference["centrumsteden"])
    with (data_dir / "municipalities_flanders_2022.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
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
    """A call is created from the file once; after that the department owns it in the admin."""
    if Call.objects.filter(code=row["code"]).exists():
        return
    call = Call.objects.create(
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
    )
    call.priorities.set(PolicyPriority.objects.filter(code__in=row["priorities"]))
    call.mandatory_attachment_types.set(
        AttachmentType.objects.filter(code__in=row["mandatory_attachment_types"])
    )
    AssessmentCriterion.objects.bulk_create(
        AssessmentCriterion(call=call, **criterion) for criterion in row["criteria"]
    )
    report.count("oproepen", created=True, changed=True)
