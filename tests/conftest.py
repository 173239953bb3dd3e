import pytest


@pytest.fixture(autouse=True)
def _isolated_media(tmp_path, settings):
    """Write uploads to a throwaway folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PUBLICATION_NAME = "湖南法治报"


@pytest.fixture
def demo(db):
    """The example page loaded as demo content."""
    from articles.demo import load_demo

    return load_demo()
