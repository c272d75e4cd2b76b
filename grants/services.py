"""The applicant's writes on an application and its multi-year plan.

Every function takes the acting user and ids, never a request, so web pages and the API
share them. Each one finds the application only if the user may see it (404), checks that
the user acts for the applicant (PermissionDenied) and that the application may still be
edited (NotEditable), locks the row so a submission cannot slip in between, validates
(ValidationError with Dutch messages) and writes everything or nothing. The plan's texts and
the contacts, saved most often, do the same in one conditional UPDATE (``_save_fields``).

The department's writes on cooperation agreements with VDAB are in ``grants.agreements``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import (
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    Action,
    ActionYear,
    Applicant,
    ApplicantKind,
    Application,
    ApplicationMunicipality,
    Attachment,
    BudgetLine,
    Call,
    Indicator,
    Municipality,
    OrganisationMembership,
    PartnershipStatus,
)
from grants.models.organisations import centrumstad_refusal
from grants.selectors import (
    applications_visible_to,
    can_act_for,
    can_act_for_municipality,
    get_application_for,
)
from grants.uploads import check_pdf, sha256_of

PLAN_FIELDS = ("environment_analysis", "vision")
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone",
                  "director_name", "director_email", "director_phone", "iban")


class NotEditable(ValidationError):
    """The application was submitted (or withdrawn): its content can no longer change."""


def _refuse_unless_acting_for(user, applicant: Applicant) -> None:
    if not can_act_for(user, applicant):
        raise PermissionDenied(_("Alleen wie voor %(applicant)s mag optreden, kan deze aanvraag "
                                 "wijzigen.") % {"applicant": applicant})


def editable_application(user, application_id) -> Application:
    """The application, locked, if this user may change it now."""
    application = _locked_editable(user, application_id)
    _refuse_unless_acting_for(user, application.applicant)
    return application


def _locked_editable(user, application_id) -> Application:
    """The application, locked, if the user may see it and it may still change (whoever changes it)."""
    queryset = applications_visible_to(user).select_for_update(of=("self",))
    application = get_application_for(user, application_id, queryset=queryset)
    if not application.is_editable:
        raise NotEditable(_("Deze aanvraag heeft de status '%(status)s' en kan niet meer gewijzigd "
                            "worden. Er is niets veranderd.") % {"status": application.get_status_display()},
                          code="not_editable")
    return application


def _describe(application: Application) -> str:
    if application.dossier_number:
        return f"{application.applicant.name} ({application.dossier_number})"
    return _("%(applicant)s (concept)") % {"applicant": application.applicant.name}


def _refuse_taken(call: Call, municipalities, application: Application | None) -> None:
    taken = (ApplicationMunicipality.objects.filter(call=call, municipality__in=municipalities, active=True)
             .select_related("municipality", "application__applicant"))
    if application is not None:
        taken = taken.exclude(application=application)
    refusals = [_("%(municipality)s neemt al deel aan een andere aanvraag voor deze oproep: "
                  "%(application)s.") % {"municipality": m.municipality.name,
                                          "application": _describe(m.application)}
                for m in taken]
    if refusals:
        raise ValidationError({"municipalities": refusals}, code="taken")


def _check_members(application: Application, municipalities) -> None:
    if not municipalities:
        raise ValidationError({"municipalities": _("Kies minstens één deelnemende gemeente.")})
    applicant = application.applicant
    if applicant.kind != ApplicantKind.SAMENWERKINGSVERBAND and (
        len(municipalities) != 1 or municipalities[0].pk != applicant.lead_municipality_id
    ):
        raise ValidationError({"municipalities": _(
            "Een %(kind)s dient alleen voor de eigen gemeente in: %(own)s."
        ) % {"kind": applicant.get_kind_display(), "own": applicant.lead_municipality}})
    existing_on_start = Municipality.objects.valid_on(application.call.period_start)
    if existing_on_start.filter(pk__in=[m.pk for m in municipalities]).count() != len(municipalities):
        raise ValidationError({"municipalities": _("Kies alleen gemeenten die bestaan bij de start "
                                                   "van de looptijd.")})
    _refuse_taken(application.call, municipalities, application)


def _write_members(application: Application, municipalities) -> None:
    wanted = {m.pk for m in municipalities}
    application.memberships.exclude(municipality__in=wanted).delete()
    present = set(application.memberships.values_list("municipality_id", flat=True))
    try:
        with transaction.atomic():  # the partial unique constraint is the last guarantee
            ApplicationMunicipality.objects.bulk_create(
                ApplicationMunicipality(application=application, municipality_id=pk, call=application.call)
                for pk in wanted - present
            )
    except IntegrityError:
        _refuse_taken(application.call, municipalities, application)
        raise


@transaction.atomic
def start_application(user, applicant_id, call_id, municipality_ids) -> Application:
    applicant = Applicant.objects.select_for_update().filter(pk=applicant_id).first()
    if applicant is None or not can_act_for(user, applicant):
        raise PermissionDenied(_("U kunt alleen een aanvraag starten voor een organisatie waarvoor u "
                                 "mag optreden."))
    call = get_object_or_404(Call, pk=call_id)
    if not call.accepts_submissions():
        raise ValidationError(_("Deze oproep is niet open: u kunt er geen aanvraag meer voor starten."))
    if refusal := centrumstad_refusal(applicant.kind, applicant.lead_municipality):
        raise ValidationError(refusal, code="not_centrumstad")
    if applicant.kind not in (call.eligible_kinds or []):
        raise ValidationError(_("Een %(kind)s kan voor deze oproep geen aanvraag indienen.")
                              % {"kind": applicant.get_kind_display()})
    live = call.applications.filter(status__in=LIVE_STATUSES).filter(applicant=applicant).first()
    if live is not None:
        raise ValidationError(_("%(applicant)s heeft voor deze oproep al een aanvraag: %(application)s.")
                              % {"applicant": applicant, "application": _describe(live)})
    application = Application.objects.create(call=call, applicant=applicant, created_by=user)
    municipalities = list(Municipality.objects.filter(pk__in=municipality_ids))
    _check_members(application, municipalities)
    _write_members(application, municipalities)
    return application


@transaction.atomic
def set_members(user, application_id, municipality_ids) -> Application:
    application = editable_application(user, application_id)
    municipalities = list(Municipality.objects.filter(pk__in=municipality_ids))
    _check_members(application, municipalities)
    _write_members(application, municipalities)
    _touch(application)
    return application


def _touch(application: Application) -> None:
    application.save(update_fields=["updated_at"])


def _save_fields(user, application_id, values: dict, allowed) -> None:
    """Validate the values, then write them with one conditional UPDATE: the row changes only
    if it is still editable and the user acts for its applicant, checked on the row itself, so
    a submission committed meanwhile wins. Only when it does not change are the reasons read."""
    fields = [name for name in allowed if name in values]
    draft = Application(**{name: values[name] if values[name] is not None else "" for name in fields})
    draft.full_clean(exclude=[f.name for f in Application._meta.fields if f.name not in fields],
                     validate_unique=False, validate_constraints=False)
    draft.normalize()
    changes = {name: getattr(draft, name) for name in fields} | {"updated_at": timezone.now()}
    if _editable_by(user).filter(pk=application_id).update(**changes):
        return
    with transaction.atomic():  # refused: say why (404, not acting for it, submitted), or write after all
        application = editable_application(user, application_id)
        Application.objects.filter(pk=application.pk).update(**changes)


def _editable_by(user):
    """The applications this user may change now, as conditions on the application row alone (no
    join: an UPDATE re-checks them on the row version a concurrent transaction committed)."""
    acts_for = OrganisationMembership.objects.filter(applicant=OuterRef("applicant_id"), user_id=user.pk)
    return Application.objects.filter(Exists(acts_for), status__in=EDITABLE_STATUSES)


def save_plan(user, application_id, values: dict) -> None:
    """Environment analysis and vision."""
    _save_fields(user, application_id, values, PLAN_FIELDS)


def save_contacts(user, application_id, values: dict) -> None:
    """Contact person, local director and the IBAN of the lead organisation."""
    _save_fields(user, application_id, values, CONTACT_FIELDS)


def _existing_or_new(queryset, pk, new):
    """The object with this pk within the application (404 otherwise), or ``new`` without a pk."""
    return get_object_or_404(queryset, pk=pk) if pk else new


def _check_years(application: Application, years, field="years") -> list[int]:
    years = sorted({int(y) for y in years or ()})
    if not years:
        raise ValidationError({field: _("Kies minstens één jaar.")})
    if not set(years) <= set(application.call.years):
        raise ValidationError({field: _("Kies jaren binnen de looptijd %(start)s–%(end)s.") % {
            "start": application.call.years[0], "end": application.call.years[-1]}})
    return years


@transaction.atomic
def save_action(user, application_id, data: dict, action_id=None) -> Action:
    """Create or change an action: priority, title, description, years, target groups, partners,
    BBC code."""
    application = editable_application(user, application_id)
    action = _existing_or_new(application.actions, action_id, Action(application=application))
    if not application.call.priorities.filter(pk=getattr(data["priority"], "pk", data["priority"])).exists():
        raise ValidationError({"priority": _("Kies een beleidsprioriteit van deze oproep.")})
    years = _check_years(application, data.get("years"))
    action.priority_id = getattr(data["priority"], "pk", data["priority"])
    for name in ("title", "description", "bbc_code"):
        setattr(action, name, (data.get(name) or "").strip())
    action.full_clean(exclude=["application", "priority"])
    action.save()
    action.target_groups.set(data.get("target_groups") or [])
    action.partners.set(data.get("partners") or [])
    action.years.exclude(year__in=years).delete()
    ActionYear.objects.bulk_create([ActionYear(action=action, year=y) for y in years],
                                   ignore_conflicts=True)
    _touch(application)
    return action


@transaction.atomic
def delete_action(user, application_id, action_id) -> None:
    application = editable_application(user, application_id)
    get_object_or_404(application.actions, pk=action_id).delete()
    _touch(application)


@transaction.atomic
def save_indicator(user, application_id, action_id, data: dict, indicator_id=None) -> Indicator:
    """Name, unit, baseline and a target for each year of the call."""
    application = editable_application(user, application_id)
    action = get_object_or_404(application.actions, pk=action_id)
    indicator = _existing_or_new(action.indicators, indicator_id, Indicator(action=action))
    targets = {str(year): data.get("targets", {}).get(str(year)) for year in application.call.years}
    if any(value is None for value in targets.values()):
        raise ValidationError({"targets": _("Geef een streefwaarde voor elk jaar.")})
    if any(value < 0 for value in targets.values()):
        raise ValidationError({"targets": _("Een streefwaarde kan niet negatief zijn.")})
    indicator.name, indicator.unit = data["name"], data["unit"]
    indicator.baseline = data.get("baseline") or 0
    indicator.targets = {year: str(value) for year, value in targets.items()}
    indicator.full_clean(exclude=["action"])
    indicator.save()
    _touch(application)
    return indicator


@transaction.atomic
def delete_indicator(user, application_id, action_id, indicator_id) -> None:
    application = editable_application(user, application_id)
    get_object_or_404(Indicator, pk=indicator_id, action_id=action_id,
                      action__application=application).delete()
    _touch(application)


@transaction.atomic
def save_budget_line(user, application_id, data: dict, line_id=None) -> BudgetLine:
    """A budget line: year, category, source and a non-negative amount in euro."""
    application = editable_application(user, application_id)
    line = _existing_or_new(application.budget_lines, line_id, BudgetLine(application=application))
    _check_years(application, [data["year"]], field="year")
    for name in ("year", "category", "source", "amount", "description"):
        setattr(line, name, data.get(name) if data.get(name) is not None else "")
    line.full_clean(exclude=["application"])
    line.save()
    _touch(application)
    return line


@transaction.atomic
def delete_budget_line(user, application_id, line_id) -> None:
    application = editable_application(user, application_id)
    get_object_or_404(application.budget_lines, pk=line_id).delete()
    _touch(application)


def _attachment_writer(user, application_id, council_decision_of) -> tuple[Application, bool]:
    """The application, locked, and whether the user writes as a member municipality rather than
    as the applicant. ``council_decision_of(application)`` names the municipality whose council
    decision is being written (None for any other attachment): that is all a municipality may write."""
    application = _locked_editable(user, application_id)
    if can_act_for(user, application.applicant):
        return application, False
    municipality_id = council_decision_of(application)
    if municipality_id and can_act_for_municipality(user, municipality_id):
        return application, True
    raise PermissionDenied(_("Een deelnemende gemeente kan alleen haar eigen gemeenteraadsbeslissing "
                             "opladen of vervangen."))


@transaction.atomic
def upload_attachment(user, application_id, attachment_type_id, municipality_id, uploaded) -> Attachment:
    """Store a checked PDF under a random name with its SHA-256; nothing is kept if it is refused.
    A member municipality's user uploads its own council decision, which replaces an earlier one."""
    def council_decision_of(application):
        kind = application.call.mandatory_attachment_types.filter(pk=attachment_type_id).first()
        return municipality_id if kind is not None and kind.per_member_municipality else None

    application, as_municipality = _attachment_writer(user, application_id, council_decision_of)
    attachment_type = get_object_or_404(application.call.mandatory_attachment_types, pk=attachment_type_id)
    municipality = None
    if attachment_type.per_member_municipality:
        membership = application.memberships.filter(municipality_id=municipality_id, active=True).first()
        if membership is None:
            raise ValidationError({"municipality": _("Kies voor welke deelnemende gemeente deze %(type)s "
                                                     "is.") % {"type": attachment_type.name.lower()}})
        municipality = membership.municipality
    pdf = check_pdf(uploaded)
    attachment = Attachment(
        application=application, attachment_type=attachment_type, municipality=municipality,
        original_name=uploaded.name[:255], size=pdf.size, sha256=sha256_of(pdf), uploaded_by=user,
    )
    attachment.file.save("upload.pdf", pdf, save=False)  # attachment_path picks a random name
    if as_municipality:
        earlier = application.attachments.filter(attachment_type=attachment_type, municipality=municipality)
        for replaced in earlier:
            _delete_file_of(replaced)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    _touch(application)
    return attachment


