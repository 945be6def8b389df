"""``make bench``: run every ``bench/bench_*.py`` module's ``run()`` and print its results."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

import django


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")
    django.setup()
    selected = set(sys.argv[1:])
    folder = Path(__file__).parent
    for module_info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda info: info.name):
        if not module_info.name.startswith("bench_"):
            continue
        if selected and module_info.name not in selected:
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        for result in module.run():
            print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
