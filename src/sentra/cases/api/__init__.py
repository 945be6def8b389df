"""Case endpoints: cases, stage moves, plans, services, tasks, referrals. Thin: parse, call, return.

The same selectors as the pages, so the same scoping: a record you may not see is 404, a role that
may not act is 403, bad input is 422 with the field named.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads annotations at import time.
from ninja import Router

from sentra.cases.api.cases import router as cases_router
from sentra.cases.api.delivery import router as delivery_router
from sentra.cases.api.plans import router as plans_router
from sentra.cases.api.referrals import router as referrals_router
from sentra.cases.api.tasks import router as tasks_router

router = Router(tags=["cases"])
router.add_router("/", cases_router)
router.add_router("/", plans_router)
router.add_router("/", delivery_router)
router.add_router("/", tasks_router)
router.add_router("/", referrals_router)
