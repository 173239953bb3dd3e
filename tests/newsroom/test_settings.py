"""Settings from the environment: commands run without secrets, serving refuses to."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, tmp_path, **env):
    """Run Python in a fresh process with only the given settings in the environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DEBUG"))}
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"):
        clean.pop(name, None)
    clean.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_makemigrations_check_runs_without_secrets(tmp_path):
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_serving_without_secret_key_and_hosts_stops_with_a_clear_message(tmp_path):
    result = run(["-c", "import newsroom.wsgi"], tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


def test_serving_with_secret_key_and_hosts_starts(tmp_path):
    result = run(
        ["-c", "import newsroom.asgi, newsroom.wsgi"],
        tmp_path,
        DEBUG="false",
        SECRET_KEY="a-long-enough-secret-key-for-this-test-0123456789",
        ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode == 0, result.stderr
