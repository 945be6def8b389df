from django.urls import include, path

from sentra.api.api import api
from sentra.core.views import healthz

urlpatterns = [
    path("", include("sentra.insights.urls")),
    path("", include("sentra.core.urls")),
    path("", include("sentra.network.urls")),
    path("", include("sentra.beneficiaries.urls")),
    path("", include("sentra.cases.urls")),
    path("", include("sentra.assessments.urls")),
    path("", include("sentra.placement.urls")),
    path("", include("sentra.quality.urls")),
    path("", include("sentra.workforce.urls")),
    path("", include("sentra.training.urls")),
    path("", include("sentra.equipment.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
]
