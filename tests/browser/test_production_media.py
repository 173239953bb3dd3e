"""The one-machine production set-up: gunicorn with DEBUG off and no front server serves the
photos (and the static files, after collectstatic) and refuses the private originals.

Here with the browser tests because, like them, it runs a real server (once in CI)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from tests.factories import jpeg_bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_with_debug_off_serves_photos_and_refuses_the_rest(tmp_path):
    """The production set-up on one machine: gunicorn, DEBUG off, no front server."""
    media, private = tmp_path / "media", tmp_path / "private-media"
    (media / "images" / "2026" / "11").mkdir(parents=True)
    (private / "originals").mkdir(parents=True)
    photo = jpeg_bytes(40, 30)
    (media / "images" / "2026" / "11" / "master.jpg").write_bytes(photo)
    (private / "originals" / "gps.jpg").write_bytes(photo)
    static = tmp_path / "static"
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://media-test",
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(private),
        "STATIC_ROOT": str(static),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path):
        try:
            with urllib.request.urlopen(base + path, timeout=5) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, b""

    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode())
                time.sleep(0.1)
        status, headers, body = get("/media/images/2026/11/master.jpg")
        assert (status, body) == (200, photo)
        assert headers["Content-Type"] == "image/jpeg"
        assert "max-age=86400" in headers["Cache-Control"]
        assert get("/media/../private-media/originals/gps.jpg")[0] == 404
        assert get("/media/%2e%2e/private-media/originals/gps.jpg")[0] == 404
        assert get("/static/logo.png")[0] == 200  # the publisher logo of the JSON-LD
    finally:
        server.terminate()
        server.wait(timeout=10)
