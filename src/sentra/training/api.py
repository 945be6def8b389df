# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
from ninja import Router

router = Router(tags=["training"])
