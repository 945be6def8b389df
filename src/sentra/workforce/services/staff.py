"""Writing staff records and credentials (audited; one transaction each)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Cluster, Sentra
from sentra.workforce.models import (
    Credential,
    CredentialAlert,
    CredentialKind,
    EmploymentType,
    Language,
    PeksosLevel,
    StaffMember,
    StaffProfession,
    StaffSex,
)
from sentra.workforce.services._common import Errors, full_clean, require_staff_manager

STAFF_FIELDS = (
    "full_name",
    "employee_number",
    "sex",
    "profession",
    "peksos_level",
    "employment_type",
    "functional_rank",
    "position",
    "start_date",
    "end_date",
    "languages",
    "clusters",
)


def validate_staff(staff: StaffMember, errors: Errors) -> None:
    """Every rule a staff record must meet, each problem named by its field."""
    if not staff.full_name.strip():
        errors.add("full_name", _("Enter the full name."))
    if staff.profession not in StaffProfession.values:
        errors.add("profession", _("Choose a profession from the list."))
    if staff.profession == StaffProfession.PEKERJA_SOSIAL:
        if staff.peksos_level not in PeksosLevel.values:
            errors.add(
                "peksos_level",
                _("Choose the social worker level: assistant, generalist or specialist (Permensos 16/2017)."),
            )
    elif staff.peksos_level:
        errors.add("peksos_level", _("Only social workers have a social worker level."))
    if staff.employment_type not in EmploymentType.values:
        errors.add("employment_type", _("Choose ASN, PPPK, contract or volunteer."))
    if staff.sex and staff.sex not in StaffSex.values:
        errors.add("sex", _("Choose male or female, or leave it empty."))
    if not isinstance(staff.start_date, datetime.date):
        errors.add("start_date", _("Enter the start date."))
    elif staff.end_date is not None and staff.end_date < staff.start_date:
        errors.add("end_date", _("The end date cannot be before the start date."))
    unknown = [code for code in staff.languages if code not in Language.values]
    if unknown:
        errors.add(
            "languages", _("Unknown language code(s): {codes}.").format(codes=", ".join(map(str, unknown)))
        )
    unknown = [code for code in staff.clusters if code not in Cluster.values]
    if unknown:
        errors.add(
            "clusters", _("Unknown cluster code(s): {codes}.").format(codes=", ".join(map(str, unknown)))
        )
    if staff.employee_number:
        clash = StaffMember.objects.filter(sentra_id=staff.sentra_id, employee_number=staff.employee_number)
        if clash.exclude(pk=staff.pk).exists():
            errors.add("employee_number", _("Another staff member of this centre has this employee number."))
    if staff.user_id is not None:
        user = staff.user
        assert user is not None
        if staff.sentra_id not in centre_ids_of(user):
            errors.add("user", _("The user account must belong to this centre."))
        elif StaffMember.objects.filter(user_id=staff.user_id).exclude(pk=staff.pk).exists():
            errors.add("user", _("This user account already has a staff record."))


def staff_create(
    *,
    actor: User | None,
    sentra: Sentra,
    full_name: str,
    profession: str,
    employment_type: str,
    start_date: datetime.date,
    user: User | None = None,
    peksos_level: str = "",
    functional_rank: str = "",
    position: str = "",
    languages: Iterable[str] = (),
    clusters: Iterable[str] = (),
    sex: str = "",
    employee_number: str = "",
    end_date: datetime.date | None = None,
) -> StaffMember:
    require_staff_manager(actor, sentra.pk)
    staff = StaffMember(
        sentra=sentra,
        user=user,
        full_name=full_name.strip(),
        profession=profession,
        peksos_level=peksos_level,
        employment_type=employment_type,
        functional_rank=functional_rank.strip(),
        position=position.strip(),
        start_date=start_date,
        end_date=end_date,
        languages=sorted(set(languages)),
        clusters=sorted(set(clusters)),
        sex=sex,
        employee_number=employee_number.strip(),
    )
    errors = Errors()
    validate_staff(staff, errors)
    if not errors:
        full_clean(staff, errors, exclude=["user", "sentra"])
    errors.raise_if_any()
    with transaction.atomic():
        staff.save()
        audit.record_create(actor=actor, instance=staff, sentra_id=sentra.pk, actor_label="workforce")
    return staff


def staff_update(*, actor: User | None, staff: StaffMember, **changes: Any) -> StaffMember:
    require_staff_manager(actor, staff.sentra_id)
    errors = Errors()
    for name in changes:
        if name not in (*STAFF_FIELDS, "user"):
            errors.add(name, _("This field cannot be changed here."))
    errors.raise_if_any()
    before = audit.snapshot(staff)
    for name, value in changes.items():
        if name in ("languages", "clusters"):
            value = sorted(set(value))
        elif isinstance(value, str):
            value = value.strip()
        setattr(staff, name, value)
    validate_staff(staff, errors)
    if not errors:
        full_clean(staff, errors, exclude=["user", "sentra"])
    if errors:
        staff.refresh_from_db()
        errors.raise_if_any()
    with transaction.atomic():
        staff.save()
        audit.record_update(
            actor=actor, instance=staff, before=before, sentra_id=staff.sentra_id, actor_label="workforce"
        )
    return staff


def validate_credential(credential: Credential, errors: Errors) -> None:
    if credential.kind not in CredentialKind.values:
        errors.add("kind", _("Choose certificate of competence, STR or other licence."))
    if not credential.number.strip():
        errors.add("number", _("Enter the number."))
    if credential.kind == CredentialKind.OTHER and not credential.name.strip():
        errors.add("name", _("Name the licence, e.g. SIPP."))
    if credential.kind == CredentialKind.SERTIFIKAT_KOMPETENSI and credential.issued_on is None:
        errors.add("issued_on", _("Enter the date the certificate of competence was issued."))
    if credential.kind == CredentialKind.STR and credential.expires_on is None:
        errors.add("expires_on", _("An STR is valid for a limited time: enter its expiry date."))
    if credential.issued_on and credential.expires_on and credential.expires_on < credential.issued_on:
        errors.add("expires_on", _("The expiry date cannot be before the issue date."))
    clash = Credential.objects.filter(
        kind=credential.kind, name=credential.name, number=credential.number.strip()
    )
    if credential.number.strip() and clash.exclude(pk=credential.pk).exists():
        errors.add("number", _("A credential of this kind with this number is already registered."))


def credential_add(
    *,
    actor: User | None,
    staff: StaffMember,
    kind: str,
    number: str,
    issued_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    name: str = "",
    issuer: str = "",
) -> Credential:
    require_staff_manager(actor, staff.sentra_id)
    credential = Credential(
        staff=staff,
        kind=kind,
        number=number.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        name=name.strip(),
        issuer=issuer.strip(),
    )
    errors = Errors()
    validate_credential(credential, errors)
    errors.raise_if_any()
    with transaction.atomic():
        credential.save()
        audit.record_create(
            actor=actor, instance=credential, sentra_id=staff.sentra_id, actor_label="workforce"
        )
    return credential


def _settle_alerts(actor: User | None, credential: Credential, *, keep_expiry: datetime.date | None) -> int:
    """Unread expiry alerts about a date that no longer holds are settled (marked read, audited): a
    renewed credential's old date, or every alert of a revoked one. New alerts follow the new date."""
    open_alerts = CredentialAlert.objects.filter(credential=credential, read_at__isnull=True)
    if keep_expiry is not None:
        open_alerts = open_alerts.exclude(expires_on=keep_expiry)
    now = timezone.now()
    settled = 0
    for alert in open_alerts.select_for_update():
        before = audit.snapshot(alert)
        alert.read_at = now
        alert.save(update_fields=["read_at"])
        audit.record_update(
            actor=actor,
            instance=alert,
            before=before,
            sentra_id=credential.staff.sentra_id,
            actor_label="workforce",
        )
        settled += 1
    return settled


