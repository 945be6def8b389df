"""Assembles every app's router under /api/v1/ with one auth scheme and one error format."""

from __future__ import annotations

from ninja import NinjaAPI

from sentra.api.auth import API_AUTH
from sentra.api.errors import install_error_handlers
from sentra.assessments.api import router as assessments_router
from sentra.beneficiaries.api import router as beneficiaries_router
from sentra.cases.api import router as cases_router
from sentra.core.api import router as core_router
from sentra.equipment.api import router as equipment_router
from sentra.insights.api import router as insights_router
from sentra.network.api import router as network_router
from sentra.placement.api import router as placement_router
from sentra.quality.api import router as quality_router
from sentra.training.api import router as training_router
from sentra.workforce.api import router as workforce_router

api = NinjaAPI(
    title="Sentra API",
    version="1.0.0",
    description=(
        "Scoped access to Sentra's records. Authenticate with the browser session or a personal API token "
        "(`Authorization: Bearer sentra_...`, created on your account page). Every 4xx answers "
        '`{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.'
    ),
    auth=API_AUTH,
    urls_namespace="api-1.0.0",
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/", network_router)
api.add_router("/", beneficiaries_router)
api.add_router("/", cases_router)
api.add_router("/", assessments_router)
api.add_router("/", placement_router)
api.add_router("/", quality_router)
api.add_router("/", workforce_router)
api.add_router("/", training_router)
api.add_router("/", equipment_router)
api.add_router("/", insights_router)
