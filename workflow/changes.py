"""What changed between two submitted versions, as a reviewer reads it: "Begroting 2025,
werkingskosten, gevraagde subsidie: € 12,50 → € 1.250,00", not "budget[6].amount".

Things are matched by what they are, not by their place in a list: a municipality by its NIS
code, an action by its priority and title, an indicator by its name, budget lines by year,
kind of cost and source (summed), an attachment by its type and municipality. The names of
codes (target groups, partners, attachment types) are read once per comparison.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.formatting import format_eur, format_number
from grants.models import Application, AttachmentType, BudgetCategory, BudgetSource, PartnerType, TargetGroup

NOTHING = "—"
PLAN_FIELDS = ("environment_analysis", "vision")
APPLICANT_FIELDS = {"name": gettext_lazy("naam"), "legal_form": gettext_lazy("rechtsvorm"),
                    "kbo_number": gettext_lazy("KBO-nummer")}
ACTION_LISTS = (("years", gettext_lazy("jaren")), ("target_groups", gettext_lazy("doelgroepen")),
                ("partners", gettext_lazy("partners")))


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def readable_changes(old: dict, new: dict) -> list[Change]:
    """Every difference between two snapshots (workflow.snapshots.build_snapshot), in words."""
    names = _code_names()
    names["municipalities"] = {m["nis_code"]: m["name"]
                               for m in [*old.get("municipalities", []), *new.get("municipalities", [])]}
    return [
        *_applicant(old.get("applicant", {}), new.get("applicant", {})),
        *_members(old.get("municipalities", []), new.get("municipalities", [])),
        *_fields(old.get("plan", {}), new.get("plan", {}), PLAN_FIELDS),
        *_fields(old.get("contacts", {}), new.get("contacts", {}), tuple(new.get("contacts", {}))),
        *_actions(old.get("actions", []), new.get("actions", []), names),
        *_budget(old.get("budget", []), new.get("budget", [])),
        *_attachments(old.get("attachments", []), new.get("attachments", []), names),
    ]


def _code_names() -> dict[str, dict[str, str]]:
    return {"target_groups": dict(TargetGroup.objects.values_list("code", "name")),
            "partners": dict(PartnerType.objects.values_list("code", "name")),
            "attachments": dict(AttachmentType.objects.values_list("code", "name"))}


def _text(value) -> str:
    return NOTHING if value in (None, "", []) else str(value)


def _change(label, before, after) -> list[Change]:
    before, after = _text(before), _text(after)
    return [] if before == after else [Change(str(label), before, after)]


def _applicant(old: dict, new: dict) -> list[Change]:
    return [change for key, label in APPLICANT_FIELDS.items()
            for change in _change(_("Aanvrager, %(field)s") % {"field": label}, old.get(key), new.get(key))]


def _members(old: list, new: list) -> list[Change]:
    def names(members):
        return ", ".join(sorted(m["name"] for m in members))
    return _change(_("Deelnemende gemeenten"), names(old), names(new))


def _fields(old: dict, new: dict, fields) -> list[Change]:
    return [change for field in fields for change in _change(
        str(Application._meta.get_field(field).verbose_name).capitalize(), old.get(field), new.get(field))]


def _by(items: list, key) -> dict:
    """Items by what they are; a second item with the same key (two actions of one title)
    gets the key with its rank, so nothing hides behind another."""
    found, counts = {}, defaultdict(int)
    for item in items:
        base = key(item)
        found[(*base, counts[base]) if counts[base] else base] = item
        counts[base] += 1
    return found


def _actions(old: list, new: list, names: dict) -> list[Change]:
    def key(action):
        return action["priority"], action["title"]
    before, after = _by(old, key), _by(new, key)
    changes = []
    for found in sorted(set(before) | set(after)):
        label = _("Actie '%(title)s' (%(priority)s)") % {"title": found[1], "priority": found[0]}
        if found not in after:
            changes += [Change(label, _("in het plan"), _("geschrapt"))]
        elif found not in before:
            changes += [Change(label, NOTHING, _("toegevoegd"))]
        else:
            changes += _action(label, before[found], after[found], names)
    return changes


def _action(label: str, old: dict, new: dict, names: dict) -> list[Change]:
    def listed(action, field):
        return ", ".join(names.get(field, {}).get(code, str(code)) for code in action.get(field, []))
    changes = _change(f"{label}, {_('beschrijving')}", old.get("description"), new.get("description"))
    changes += _change(f"{label}, {_('BBC-code')}", old.get("bbc_code"), new.get("bbc_code"))
    for field, word in ACTION_LISTS:
        changes += _change(f"{label}, {word}", listed(old, field), listed(new, field))
    return changes + _indicators(label, old.get("indicators", []), new.get("indicators", []))


def _indicators(action_label: str, old: list, new: list) -> list[Change]:
    before, after = _by(old, lambda i: (i["name"],)), _by(new, lambda i: (i["name"],))
    changes = []
    for name in sorted(set(before) | set(after)):
        label = _("%(action)s, indicator '%(name)s'") % {"action": action_label, "name": name[0]}
        if name not in after or name not in before:
            changes += [Change(label, _("aanwezig") if name in before else NOTHING,
                               _("geschrapt") if name in before else _("toegevoegd"))]
            continue
        changes += _change(f"{label}, {_('beginwaarde')}", _number(before[name]["baseline"]),
                           _number(after[name]["baseline"]))
        targets_old, targets_new = before[name]["targets"], after[name]["targets"]
        for year in sorted(set(targets_old) | set(targets_new)):
            changes += _change(f"{label}, {_('doel')} {year}", _number(targets_old.get(year)),
                               _number(targets_new.get(year)))
    return changes


def _number(value) -> str | None:
    return None if value in (None, "", "None") else format_number(Decimal(value))


def _budget(old: list, new: list) -> list[Change]:
    def sums(lines):
        totals = defaultdict(Decimal)
        for line in lines:
            totals[line["year"], line["category"], line["source"]] += Decimal(line["amount"])
        return totals
    before, after = sums(old), sums(new)
    categories, sources = dict(BudgetCategory.choices), dict(BudgetSource.choices)
    changes = []
    for year, category, source in sorted(set(before) | set(after)):
        key = (year, category, source)
        label = _("Begroting %(year)s, %(category)s, %(source)s") % {
            "year": year, "category": categories.get(category, category),
            "source": sources.get(source, source)}
        changes += _change(label, _eur(before.get(key)), _eur(after.get(key)))
    return changes


def _eur(amount) -> str | None:
    return None if amount is None else format_eur(amount)


def _attachments(old: list, new: list, names: dict) -> list[Change]:
    def key(attachment):
        return attachment["type"], attachment["municipality"] or ""
    before, after = _by(old, key), _by(new, key)
    changes = []
    for found in sorted(set(before) | set(after)):
        kind, municipality = found[:2]
        label = _("Bijlage: %(type)s") % {"type": names["attachments"].get(kind, kind)}
        label += f" ({names['municipalities'].get(municipality, municipality)})" if municipality else ""
        was, now = before.get(found), after.get(found)
        if was and now and was["sha256"] != now["sha256"] and was["name"] == now["name"]:
            changes += [Change(label, was["name"], _("%(name)s (nieuwe inhoud)") % {"name": now["name"]})]
        else:
            changes += _change(label, was and was["name"], now and now["name"])
    return changes
