"""Benchmark images: upload + all renditions of a 24-megapixel JPEG, memory peak, page render.

Run from the checkout (uses its own throwaway SQLite database and media folders under /tmp):

    DEBUG=true .venv/bin/python bench/images.py

It prints a Markdown table. Figures go to bench/RESULTS.md by hand, with the machine.
"""

from __future__ import annotations

import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="newsroom-bench-images-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ["PRIVATE_MEDIA_ROOT"] = str(WORK / "private-media")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from PIL import Image as PILImage  # noqa: E402
from PIL import ImageDraw  # noqa: E402


def photo_24mp() -> bytes:
    """A 6000×4000 JPEG with detail (gradients and shapes), EXIF orientation and GPS."""
    width, height = 6000, 4000
    image = PILImage.linear_gradient("L").resize((width, height)).convert("RGB")
    # Sensor-like noise, so the file is as large as a phone's (a flat picture compresses to 1 MB).
    noise = PILImage.effect_noise((width, height), 24).convert("RGB")
    image = PILImage.blend(image, noise, 0.25)
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 150):
        draw.ellipse(
            (i, (i * 7) % height, i + 400, (i * 7) % height + 400), fill=(i % 255, 80, 160)
        )
    exif = PILImage.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (27.0, 49.0, 30.0), 3: "E", 4: (113.0, 8.0, 15.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    # The photo is drawn in a child process so drawing it does not count in our memory peak.
    photo = WORK / "photo.jpg"
    subprocess.run([sys.executable, __file__, "--make-photo", str(photo)], check=True)
    data = photo.read_bytes()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from articles.models import Article, ArticleStatus
    from images.models import Image, Rendition

    user = get_user_model().objects.create_superuser("bench", "b@example.com", "pw")
    client = Client()
    client.force_login(user)
    client.get("/admin/articles/image/add/")  # warm up imports and templates
    rows = []
    rss_before = max_rss_mib()

    # 1. Upload through the admin form and generate every rendition (immediate task backend).
    timings, peaks = [], []
    for run in range(4):  # three timed runs, then one under tracemalloc for the Python heap
        upload = SimpleUploadedFile(f"p{run}.jpg", data, content_type="image/jpeg")
        if run == 3:
            tracemalloc.start()
        started = time.perf_counter()
        response = client.post(
            "/admin/articles/image/add/",
            {"file": upload, "caption": "基准", "alt_text": "基准测试图片"},
        )
        elapsed = time.perf_counter() - started
        if run == 3:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        else:
            timings.append(elapsed)
        assert response.status_code == 302, response.content[:500]
    image = Image.objects.order_by("-pk").first()
    count = Rendition.objects.filter(image=image).count()
    rows.append(
        (
            f"upload 24 MP JPEG ({len(data) / 1e6:.1f} MB) via the admin + {count} renditions",
            f"median {statistics.median(timings):.2f} s (runs: "
            + ", ".join(f"{t:.2f}" for t in timings)
            + ")",
        )
    )
    from images import imaging

    gen_times = []
    for _ in range(3):
        Rendition.objects.filter(image=image).delete()
        fresh = Image.objects.prefetch_related("renditions").get(pk=image.pk)
        started = time.perf_counter()
        imaging.generate_renditions(fresh)
        gen_times.append(time.perf_counter() - started)
    rows.append(
        (
            "of which: the rendition task alone (18 files from the 3000×2000 master)",
            f"median {statistics.median(gen_times):.2f} s",
        )
    )
    rss_after = max_rss_mib()
    rows.append(
        (
            "memory: peak RSS of the process (getrusage) before → after the uploads",
            f"{rss_before:.0f} → {rss_after:.0f} MiB (+{rss_after - rss_before:.0f} MiB)",
        )
    )
    rows.append(
        (
            "memory: Python-heap peak during one upload (tracemalloc; Pillow's pixels are not in it)",
            f"{max(peaks) / 2**20:.0f} MiB",
        )
    )

    # 2. Page render of an article with 10 images once renditions exist.
    images = [image]
    small = io.BytesIO()
    PILImage.new("RGB", (3000, 2000), (120, 60, 40)).save(small, "JPEG", quality=90)
    for i in range(9):
        client.post(
            "/admin/articles/image/add/",
            {
                "file": SimpleUploadedFile(f"s{i}.jpg", small.getvalue()),
                "caption": f"图{i}",
                "alt_text": "图",
            },
        )
    images = list(Image.objects.order_by("pk"))[-10:]
    body = "".join(f"<p>第{i}段。</p>{img.figure_html()}" for i, img in enumerate(images))
    article = Article.objects.create(
        headline="十张图片的稿件", body=body, lead_image=images[0], status=ArticleStatus.PUBLISHED
    )
    url = article.get_absolute_url()
    reader = Client()
    reader.get(url)  # warm templates
    render_times = []
    for _ in range(30):
        started = time.perf_counter()
        response = reader.get(url)
        render_times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(url)
    html = response.content.decode()
    rows.append(
        (
            "article page with 10 images (renditions exist), 30 requests",
            f"median {statistics.median(render_times) * 1000:.1f} ms, "
            f"p90 {sorted(render_times)[26] * 1000:.1f} ms; {len(queries)} queries; "
            f"{html.count('<picture>')} <picture>s",
        )
    )

    print("| what | figure |\n| --- | --- |")
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--make-photo"]:
        Path(sys.argv[2]).write_bytes(photo_24mp())
    else:
        main()