def credential_renew(
    *,
    actor: User | None,
    credential: Credential,
    expires_on: datetime.date,
    issued_on: datetime.date | None = None,
) -> Credential:
    """A renewed credential keeps its number and gets new dates; its alerts start again."""
    require_staff_manager(actor, credential.staff.sentra_id)
    if credential.revoked_on is not None:
        raise ValidationError({"expires_on": [_("A revoked credential cannot be renewed; add a new one.")]})
    before = audit.snapshot(credential)
    old_expiry = credential.expires_on
    credential.expires_on = expires_on
    if issued_on is not None:
        credential.issued_on = issued_on
    errors = Errors()
    validate_credential(credential, errors)
    if old_expiry is not None and expires_on <= old_expiry:
        errors.add("expires_on", _("A renewal must move the expiry date later."))
    if errors:
        credential.refresh_from_db()
        errors.raise_if_any()
    with transaction.atomic():
        credential.save()
        audit.record_update(
            actor=actor,
            instance=credential,
            before=before,
            sentra_id=credential.staff.sentra_id,
            actor_label="workforce",
        )
        _settle_alerts(actor, credential, keep_expiry=credential.expires_on)
    return credential


def credential_revoke(*, actor: User | None, credential: Credential, on: datetime.date) -> Credential:
    """A revoked credential no longer counts (e.g. for the case-manager rule); its open alerts settle."""
    require_staff_manager(actor, credential.staff.sentra_id)
    if credential.revoked_on is not None:
        raise ValidationError({"on": [_("This credential is already revoked.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The revocation date cannot be in the future.")]})
    if credential.issued_on is not None and on < credential.issued_on:
        raise ValidationError({"on": [_("The revocation date cannot be before the issue date.")]})
    before = audit.snapshot(credential)
    credential.revoked_on = on
    with transaction.atomic():
        credential.save(update_fields=["revoked_on", "updated_at"])
        audit.record_update(
            actor=actor,
            instance=credential,
            before=before,
            sentra_id=credential.staff.sentra_id,
            actor_label="workforce",
        )
        _settle_alerts(actor, credential, keep_expiry=None)
    return credential
