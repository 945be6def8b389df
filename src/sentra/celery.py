"""The Celery application. Without ``CELERY_BROKER_URL`` tasks run in-process (eager)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentra.settings")

app = Celery("sentra")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
