from django.urls import path

from sentra.network import views

app_name = "network"

urlpatterns = [
    path("centres/", views.centre_list, name="centre_list"),
    path("regions/", views.region_search, name="region_search"),
    path("users/", views.user_list, name="user_list"),
]
