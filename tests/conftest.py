import pytest


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Write uploads (public and private) to a throwaway folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "originals": {
            "BACKEND": "images.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private-media")},
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PUBLICATION_NAME = "湖南法治报"
    # Whole-page caching is off unless a test turns it on (tests/articles/test_cache.py), so
    # query bounds measure the pages themselves whatever CACHE_URL the run uses.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (page cache generations included)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The example page loaded as demo content (and indexed for search, as on commit)."""
    from devdata.demo import load_demo

    with django_capture_on_commit_callbacks(execute=True):
        return load_demo()


@pytest.fixture
def example_page_bytes():
    """The example print page as a journalist uploads it (UTF-8)."""
    from pathlib import Path

    import ingest

    return (Path(ingest.__file__).parent / "fixtures" / "example_page.txt").read_bytes()


@pytest.fixture
def ingest_directory(db):
    """Courts, a procuratorate, two known journalists and topics, as the importer meets them.

    渌口区法院 is only an alias here and 攸县检察院 only a short name, and both courts have an
    执行局, so the tests see which name form linked what.
    """
    from articles.models import Topic
    from people.models import OrganizationAlias, OrganizationKind, PersonKind
    from tests.factories import OrganizationFactory, PersonFactory

    kind = OrganizationKind
    high = OrganizationFactory(
        name="湖南省高级人民法院", short_name="湖南高院", kind=kind.HIGH_COURT
    )
    city = OrganizationFactory(
        parent=high, name="株洲市中级人民法院", short_name="株洲中院", kind=kind.INTERMEDIATE_COURT
    )
    lukou = OrganizationFactory(parent=city, name="株洲市渌口区人民法院", short_name="渌口法院")
    OrganizationAlias.objects.create(organization=lukou, name="渌口区法院")
    youxian = OrganizationFactory(parent=city, name="攸县人民法院", short_name="攸县法院")
    directory = {
        "high": high,
        "city": city,
        "lukou": lukou,
        "youxian": youxian,
        "lukou_enforcement": OrganizationFactory(
            parent=lukou,
            name="株洲市渌口区人民法院执行局",
            short_name="执行局",
            kind=kind.DEPARTMENT,
        ),
        "lukou_politics": OrganizationFactory(
            parent=lukou,
            name="株洲市渌口区人民法院政治部",
            short_name="政治部",
            kind=kind.DEPARTMENT,
        ),
        "youxian_enforcement": OrganizationFactory(
            parent=youxian, name="攸县人民法院执行局", short_name="执行局", kind=kind.DEPARTMENT
        ),
        "procuratorate": OrganizationFactory(
            name="攸县人民检察院", short_name="攸县检察院", kind=kind.PROCURATORATE
        ),
    }
    directory["wang"] = PersonFactory(name="王薇", kind=PersonKind.STAFF)
    directory["xie"] = PersonFactory(name="谢燕", kind=PersonKind.CORRESPONDENT, affiliation=lukou)
    for name in ("党建", "执行", "法检协作", "未成年人保护"):
        Topic.objects.create(name=name)
    return directory
