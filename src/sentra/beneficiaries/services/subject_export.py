"""Everything held about one person, for a data-subject access request (UU PDP Pasal 7, 13, 32).

``subject_export`` gathers the registry's records about the person and asks the other apps for
theirs (signal ``subject_data_collected``), then adds the two logs the law asks for: who read the
records (access log, Pasal 31-32) and what was written to them (the processing trail). Each app
contributes only what the handler may see: for an administrator that is everything, for a centre
head what their centres hold (the export says whose view it is). The export is itself a read of
specific data and is written to the access log. ``subject_export_pdf`` renders the same content as a
PDF with WeasyPrint, from an HTML template.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import signals
from sentra.beneficiaries.models import Beneficiary, DuplicateReview, SubjectRequest
from sentra.beneficiaries.services.subject_requests import require_handler
from sentra.core import audit
from sentra.core.fields import EncryptedTextField
from sentra.core.models import AccessLogEntry, AuditEvent, User

FORMAT = "sentra-subject-export/1"
# Derived look-up columns: not data about the person, only ways to find the record.
INTERNAL_FIELDS = frozenset({"nik_hash", "kk_hash", "name_key", "aliases_key", "import_key", "merge_state"})


@dataclass
class SubjectSection:
    key: str
    title: str
    records: list[dict[str, Any]] = field(default_factory=list)
    log_objects: list[tuple[str, str]] = field(default_factory=list)


def plain(value: Any) -> Any:
    """A JSON-ready value (dates as ISO text, amounts as text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, models.Model):
        if isinstance(value, User):
            return value.get_full_name() or value.username
        return str(value)
    return str(value)


def record_of(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Every stored field of a record by name: choices as their label, links as the linked record."""
    skipped = INTERNAL_FIELDS | set(exclude)
    values: dict[str, Any] = {}
    for item in instance._meta.concrete_fields:
        if item.name in skipped or item.primary_key:
            continue
        if item.choices and not isinstance(item, EncryptedTextField):
            value: Any = getattr(instance, f"get_{item.name}_display")()
        elif item.is_relation:
            value = getattr(instance, item.name)
        elif isinstance(item, models.FileField):
            value = getattr(instance, item.attname).name or ""
        else:
            value = getattr(instance, item.attname)
        values[item.name] = plain(value)
    values["id"] = instance.pk
    return values


def log_key(instance: models.Model) -> tuple[str, str]:
    return (audit.object_type_of(instance), str(instance.pk))


def registry_sections(beneficiary: Beneficiary) -> list[SubjectSection]:
    person = SubjectSection("person", str(_("Personal record")), [record_of(beneficiary)])
    person.log_objects.append(log_key(beneficiary))
    links = SubjectSection("family", str(_("Family and guardians")))
    for link in beneficiary.relationships.select_related("related_beneficiary"):
        links.records.append(record_of(link))
        links.log_objects.append(log_key(link))
    consents = SubjectSection("consents", str(_("Consents")))
    for consent in beneficiary.consents.select_related("guardian", "recorded_by", "withdrawn_by"):
        consents.records.append(record_of(consent))
        consents.log_objects.append(log_key(consent))
    reviews = SubjectSection("duplicate_reviews", str(_("Duplicate checks")))
    for review in DuplicateReview.objects.filter(Q(first=beneficiary) | Q(second=beneficiary)).select_related(
        "first", "second"
    ):
        other = review.second if review.first_id == beneficiary.pk else review.first
        reviews.records.append(
            {
                "other_record": other.registration_number,
                "score": review.score,
                "status": review.get_status_display(),
                "decided_at": plain(review.decided_at),
                "decision_note": review.decision_note,
            }
        )
        reviews.log_objects.append(log_key(review))
    requests = SubjectSection("subject_requests", str(_("Data-subject requests")))
    for request in SubjectRequest.objects.filter(beneficiary=beneficiary).select_related(
        "guardian", "decided_by"
    ):
        requests.records.append(record_of(request, exclude=("beneficiary", "created_by")))
        requests.log_objects.append(log_key(request))
    return [person, links, consents, reviews, requests]


def _logs(objects: Sequence[tuple[str, str]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    by_type: dict[str, list[str]] = {}
    for object_type, object_id in objects:
        by_type.setdefault(object_type, []).append(object_id)
    if not by_type:
        return [], []
    where = Q()
    for object_type, ids in by_type.items():
        where |= Q(object_type=object_type, object_id__in=ids)
    access = [
        {
            "at": plain(entry.at),
            "who": entry.actor_label,
            "record": entry.object_repr,
            "record_type": entry.object_type,
            "category": entry.category,
            "purpose": entry.purpose,
        }
        for entry in AccessLogEntry.objects.filter(where).order_by("at", "id")
    ]
    processing = [
        {
            "at": plain(event.at),
            "who": event.actor_label,
            "action": event.get_action_display(),
            "record": event.object_repr,
            "record_type": event.object_type,
            "fields": sorted(event.changes),
        }
        for event in AuditEvent.objects.filter(where).order_by("at", "id")
    ]
    return access, processing


def subject_export(
    *, actor: User, beneficiary: Beneficiary, request: SubjectRequest | None = None
) -> dict[str, Any]:
    """Everything about ``beneficiary`` that ``actor`` may see, with the access and processing logs."""
    require_handler(actor, beneficiary)
    sections = registry_sections(beneficiary)
    for _receiver, contributed in signals.subject_data_collected.send(
        sender=Beneficiary, beneficiary=beneficiary, actor=actor
    ):
        if isinstance(contributed, list):
            sections.extend(contributed)
    objects = [pair for section in sections for pair in section.log_objects]
    # The export's own access-log row is written first, so the export lists it too.
    audit.record_access(
        actor=actor,
        instance=beneficiary,
        category="subject_access_request",
        purpose=_("Data-subject access request (UU PDP Article 32)")
        + (f" #{request.pk}" if request is not None else ""),
        sentra_id=beneficiary.registered_sentra_id,
    )
    access, processing = _logs(objects)
    return {
        "format": FORMAT,
        "legal_basis": "UU No. 27 Tahun 2022 (Pelindungan Data Pribadi), Pasal 7, 13, 32",
        "generated_at": plain(timezone.now()),
        "generated_by": actor.get_full_name() or actor.username,
        "view": str(_("everything held")) if actor.role == "sysadmin" else str(_("what your centres hold")),
        "request": request.pk if request is not None else None,
        "registration_number": beneficiary.registration_number,
        "full_name": beneficiary.full_name,
        "sections": {
            section.key: {"title": section.title, "records": section.records} for section in sections
        },
        "access_log": access,
        "processing_log": processing,
    }


def _cell(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_cell(item)}" for key, item in value.items())
    if isinstance(value, bool):
        return str(_("yes")) if value else str(_("no"))
    return str(value)


def subject_export_pdf(export: dict[str, Any]) -> bytes:
    """The export as a PDF (WeasyPrint renders ``beneficiaries/subject_export.html``)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    sections = [
        {
            "title": section["title"],
            "records": [
                [(name, _cell(value)) for name, value in record.items()] for record in section["records"]
            ],
        }
        for section in export["sections"].values()
    ]
    html = render_to_string(
        "beneficiaries/subject_export.html",
        {
            "export": export,
            "sections": sections,
            "access_log": export["access_log"],
            "processing_log": [{**row, "fields": _cell(row["fields"])} for row in export["processing_log"]],
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
