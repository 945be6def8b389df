"""The ``sentra`` console script: ``manage.py`` with Sentra's settings.

``sentra serve`` starts gunicorn (the production server); everything else is a Django command.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "serve":
        serve(args[2:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


def serve(extra: list[str]) -> None:
    from gunicorn.app.wsgiapp import run

    bind = os.environ.get("SENTRA_BIND", "0.0.0.0:8000")
    workers = os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1))
    sys.argv = ["gunicorn", "sentra.wsgi:application", "--bind", bind, "--workers", workers, *extra]
    run()


if __name__ == "__main__":
    main()
