"""System checks that guard a production deployment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def production_configuration(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.PRODUCTION and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        errors.append(
            Error(
                "Production runs on PostgreSQL: set DATABASE_URL=postgres://...",
                id="sentra.E001",
            )
        )
    return errors
