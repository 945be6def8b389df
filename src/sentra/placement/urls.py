from django.urls import URLPattern

app_name = "placement"

urlpatterns: list[URLPattern] = []
