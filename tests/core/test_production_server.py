"""``sentra serve`` runs gunicorn in production mode, serving /healthz, pages and static files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.core.test_settings_from_environment import PRODUCTION_ENV

SENTRA = str(Path(sys.executable).with_name("sentra"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a loopback URL we built
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_sentra_serve_in_production_mode(tmp_path: Path) -> None:
    port = _free_port()
    environ = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    environ.update(PRODUCTION_ENV)
    environ.update(
        {
            "SENTRA_VAR_DIR": str(tmp_path),
            # SQLite keeps this test self-contained; the deploy check insists on PostgreSQL separately.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SENTRA_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
        }
    )
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([SENTRA, *command], env=environ, check=True, timeout=120)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen([SENTRA, "serve"], env=environ, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        status = 0
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"{base}/healthz", {})
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.3)
        assert status == 200, body
        https = {"X-Forwarded-Proto": "https"}
        status, body = _get(f"{base}/login/", https)
        assert status == 200
        assert b"Masuk ke Sentra" in body
        status, _ = _get(f"{base}/static/vendor/htmx/htmx.min.js", https)
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
