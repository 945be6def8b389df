#!/usr/bin/env python
"""Django's command-line utility; the same as the ``sentra`` console script."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from sentra.cli import main

if __name__ == "__main__":
    main()
