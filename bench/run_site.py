"""Benchmark the readers' pages against a floor view, uncached and cached.

Serves the site with gunicorn (2 sync workers, DEBUG off) on loopback, measures each page with
wrk and prints a Markdown table with requests/s, p50/p99 latency and the ratio to the floor
(a bare Django view rendering a small template, same server, same run).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_site \\
        .venv/bin/python bench/run_site.py --port 8110 --duration 10

The database must already hold generated data (`manage.py generate_data --articles 10000`).
The cached run uses Redis (`--cache-url`, flushed first: give it a database of its own).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def server_env(args, static_root: str, cached: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=static_root,
        MEDIA_ROOT=args.media_root,
        CACHE_URL=args.cache_url if cached else "locmemcache://bench",
        PAGE_CACHE_SECONDS="600" if cached else "0",
        LOG_LEVEL="ERROR",
    )
    return env


def pick_urls(env: dict[str, str]) -> dict[str, str]:
    """Ask the database for a typical article, court, topic and person (after ANALYZE)."""
    code = """
import django, json
django.setup()
from django.db import connection
from django.db.models import Count
from articles.models import Article, Topic
from people.models import Organization, OrganizationKind, Person
if connection.vendor == "postgresql":
    # Fresh statistics after the generator's bulk inserts, as autovacuum would leave them.
    connection.cursor().execute("ANALYZE")
published = Article.objects.published()
article = published.order_by("-published_at").first()
court = Organization.objects.filter(kind=OrganizationKind.INTERMEDIATE_COURT).first()
topic = Topic.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
person = Person.objects.annotate(n=Count("bylines")).order_by("-n").first()
print(json.dumps({
    "floor": "/bench/floor/",
    "home": "/",
    "article": article.get_absolute_url(),
    "court": court.get_absolute_url(),
    "topic": topic.get_absolute_url(),
    "person": person.get_absolute_url(),
    "feed": "/feed/",
    "court feed": court.get_absolute_url() + "feed/",
}))
"""
    out = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    import json

    return json.loads(out.stdout)


def wait_until_up(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/bench/floor/", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url: str, args) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M)[1]),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M)[1]),
    }


def measure(mode: str, args, static_root: str) -> dict[str, dict[str, float]]:
    cached = mode == "cached"
    env = server_env(args, static_root, cached)
    if cached:
        subprocess.run(
            ["redis-cli", "-u", args.cache_url, "flushdb"], check=True, capture_output=True
        )
    urls = pick_urls(env)
    if args.pages:
        urls = {name: path for name, path in urls.items() if name in {"floor", *args.pages}}
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until_up(base)
        for path in urls.values():
            for _ in range(3):  # warm both workers (and the cache)
                with urllib.request.urlopen(base + path) as response:
                    assert response.status == 200, path
        # Rounds of every page in turn, each page's ratio taken against the floor of the same
        # round: the machine's speed drifts by tens of percent over a minute.
        rounds = []
        for _ in range(args.rounds):
            rounds.append({name: run_wrk(base + path, args) for name, path in urls.items()})
        results = {}
        for name, path in urls.items():
            runs = [r[name] for r in rounds]
            ratios = [r[name]["rps"] / r["floor"]["rps"] for r in rounds]
            results[name] = {
                "path": path,
                **{k: statistics.median(run[k] for run in runs) for k in ("rps", "p50", "p99")},
                "ratio": statistics.median(ratios),
                "ratios": ratios,
            }
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--media-root", default=str(ROOT / "var" / "benchmedia"))
    parser.add_argument("--modes", default="uncached,cached")
    parser.add_argument("--rounds", type=int, default=3, help="report the median of N rounds")
    parser.add_argument(
        "--pages",
        type=lambda v: v.split(","),
        help="only these pages (and the floor), e.g. home,court",
    )
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="bench-static-")
    try:
        env = server_env(args, static_root, cached=False)
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        for mode in args.modes.split(","):
            results = measure(mode, args, static_root)
            print(
                f"\n{mode} (wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
                f"median of {args.rounds} rounds)\n"
            )
            print("| page | path | req/s | p50 ms | p99 ms | vs floor | rounds |")
            print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
            for name, r in results.items():
                each = " / ".join(f"{100 * x:.0f}" for x in r["ratios"])
                print(
                    f"| {name} | `{r['path']}` | {r['rps']:.0f} | {r['p50']:.1f} | "
                    f"{r['p99']:.1f} | {100 * r['ratio']:.0f} % | {each} |"
                )
            sys.stdout.flush()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
