"""Beneficiary registry endpoints: search, detail, registration, consents, duplicates, NIK, imports,
data-subject requests.

Thin like the pages: parse, call a selector or a service, return. Same scoping as the pages
(``visible_to``; 404 for records of other centres), same rules (422 with field errors).
"""

# No "from __future__ import annotations" in ninja modules: ninja reads annotations at import time.
from ninja import Router

from sentra.beneficiaries.api.ledger import router as ledger_router
from sentra.beneficiaries.api.registry import router as registry_router
from sentra.beneficiaries.api.requests import router as requests_router

router = Router(tags=["beneficiaries"])
router.add_router("/", registry_router)
router.add_router("/", ledger_router)
router.add_router("/", requests_router)
