"""What every case endpoint module shares: the acting account, names, id look-ups with field errors."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sentra.core.models import User
from sentra.network.models import Sentra


def acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


def display_name(user: User | None) -> str | None:
    return None if user is None else (user.get_full_name() or user.username)


def user_or_error(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    found = User.objects.filter(pk=user_id, is_active=True).first()
    if found is None:
        raise ValidationError({field: [_("No active account has this id.")]})
    return found


def centre_or_error(centre_id: int | None, field: str) -> Sentra | None:
    if centre_id is None:
        return None
    found = Sentra.objects.filter(pk=centre_id).first()
    if found is None:
        raise ValidationError({field: [_("No centre has this id.")]})
    return found
