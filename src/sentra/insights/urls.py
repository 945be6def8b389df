from django.urls import path

from sentra.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
]
