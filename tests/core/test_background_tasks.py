"""Background tasks run in-process without a broker, and through a real worker with Redis."""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from sentra.celery import app
from sentra.core.models import User
from sentra.core.tasks import housekeeping

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


def _stale_state(make_user: Callable[..., User]) -> User:
    user = make_user()
    User.objects.filter(pk=user.pk).update(
        locked_until=timezone.now() - datetime.timedelta(minutes=1), failed_login_count=0
    )
    store = SessionStore()
    store.set_expiry(-10)
    store.create()
    return user


@pytest.mark.django_db
def test_housekeeping_runs_in_process_without_a_broker(make_user: Callable[..., User], settings) -> None:
    assert settings.CELERY_TASK_ALWAYS_EAGER
    assert app.conf.task_always_eager
    user = _stale_state(make_user)
    result = housekeeping.delay().get()
    assert result["unlocked_accounts"] == 1
    assert result["expired_sessions"] >= 1
    user.refresh_from_db()
    assert user.locked_until is None


def _reset_connections() -> None:
    # Celery caches its connection and producer pools; switching brokers in one process needs both dropped.
    app.close()
    app.amqp._producer_pool = None


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_housekeeping_through_a_redis_broker_and_a_worker(make_user: Callable[..., User]) -> None:
    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {BROKER}")
        pytest.skip(f"no Redis at {BROKER}")
    from celery.contrib.testing.worker import start_worker

    user = _stale_state(make_user)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    _reset_connections()
    app.conf.update(broker_url=BROKER, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            # The message crosses Redis to the worker thread; its effect shows in the database.
            housekeeping.apply_async(ignore_result=True)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                user.refresh_from_db()
                if user.locked_until is None:
                    break
                time.sleep(0.2)
    finally:
        _reset_connections()
        app.conf.update(saved)
    assert user.locked_until is None
