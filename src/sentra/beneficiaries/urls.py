from django.urls import URLPattern

app_name = "beneficiaries"

urlpatterns: list[URLPattern] = []
