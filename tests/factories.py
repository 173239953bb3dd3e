"""factory_boy factories for every model the tests need."""

import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles import services
from articles.bylines import BylineRole
from articles.models import Article, ArticleByline, ArticleStatus, Correction
from images.models import Image
from people.models import Organization, OrganizationKind, Person, PersonKind


def jpeg_bytes(width=64, height=48, color=(200, 30, 30), fmt="JPEG", **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


GPS_LATITUDE = (27.0, 49.0, 30.0)  # a correspondent's home, which must never reach readers


def phone_photo_bytes(width=1600, height=1200, orientation=6, gps=True) -> bytes:
    """A JPEG as a phone writes it: sensor-oriented pixels, an EXIF orientation tag and GPS.

    The stored pixels are red on top and blue below; with orientation 6 (rotate 90° clockwise
    to display) a correct viewer shows blue on the left and red on the right.
    """
    image = PILImage.new("RGB", (width, height), (220, 20, 20))
    image.paste((20, 20, 220), (0, height // 2, width, height))
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (113.0, 8.0, 15.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def pixel_bomb_png(width=100_000, height=100_000) -> bytes:
    """A tiny PNG whose header claims a huge image (a decompression bomb's calling card)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = zlib.compress(row * 16)  # a few rows only: the file stays tiny
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw-Newsroom-2024")
    is_staff = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    """Creates a root organisation; pass parent=... to add a child instead."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试区人民法院{n}")
    short_name = factory.Sequence(lambda n: f"测试法院{n}")
    kind = OrganizationKind.BASIC_COURT
    region = "株洲市"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        manager = model_class.objects
        return manager.add_child(parent, kwargs) if parent else manager.add_root(kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(["王薇", "谢燕", "曾佳欣", "陈璧君", "伏志勇", "罗晓洪", "刘婧"])
    kind = PersonKind.STAFF


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))
    caption = factory.Sequence(lambda n: f"图片说明{n}")
    alt_text = "会议现场"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"法院新闻标题{n}")
    body = "<p>近日，株洲市渌口区法院开展党建活动。</p>"
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the admin and the importer save a story: with the images it uses recorded.
        return services.save_article(model_class(*args, **kwargs))


class DraftArticleFactory(ArticleFactory):
    status = ArticleStatus.DRAFT
    published_at = None


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleByline

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    role = BylineRole.ALL_MEDIA_REPORTER
    position = factory.Sequence(lambda n: n)


def user_with_role(role: str, username: str | None = None, **kwargs):
    """Create a staff user in one of the newsroom's role Groups (made by the data migration)."""
    from django.contrib.auth.models import Group

    user = UserFactory(**({"username": username} if username else {}), **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


class ReviewArticleFactory(DraftArticleFactory):
    """A story waiting at review level 1 (待初审); pass review_level=2 or 3 for later levels."""

    status = ArticleStatus.IN_REVIEW
    review_level = 1
    state_changed_at = factory.LazyFunction(timezone.now)


class ScheduledArticleFactory(ArticleFactory):
    status = ArticleStatus.SCHEDULED
    published_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "本文中“渌口法院”应为“渌口区法院”，特此更正。"


def story(organizations=(), topics=(), people=(), image=False, **kwargs) -> Article:
    """Create a story with organisations, topics, bylined people and optionally a lead image."""
    if image:
        kwargs["lead_image"] = ImageFactory()
    article = ArticleFactory(**kwargs)
    if organizations:
        article.organizations.set(organizations)
    if topics:
        article.tags.set(list(topics))
    for position, person in enumerate(people):
        BylineFactory(article=article, person=person, position=position)
    return article
