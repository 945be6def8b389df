"""The centres a reader of assessment figures may count, and the one chosen by ``?centre=``."""

from __future__ import annotations

from django.http import Http404

from sentra.core.access import get_visible_or_404
from sentra.core.models import User
from sentra.core.querysets import centre_ids_of, sees_all_centres
from sentra.network.models import Sentra


def reader_centres(actor: User) -> list[Sentra]:
    """Every active centre for national roles; the reader's own centres for everyone else (by name)."""
    if sees_all_centres(actor):
        return list(Sentra.objects.filter(is_active=True).order_by("name"))
    return list(Sentra.objects.filter(pk__in=centre_ids_of(actor)).order_by("name"))


def reader_centre(actor: User, value: str) -> Sentra:
    """The centre ``value`` names if the reader may see it; 404 for a malformed, unknown or other id."""
    if not value.isdigit():
        raise Http404
    return get_visible_or_404(Sentra.objects.all(), actor, pk=int(value))
