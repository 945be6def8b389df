"""Sentra: operations platform for Indonesia's multi-service social rehabilitation centres."""

from sentra.celery import app as celery_app

__all__ = ["celery_app"]
