"""Registering and editing persons, and their family/guardian links."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import files, matching, permissions, signals
from sentra.beneficiaries import nik as nik_service
from sentra.beneficiaries.models import (
    PHONE_VALIDATOR,
    Beneficiary,
    DisabilityType,
    DuplicateReview,
    IntakeChannel,
    NoNikReason,
    QualityFlag,
    Relationship,
    RelationshipType,
    Sex,
    new_registration_number,
)
from sentra.beneficiaries.rules import duplicates, names
from sentra.beneficiaries.rules import nik as nik_rules
from sentra.core import audit, crypto
from sentra.core.models import User
from sentra.network.models import Cluster, Region, Sentra

MAX_ALIASES = 10
MAX_AGE = 120
OLDEST_BIRTH_YEAR = 1900
ESTIMATED_BIRTHDAY = (7, 1)  # an estimated age puts the birthday mid-year
# Choice values as sets, computed once (``Choices.values`` builds a new list on every access).
SEXES = frozenset(Sex.values)
INTAKE_CHANNELS = frozenset(IntakeChannel.values)
NO_NIK_REASONS = frozenset(NoNikReason.values)
CLUSTERS = frozenset(Cluster.values)
DISABILITY_TYPES = frozenset(DisabilityType.values)


def nik_hash(value: str) -> str:
    return crypto.lookup_hash(nik_rules.normalise(value), purpose="nik") if value else ""


def kk_hash(value: str) -> str:
    return crypto.lookup_hash(nik_rules.normalise(value), purpose="kk") if value else ""


def import_key(name_key: str, data: BeneficiaryInput, region_code: str) -> str:
    """Who a person without a NIK is, for re-imports: name, birth date (or stated age) and region."""
    born = data.birth_date.isoformat() if data.birth_date else f"age:{data.estimated_age}"
    return crypto.lookup_hash(f"{name_key}|{born}|{region_code}", purpose="import")


@dataclass(frozen=True)
class BeneficiaryInput:
    """Everything a person edits on a registration."""

    full_name: str
    sex: str
    intake_channel: str
    nik: str = ""
    no_nik_reason: str = ""
    no_nik_note: str = ""
    kk_number: str = ""
    aliases: Sequence[str] = ()
    birth_date: datetime.date | None = None
    estimated_age: int | None = None
    birth_place: str = ""
    address: str = ""
    region_code: str = ""
    phone: str = ""
    clusters: Sequence[str] = ()
    disability_types: Sequence[str] = ()
    health_notes: str = ""
    dtks_reference: str = ""
    dtks_snapshot_date: datetime.date | None = None


@dataclass
class Checked:
    errors: dict[str, list[str]] = field(default_factory=dict)
    nik: nik_rules.NikParse | None = None
    region_code: str = ""  # a Kemendagri code known to exist

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _unknown(values: Sequence[str], allowed: Collection[str]) -> list[str]:
    return [value for value in values if value not in allowed]


@dataclass(frozen=True)
class Lookups:
    """How ``check`` reaches the region list: one query per call by default, prefetched sets in bulk."""

    parse_nik: Callable[[str], nik_rules.NikParse] = nik_service.parse
    region_exists: Callable[[str], bool] = lambda code: Region.objects.filter(code=code).exists()


DEFAULT_LOOKUPS = Lookups()


def check(data: BeneficiaryInput, today: datetime.date, lookups: Lookups = DEFAULT_LOOKUPS) -> Checked:
    """Every rule a field cannot express on its own, each named by its field, all reported together."""
    checked = Checked()
    name = data.full_name.strip()
    if not name:
        checked.add("full_name", _("Enter the person's name (a single name is fine)."))
    elif len(name) > 200:
        checked.add("full_name", _("The name is longer than 200 characters."))
    elif not names.name_key(name):
        checked.add("full_name", _("The name must contain letters."))
    if data.sex not in SEXES:
        checked.add("sex", _("Choose male or female."))
    if data.intake_channel not in INTAKE_CHANNELS:
        checked.add("intake_channel", _("Choose how the person came to the centre."))
    raw_nik = data.nik.strip()
    if raw_nik:
        parsed = lookups.parse_nik(raw_nik)
        checked.nik = parsed
        for code in parsed.errors:
            checked.add("nik", nik_service.error_text(code))
    elif not data.no_nik_reason:
        checked.add(
            "no_nik_reason", _("Enter the NIK, or choose why the person has none (registration is allowed).")
        )
    elif data.no_nik_reason not in NO_NIK_REASONS:
        checked.add("no_nik_reason", _("Choose one of the listed reasons."))
    elif data.no_nik_reason == NoNikReason.OTHER and not data.no_nik_note.strip():
        checked.add("no_nik_note", _("Explain why the person has no NIK."))
    kk = nik_rules.normalise(data.kk_number)
    if kk and (len(kk) != 16 or not (kk.isascii() and kk.isdigit())):
        checked.add("kk_number", _("A family card (KK) number has exactly 16 digits."))
    aliases = [alias.strip() for alias in data.aliases if alias.strip()]
    if len(aliases) > MAX_ALIASES:
        checked.add("aliases", _("Give at most {count} aliases.").format(count=MAX_ALIASES))
    if any(len(alias) > 200 for alias in aliases):
        checked.add("aliases", _("An alias is longer than 200 characters."))
    if data.birth_date is not None:
        if data.birth_date > today:
            checked.add("birth_date", _("The birth date cannot be in the future."))
        elif data.birth_date.year < OLDEST_BIRTH_YEAR:
            checked.add("birth_date", _("The birth date cannot be before 1900."))
    elif data.estimated_age is None:
        checked.add("birth_date", _("Enter the birth date, or an estimated age when it is not known."))
    elif not 0 <= data.estimated_age <= MAX_AGE:
        checked.add("estimated_age", _("The estimated age must be between 0 and 120 years."))
    code = data.region_code.strip()
    if code:
        if lookups.region_exists(code):
            checked.region_code = code
        else:
            checked.add(
                "region",
                _("No Kemendagri region has the code '{code}'. Look it up on the regions page.").format(
                    code=code
                ),
            )
    if data.phone.strip():
        try:
            PHONE_VALIDATOR(data.phone.strip())
        except ValidationError as exc:
            checked.errors.setdefault("phone", []).extend(exc.messages)
    if unknown := _unknown(data.clusters, CLUSTERS):
        checked.add("clusters", _("Unknown cluster: {values}.").format(values=", ".join(unknown)))
    if unknown := _unknown(data.disability_types, DISABILITY_TYPES):
        checked.add(
            "disability_types", _("Unknown disability type: {values}.").format(values=", ".join(unknown))
        )
    if data.dtks_snapshot_date and not data.dtks_reference.strip():
        checked.add("dtks_reference", _("Enter the DTKS/DTSEN reference the snapshot date belongs to."))
    if data.dtks_reference.strip() and not data.dtks_snapshot_date:
        checked.add(
            "dtks_snapshot_date", _("Enter the date of the DTKS/DTSEN data the reference comes from.")
        )
    if data.dtks_snapshot_date and data.dtks_snapshot_date > today:
        checked.add("dtks_snapshot_date", _("The snapshot date cannot be in the future."))
    if len(data.dtks_reference.strip()) > 40:
        checked.add("dtks_reference", _("The reference is longer than 40 characters."))
    for name_, limit in (("birth_place", 100), ("no_nik_note", 2000)):
        if len(getattr(data, name_).strip()) > limit:
            checked.add(name_, _("At most {count} characters.").format(count=limit))
    return checked


def quality_flags(
    beneficiary: Beneficiary, parsed: nik_rules.NikParse | None, today: datetime.date
) -> list[str]:
    """Facts to check, shown on the record; none of them refuses a registration."""
    flags: list[str] = []
    if not beneficiary.nik:
        flags.append(QualityFlag.NO_NIK)
    if parsed is not None and parsed.valid:
        if parsed.sex and parsed.sex != beneficiary.sex:
            flags.append(QualityFlag.NIK_SEX_MISMATCH)
        if (
            beneficiary.birth_date is not None
            and not beneficiary.birth_date_estimated
            and not nik_rules.birth_date_matches(parsed, beneficiary.birth_date)
        ):
            flags.append(QualityFlag.NIK_BIRTH_DATE_MISMATCH)
        if nik_rules.REGION_NOT_IN_LIST in parsed.warnings:
            flags.append(QualityFlag.NIK_REGION_UNKNOWN)
    age = beneficiary.age_on(today)
    if age is not None and age > 100:
        flags.append(QualityFlag.AGE_OVER_100)
    if beneficiary.birth_date_estimated:
        flags.append(QualityFlag.BIRTH_DATE_ESTIMATED)
    if not beneficiary.region_id:
        flags.append(QualityFlag.NO_REGION)
    return flags


def _unique_in_order(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def apply(beneficiary: Beneficiary, data: BeneficiaryInput, checked: Checked, today: datetime.date) -> None:
    beneficiary.full_name = " ".join(data.full_name.split())
    beneficiary.name_key = names.name_key(beneficiary.full_name)
    beneficiary.aliases = _unique_in_order([" ".join(alias.split()) for alias in data.aliases])
    beneficiary.aliases_key = names.aliases_key(beneficiary.aliases)
    beneficiary.sex = data.sex
    nik = checked.nik.nik if checked.nik is not None else ""
    beneficiary.nik = nik
    beneficiary.nik_hash = nik_hash(nik)
    beneficiary.no_nik_reason = "" if nik else data.no_nik_reason
    beneficiary.no_nik_note = "" if nik else data.no_nik_note.strip()
    kk = nik_rules.normalise(data.kk_number)
    beneficiary.kk_number = kk
    beneficiary.kk_hash = kk_hash(kk)
    if data.birth_date is not None:
        beneficiary.birth_date = data.birth_date
        beneficiary.birth_date_estimated = False
        beneficiary.estimated_age = None
    else:
        assert data.estimated_age is not None
        beneficiary.estimated_age = data.estimated_age
        beneficiary.birth_date = datetime.date(today.year - data.estimated_age, *ESTIMATED_BIRTHDAY)
        beneficiary.birth_date_estimated = True
    beneficiary.birth_place = data.birth_place.strip()
    beneficiary.address = data.address.strip()
    beneficiary.region_id = checked.region_code or None
    beneficiary.phone = data.phone.strip()
    beneficiary.clusters = _unique_in_order(data.clusters)
    beneficiary.disability_types = _unique_in_order(data.disability_types)
    beneficiary.health_notes = data.health_notes.strip()
    beneficiary.intake_channel = data.intake_channel
    beneficiary.dtks_reference = data.dtks_reference.strip()
    beneficiary.dtks_snapshot_date = data.dtks_snapshot_date
    beneficiary.import_key = (
        "" if nik else import_key(beneficiary.name_key, data, beneficiary.region_id or "")
    )
    beneficiary.quality_flags = quality_flags(beneficiary, checked.nik, today)


def existing_by_nik(value: str) -> Beneficiary | None:
    """The record holding this NIK, whoever may see it (for the service's duplicate gate only)."""
    digits = nik_rules.normalise(value)
    if not digits:
        return None
    return Beneficiary.objects.filter(nik_hash=nik_hash(digits)).select_related("merged_into").first()


def nik_taken_message(*, actor: User, holder: Beneficiary) -> str:
    """What a person registering a NIK that is already held learns.

    When they may see the holder's record they get its registration number (the page links to it).
    When they may not, they learn only that the NIK is registered at another centre: no name, no
    centre (the centre alone can reveal a health condition, e.g. a NAPZA or psychosocial centre). The
    probe is written to the access log under the holder's centre, so its head can see who asked.
    """
    if Beneficiary.objects.visible_to(actor).filter(pk=holder.pk).exists():
        return _("This NIK is already registered as {number}. Open that record instead.").format(
            number=holder.registration_number
        )
    audit.record_access(
        actor=actor,
        instance=holder,
        category="identifiers",
        purpose=_("NIK duplicate check at registration"),
        sentra_id=holder.registered_sentra_id,
    )
    return _(
        "This NIK is already registered at another centre. Its record is not shown to protect the "
        "person's privacy. Ask that centre for a referral instead of registering the person again."
    )


class PossibleDuplicates(ValidationError):
    """Registration refused until the person confirms the listed candidates are someone else."""

    def __init__(self, candidates: list[matching.Candidate]) -> None:
        self.candidates = candidates
        super().__init__(
            {
                "confirm_new_person": [
                    _(
                        "{count} existing record(s) look like this person. Check them; if none is the "
                        "same person, tick the confirmation and save again."
                    ).format(count=len(candidates))
                ]
            }
        )


def _require_registrar(actor: User, sentra: Sentra) -> None:
    if not permissions.may_register(actor, sentra.pk):
        raise PermissionDenied


def _save_photo(beneficiary: Beneficiary, photo: UploadedFile | None) -> None:
    if photo is not None:
        files.check_photo(photo)
        beneficiary.photo.save(photo.name or "photo", photo, save=False)


def _queue_reviews(*, actor: User | None, beneficiary: Beneficiary) -> int:
    """Open a review for every likely duplicate anywhere (the finder never merges on its own)."""
    found = matching.duplicate_candidates(
        matching.facts_of(beneficiary),
        Beneficiary.objects.all(),
        exclude_pk=beneficiary.pk,
        threshold=duplicates.REVIEW_THRESHOLD,
    )
    created = 0
    for candidate in found:
        first, second = sorted((beneficiary.pk, candidate.pk))
        _review, was_created = DuplicateReview.objects.get_or_create(
            first_id=first,
            second_id=second,
            defaults={
                "score": candidate.match.score,
                "reasons": [reason.as_dict() for reason in candidate.match.reasons],
                "created_by": actor,
            },
        )
        created += int(was_created)
    return created


@transaction.atomic
def _create(
    *, actor: User | None, sentra: Sentra, beneficiary: Beneficiary, photo: UploadedFile | None
) -> Beneficiary:
    beneficiary.registered_sentra = sentra
    beneficiary.created_by = actor
    _save_photo(beneficiary, photo)
    while Beneficiary.objects.filter(registration_number=beneficiary.registration_number).exists():
        beneficiary.registration_number = new_registration_number()  # about one in 10^12: draw again
    try:
        with transaction.atomic():
            beneficiary.save()
    except IntegrityError:
        raise ValidationError({"nik": [_("This NIK is already registered.")]}) from None
    audit.record_create(actor=actor, instance=beneficiary, sentra_id=sentra.pk)
    _queue_reviews(actor=actor, beneficiary=beneficiary)
    signals.beneficiaries_registered.send(sender=Beneficiary, beneficiaries=[beneficiary], actor=actor)
    return beneficiary


def beneficiary_register(
    *,
    actor: User,
    sentra: Sentra,
    data: BeneficiaryInput,
    photo: UploadedFile | None = None,
    confirm_new_person: bool = False,
) -> Beneficiary:
    """Register a person at ``sentra`` after the search-first checks.

    * an invalid field, in any number, is reported together (``ValidationError`` keyed by field);
    * a NIK already held blocks the registration (see ``nik_taken_message`` for what is revealed);
    * records the actor may see that look like the person raise ``PossibleDuplicates`` until the actor
      confirms the person is someone else (``confirm_new_person``);
    * on save, likely duplicates anywhere go to the review queue. One transaction, audited.
    """
    _require_registrar(actor, sentra)
    today = timezone.localdate()
    checked = check(data, today)
    beneficiary = Beneficiary()
    if photo is not None:
        try:
            files.check_photo(photo)
        except ValidationError as exc:
            checked.errors.setdefault("photo", []).extend(exc.message_dict.get("photo", exc.messages))
    if checked.errors:
        raise ValidationError(checked.errors)
    apply(beneficiary, data, checked, today)
    if beneficiary.nik and (holder := existing_by_nik(beneficiary.nik)) is not None:
        raise ValidationError({"nik": [nik_taken_message(actor=actor, holder=holder)]})
    if not confirm_new_person:
        found = matching.duplicate_candidates(
            matching.facts_of(beneficiary), Beneficiary.objects.visible_to(actor)
        )
        if found:
            raise PossibleDuplicates(found)
    return _create(actor=actor, sentra=sentra, beneficiary=beneficiary, photo=photo)


def beneficiary_create_unchecked(
    *, actor: User | None, sentra: Sentra, data: BeneficiaryInput, today: datetime.date | None = None
) -> Beneficiary:
    """Validate and build (not save) a record for bulk paths (import, synthetic data); raises on errors."""
    today = today or timezone.localdate()
    checked = check(data, today)
    if checked.errors:
        raise ValidationError(checked.errors)
    beneficiary = Beneficiary(registered_sentra=sentra, created_by=actor)
    apply(beneficiary, data, checked, today)
    return beneficiary


def beneficiary_update(
    *, actor: User, beneficiary: Beneficiary, data: BeneficiaryInput, photo: UploadedFile | None = None
) -> Beneficiary:
    """Edit a person's record; the same rules as registration; a changed NIK must not be held already."""
    if not permissions.may_edit(actor, beneficiary):
        raise PermissionDenied
    if beneficiary.is_merged:
        raise ValidationError(
            {"__all__": [_("This record was merged into another one; edit that record instead.")]}
        )
    today = timezone.localdate()
    checked = check(data, today)
    if photo is not None:
        try:
            files.check_photo(photo)
        except ValidationError as exc:
            checked.errors.setdefault("photo", []).extend(exc.message_dict.get("photo", exc.messages))
    if checked.errors:
        raise ValidationError(checked.errors)
    before = audit.snapshot(beneficiary)
    old_hash = beneficiary.nik_hash
    apply(beneficiary, data, checked, today)
    if beneficiary.nik_hash and beneficiary.nik_hash != old_hash:
        # Outside the transaction below: the access-log row of a hidden holder must outlive the refusal.
        holder = existing_by_nik(beneficiary.nik)
        if holder is not None and holder.pk != beneficiary.pk:
            beneficiary.refresh_from_db()
            raise ValidationError({"nik": [nik_taken_message(actor=actor, holder=holder)]})
    return _save_update(actor=actor, beneficiary=beneficiary, before=before, photo=photo)


@transaction.atomic
def _save_update(
    *, actor: User, beneficiary: Beneficiary, before: dict[str, object], photo: UploadedFile | None
) -> Beneficiary:
    _save_photo(beneficiary, photo)
    try:
        with transaction.atomic():
            beneficiary.save()
    except IntegrityError:
        raise ValidationError({"nik": [_("This NIK is already registered.")]}) from None
    audit.record_update(
        actor=actor, instance=beneficiary, before=before, sentra_id=beneficiary.registered_sentra_id
    )
    signals.beneficiary_updated.send(sender=Beneficiary, beneficiary=beneficiary, actor=actor)
    return beneficiary


# --- Family and guardian links ------------------------------------------------------------------------


@dataclass(frozen=True)
class RelationshipInput:
    relationship_type: str
    related_beneficiary_id: int | None = None
    person_name: str = ""
    person_phone: str = ""
    person_address: str = ""
    is_guardian: bool = False
    notes: str = ""


@transaction.atomic
def relationship_add(*, actor: User, beneficiary: Beneficiary, data: RelationshipInput) -> Relationship:
    """Link a relative or guardian: a registered person the actor may see, or a named outside person."""
    if not permissions.may_edit(actor, beneficiary):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if data.relationship_type not in RelationshipType.values:
        errors["relationship_type"] = [_("Choose the relationship.")]
    related: Beneficiary | None = None
    name = " ".join(data.person_name.split())
    if data.related_beneficiary_id is not None:
        related = (
            Beneficiary.objects.visible_to(actor).active().filter(pk=data.related_beneficiary_id).first()
        )
        if related is None:
            errors["related_beneficiary"] = [_("No registered person with this id is visible to you.")]
        elif related.pk == beneficiary.pk:
            errors["related_beneficiary"] = [_("A person cannot be their own relative.")]
        if name:
            errors.setdefault("person_name", []).append(
                _("Give either a registered person or a name, not both.")
            )
    elif not name:
        errors["person_name"] = [_("Enter the relative's or guardian's name, or choose a registered person.")]
    elif len(name) > 200:
        errors["person_name"] = [_("The name is longer than 200 characters.")]
    if data.person_phone.strip():
        try:
            PHONE_VALIDATOR(data.person_phone.strip())
        except ValidationError as exc:
            errors["person_phone"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    link = Relationship.objects.create(
        beneficiary=beneficiary,
        related_beneficiary=related,
        person_name="" if related else name,
        person_phone=data.person_phone.strip(),
        person_address=data.person_address.strip(),
        relationship_type=data.relationship_type,
        is_guardian=data.is_guardian,
        notes=data.notes.strip(),
        created_by=actor,
    )
    audit.record_create(actor=actor, instance=link, sentra_id=beneficiary.registered_sentra_id)
    return link


@transaction.atomic
def relationship_remove(*, actor: User, relationship: Relationship) -> None:
    beneficiary = relationship.beneficiary
    if not permissions.may_edit(actor, beneficiary):
        raise PermissionDenied
    if relationship.consents_given.exists():
        raise ValidationError(
            {"__all__": [_("This guardian gave a recorded consent; the link is kept as evidence.")]}
        )
    audit.record_delete(actor=actor, instance=relationship, sentra_id=beneficiary.registered_sentra_id)
    relationship.delete()
