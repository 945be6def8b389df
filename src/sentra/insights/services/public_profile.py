"""How the public gets help from a centre (walk-in hours, referral route, hotline): kept by its head."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import Role, User
from sentra.network.models import Sentra

HOTLINE_FIELD = Sentra._meta.get_field("hotline")


@dataclass(frozen=True)
class PublicContact:
    walk_in_hours: str = ""
    referral_route: str = ""
    hotline: str = ""


def _may_edit(actor: User | None, sentra: Sentra) -> bool:
    if actor is None:  # system writes (demo seeder)
        return True
    if actor.role == Role.SYSADMIN:
        return True
    return actor.role == Role.CENTRE_HEAD and Sentra.objects.visible_to(actor).filter(pk=sentra.pk).exists()


@transaction.atomic
def public_contact_update(
    *, actor: User | None, sentra: Sentra, data: PublicContact, actor_label: str | None = None
) -> Sentra:
    if not _may_edit(actor, sentra):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    values = {
        "walk_in_hours": data.walk_in_hours.strip(),
        "referral_route": data.referral_route.strip(),
        "hotline": data.hotline.strip(),
    }
    if len(values["walk_in_hours"]) > 200:
        errors["walk_in_hours"] = [_("Walk-in hours: at most 200 characters.")]
    if len(values["referral_route"]) > 2000:
        errors["referral_route"] = [_("Referral route: at most 2000 characters.")]
    if values["hotline"]:
        try:
            HOTLINE_FIELD.run_validators(values["hotline"])
            if len(values["hotline"]) > 30:
                raise ValidationError("")
        except ValidationError:
            errors["hotline"] = [_("Hotline: use digits, spaces, brackets or dashes (at most 30).")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(sentra)
    for name, value in values.items():
        setattr(sentra, name, value)
    sentra.save(update_fields=[*values, "updated_at"])
    audit.record_update(
        actor=actor, instance=sentra, before=before, sentra_id=sentra.pk, actor_label=actor_label
    )
    return sentra