@transaction.atomic
def delete_attachment(user, application_id, attachment_id) -> None:
    """The applicant deletes any attachment; a member municipality only its own council decision."""
    def council_decision_of(application):
        council_decisions = application.attachments.filter(attachment_type__per_member_municipality=True)
        return council_decisions.filter(pk=attachment_id).values_list("municipality_id", flat=True).first()

    application, _as_municipality = _attachment_writer(user, application_id, council_decision_of)
    _delete_file_of(get_object_or_404(application.attachments, pk=attachment_id))
    _touch(application)


def _delete_file_of(attachment: Attachment) -> None:
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def save_partnership(user, application_id, status: str, joined_ids=(), left_ids=()) -> Application:
    """Whether the samenwerkingsverband is bestaand, gewijzigd or nieuw since the previous period,
    and which municipalities joined (members now) or left (not members now)."""
    application = editable_application(user, application_id)
    members = set(application.memberships.filter(active=True).values_list("municipality_id", flat=True))
    joined, left = {int(pk) for pk in joined_ids}, {int(pk) for pk in left_ids}
    errors = {}
    if status not in PartnershipStatus.values:
        errors["partnership_status"] = _("Kies bestaand, gewijzigd of nieuw.")
    elif status == PartnershipStatus.BESTAAND and (joined or left):
        errors["partnership_status"] = _("Een bestaand samenwerkingsverband heeft geen toegetreden of "
                                         "uitgestapte gemeenten: kies 'gewijzigd'.")
    elif status == PartnershipStatus.GEWIJZIGD and not (joined or left):
        errors["joined"] = _("Duid aan welke gemeenten toetraden of uitstapten.")
    elif status == PartnershipStatus.NIEUW:
        joined, left = members, set()
    if not joined <= members:
        errors["joined"] = _("Een toegetreden gemeente moet nu deelnemen.")
    if left & members:
        errors["left"] = _("Een uitgestapte gemeente kan niet meer deelnemen.")
    if errors:
        raise ValidationError(errors)
    application.partnership_status = status
    application.save(update_fields=["partnership_status", "updated_at"])
    application.memberships.update(joined=False)
    application.memberships.filter(municipality_id__in=joined).update(joined=True)
    application.left_municipalities.set(left)
    return application

