"""An existing database migrates to one app per job with nothing copied and nothing lost.

The code of the last release before the split (its commit, taken from git) migrates a fresh
database and loads the demo content; today's code then migrates the same database. Every
row is still there, the moved models' content types and permissions moved with them (the
roles keep their image permissions), and the readers' pages serve the demo stories.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# The last commit with images, ingest and the readers' pages inside the articles app.
BEFORE_SPLIT = "1237e8c494c45ccd1a76b167adca1e6346c2fd20"

CHECK = r"""
import json
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from articles.models import Article, ArticleByline
from images.models import Image, Rendition
from readers.models import ArticleListing
from people.models import Organization, Person
article = Article.objects.get(headline="以品牌建设赋能高质量发展")
client = Client(HTTP_HOST="localhost")
page = client.get(article.get_absolute_url())
court = Organization.objects.get(name="株洲市渌口区人民法院")
journalist = Group.objects.get(name="记者").permissions
print(json.dumps({
    "articles": Article.objects.count(),
    "bylines": ArticleByline.objects.count(),
    "images": Image.objects.count(),
    "renditions": Rendition.objects.count(),
    "listings": ArticleListing.objects.count(),
    "people": Person.objects.count(),
    "organizations": Organization.objects.count(),
    "image_types": sorted(ContentType.objects.filter(model__in=["image", "rendition",
        "pageingest", "articlerender", "articlelisting"]).values_list("app_label", "model")),
    "journalist_image_perms": sorted(journalist.filter(content_type__model="image")
        .values_list("content_type__app_label", "codename")),
    "lead_image": article.lead_image.caption,
    "story_page": page.status_code,
    "story_has_headline": "以品牌建设赋能高质量发展" in page.content.decode(),
    "court_page": client.get(court.get_absolute_url()).status_code,
}))
"""


def old_release(tmp_path: Path) -> Path:
    """Unpack the code as it was before the split (git archive of BEFORE_SPLIT)."""
    archive = subprocess.run(
        ["git", "archive", BEFORE_SPLIT], cwd=ROOT, capture_output=True, check=False
    )
    assert archive.returncode == 0, (
        f"The release before the split ({BEFORE_SPLIT[:7]}) is not in this clone's history: "
        + archive.stderr.decode()
    )
    target = tmp_path / "before-split"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


@pytest.fixture
def upgrade_database_url(tmp_path):
    """A database of its own: a file for SQLite, a new database beside the test one otherwise."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_upgrade"
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    params = {k: v for k, v in params.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{db['USER']}@" if db["USER"] else ""
    yield f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(code_dir: Path, database_url: str, tmp_path: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "PAGE_CACHE_SECONDS": "0",
        "CACHE_URL": "locmemcache://upgrade",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {args[0]} in {code_dir.name}:\n{result.stderr}"
    return result.stdout


@pytest.mark.django_db
def test_a_database_of_the_release_before_the_split_migrates_with_nothing_lost(
    tmp_path, upgrade_database_url
):
    before = old_release(tmp_path)
    manage(before, upgrade_database_url, tmp_path, "migrate", "--noinput")
    manage(before, upgrade_database_url, tmp_path, "load_demo")

    manage(ROOT, upgrade_database_url, tmp_path, "migrate", "--noinput")
    found = json.loads(
        manage(ROOT, upgrade_database_url, tmp_path, "shell", "--no-imports", "-c", CHECK)
    )

    assert found["articles"] == 2 and found["bylines"] == 7
    assert found["images"] == 1 and found["renditions"] > 0
    assert found["listings"] > 0 and found["people"] > 0 and found["organizations"] > 10
    assert found["lead_image"] == "渌口区法院综合管理党支部召开支部党员大会。"
    # The moved models' content types (and so every permission on them) moved with them.
    assert sorted(map(tuple, found["image_types"])) == [
        ("images", "image"),
        ("images", "rendition"),
        ("ingest", "pageingest"),
        ("readers", "articlelisting"),
        ("readers", "articlerender"),
    ]
    assert [tuple(p) for p in found["journalist_image_perms"]] == [
        ("images", "add_image"),
        ("images", "change_image"),
        ("images", "view_image"),
    ]
    assert found["story_page"] == 200 and found["story_has_headline"]
    assert found["court_page"] == 200
