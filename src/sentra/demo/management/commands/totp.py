"""``sentra totp USERNAME``: the current two-factor code of an account, for trying the demo."""

from __future__ import annotations

from typing import Any

import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.core.models import User


class Command(BaseCommand):
    help = "Print the current six-digit two-factor code of an account (development and demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                _("Refused: printing two-factor codes would defeat the second factor in production.")
            )
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No account has the username '{username}'.").format(username=username))
        if not user.has_two_factor:
            raise CommandError(
                _("The account '{username}' has no two-factor enrolment.").format(username=username)
            )
        self.stdout.write(pyotp.TOTP(user.totp_secret).now())
