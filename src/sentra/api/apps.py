from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sentra.api"
    label = "api"
