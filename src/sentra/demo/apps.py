from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sentra.demo"
    label = "demo"
