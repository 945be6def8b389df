"""Needs rules edited by system administrators: every save is a new version, checked, audited.

A saved version never changes. Saving activates the new version (new assessments use it); an older
version can be made active again. Needs already proposed keep the ruleset name and version that
made them, so an edit never rewrites why an earlier recommendation was made.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sentra.assessments import selectors
from sentra.assessments.models import NeedsRuleset
from sentra.assessments.rules import DefinitionError, parse_ruleset
from sentra.assessments.services._common import require
from sentra.core import audit
from sentra.core.models import User


def may_edit_rules(actor: User) -> bool:
    return bool(actor.is_authenticated and actor.is_active and actor.role == "sysadmin")


def _next_version(name: str) -> int:
    stored = NeedsRuleset.objects.filter(name=name).aggregate(top=Max("version"))["top"] or 0
    shipped = selectors.needs_ruleset()
    shipped_version = int(shipped.version) if shipped.name == name and shipped.version.isdigit() else 0
    return max(stored, shipped_version) + 1


@transaction.atomic
def ruleset_save(*, actor: User, text: str, note: str) -> NeedsRuleset:
    """Check the rules (JSON in the ``sentra.needs-rules/1`` format), save them as the next version,
    and make that version active. Errors name the rule and what is wrong with it."""
    require(may_edit_rules(actor))
    errors: dict[str, list[str]] = {}
    data: Any = None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        errors["rules"] = [
            _("The rules are not valid JSON: line {line}, column {column}: {message}.").format(
                line=exc.lineno, column=exc.colno, message=exc.msg
            )
        ]
    if not note.strip():
        errors["note"] = [_("Say what changed.")]
    if isinstance(data, dict):
        name = data.get("ruleset")
        version = _next_version(name) if isinstance(name, str) else 1
        data["version"] = str(version)
        try:
            parse_ruleset(
                data,
                library=selectors.definitions(),
                components=selectors.atensi_components(),
                professions=selectors.professions(),
            )
        except DefinitionError as exc:
            errors.setdefault("rules", []).append(
                _("The rules were not saved: {problem}").format(problem=exc)
            )
    elif "rules" not in errors:
        errors["rules"] = [_("The rules must be a JSON object.")]
    if errors:
        raise ValidationError(errors)
    NeedsRuleset.objects.select_for_update().filter(is_active=True).update(is_active=False)
    row = NeedsRuleset.objects.create(
        name=data["ruleset"], version=version, data=data, is_active=True, note=note.strip(), created_by=actor
    )
    audit.record_create(actor=actor, instance=row)
    return row


@transaction.atomic
def ruleset_activate(*, actor: User, ruleset: NeedsRuleset) -> NeedsRuleset:
    """Make an earlier saved version the one new assessments use."""
    require(may_edit_rules(actor))
    for current in NeedsRuleset.objects.select_for_update().filter(is_active=True).exclude(pk=ruleset.pk):
        before = audit.snapshot(current)
        current.is_active = False
        current.save(update_fields=["is_active"])
        audit.record_update(actor=actor, instance=current, before=before)
    ruleset = NeedsRuleset.objects.select_for_update().get(pk=ruleset.pk)
    before = audit.snapshot(ruleset)
    ruleset.is_active = True
    ruleset.save(update_fields=["is_active"])
    audit.record_update(actor=actor, instance=ruleset, before=before)
    return ruleset


@transaction.atomic
def ruleset_use_default(*, actor: User) -> None:
    """Go back to the shipped default file: no edited version is active."""
    require(may_edit_rules(actor))
    for current in NeedsRuleset.objects.select_for_update().filter(is_active=True):
        before = audit.snapshot(current)
        current.is_active = False
        current.save(update_fields=["is_active"])
        audit.record_update(actor=actor, instance=current, before=before)
