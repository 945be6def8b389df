from django.urls import path

from sentra.assessments import views

app_name = "assessments"

urlpatterns = [
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/<str:code>/", views.instrument_score, name="instrument_score"),
]
