"""Core is the bottom of the dependency chain (architecture.md §3): it imports no other Sentra app.

The one exception is the API plumbing (``sentra.api``: error format, pagination) that every app's
``api.py`` builds on; it holds no domain.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sentra.core

CORE = Path(sentra.core.__file__).parent


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_other_app() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert (CORE / "exports.py") in files  # the shared export mechanism is here
    offending = {
        f"{path.relative_to(CORE)}: {name}"
        for path in files
        for name in _imported(path)
        if name.startswith("sentra.") and not name.startswith(("sentra.core", "sentra.api"))
    }
    assert offending == set()
