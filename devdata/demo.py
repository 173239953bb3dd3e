"""Demo content: the example print page's two stories and the organisations they imply."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw

from articles import changes, services
from articles.models import Article, ArticleByline, ArticleStatus
from images import services as image_services
from images.models import Image
from people.models import Organization, OrganizationAlias, OrganizationKind, Person, PersonKind

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHANGHAI = ZoneInfo("Asia/Shanghai")
K = OrganizationKind

# (official name, short name, kind, region, aliases, children)
ORGANIZATION_TREE = [
    (
        "湖南省高级人民法院",
        "湖南高院",
        K.HIGH_COURT,
        "湖南省",
        ["省高院"],
        [
            (
                "株洲市中级人民法院",
                "株洲中院",
                K.INTERMEDIATE_COURT,
                "株洲市",
                ["株洲市中院", "市中院"],
                [
                    (
                        "株洲市中级人民法院民事审判第一庭",
                        "民一庭",
                        K.DEPARTMENT,
                        "株洲市",
                        ["市中院民一庭"],
                        [],
                    ),
                    (
                        "株洲市渌口区人民法院",
                        "渌口区法院",
                        K.BASIC_COURT,
                        "株洲市渌口区",
                        ["渌口法院"],
                        [
                            (
                                "株洲市渌口区人民法院党总支",
                                "渌口区法院党总支",
                                K.PARTY_GROUP,
                                "株洲市渌口区",
                                [],
                                [
                                    (
                                        "渌口区法院业务审判党支部",
                                        "业务审判支部",
                                        K.PARTY_BRANCH,
                                        "株洲市渌口区",
                                        [],
                                        [],
                                    ),
                                    (
                                        "渌口区法院综合管理党支部",
                                        "综合管理党支部",
                                        K.PARTY_BRANCH,
                                        "株洲市渌口区",
                                        ["综合管理支部"],
                                        [],
                                    ),
                                    (
                                        "渌口区法院淦田党支部",
                                        "淦田支部",
                                        K.PARTY_BRANCH,
                                        "株洲市渌口区",
                                        [],
                                        [],
                                    ),
                                    (
                                        "渌口区法院离退休老干部党支部",
                                        "离退休老干部支部",
                                        K.PARTY_BRANCH,
                                        "株洲市渌口区",
                                        [],
                                        [],
                                    ),
                                ],
                            ),
                            (
                                "株洲市渌口区人民法院政治部",
                                "政治部",
                                K.DEPARTMENT,
                                "株洲市渌口区",
                                [],
                                [],
                            ),
                            (
                                "株洲市渌口区人民法院工会",
                                "工会",
                                K.DEPARTMENT,
                                "株洲市渌口区",
                                [],
                                [],
                            ),
                            (
                                "株洲市渌口区人民法院综合办公室",
                                "综合办公室",
                                K.DEPARTMENT,
                                "株洲市渌口区",
                                [],
                                [],
                            ),
                            (
                                "株洲市渌口区人民法院司法警察大队",
                                "司法警察大队",
                                K.DEPARTMENT,
                                "株洲市渌口区",
                                ["法警队"],
                                [],
                            ),
                            (
                                "株洲市渌口区人民法院淦田人民法庭",
                                "淦田法庭",
                                K.TRIBUNAL,
                                "株洲市渌口区",
                                [],
                                [],
                            ),
                        ],
                    ),
                    (
                        "攸县人民法院",
                        "攸县法院",
                        K.BASIC_COURT,
                        "株洲市攸县",
                        [],
                        [
                            (
                                "攸县人民法院执行局",
                                "执行局",
                                K.DEPARTMENT,
                                "株洲市攸县",
                                ["攸县法院执行局"],
                                [],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
    ("攸县人民检察院", "攸县检察院", K.PROCURATORATE, "株洲市攸县", [], []),
]

# (name, kind, affiliation's official name, position title)
PEOPLE = [
    ("王薇", PersonKind.STAFF, None, ""),
    ("伏志勇", PersonKind.STAFF, None, ""),
    ("谢燕", PersonKind.CORRESPONDENT, "株洲市渌口区人民法院", "综合办公室主任"),
    ("曾佳欣", PersonKind.CORRESPONDENT, "株洲市渌口区人民法院", ""),
    ("陈璧君", PersonKind.CORRESPONDENT, "株洲市渌口区人民法院", ""),
    ("罗晓洪", PersonKind.CORRESPONDENT, "攸县人民法院", ""),
    ("刘婧", PersonKind.CORRESPONDENT, "攸县人民法院", ""),
]

PUBLISHED_AT = [
    datetime(2024, 6, 18, 8, 0, tzinfo=SHANGHAI),
    datetime(2024, 6, 18, 8, 30, tzinfo=SHANGHAI),
]


def ensure_organization(name, short_name, kind, region, aliases, parent=None) -> Organization:
    """Create the organisation under parent once; later runs find it by official name."""
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        fields = {"name": name, "short_name": short_name, "kind": kind, "region": region}
        manager = Organization.objects
        organization = manager.add_child(parent, fields) if parent else manager.add_root(fields)
    for alias in aliases:
        OrganizationAlias.objects.get_or_create(organization=organization, name=alias)
    return organization


def build_tree(nodes, parent=None) -> None:
    for name, short_name, kind, region, aliases, children in nodes:
        node = ensure_organization(name, short_name, kind, region, aliases, parent)
        build_tree(children, node)


def placeholder_jpeg(
    width: int = 1200, height: int = 800, background: tuple[int, int, int] = (176, 42, 48)
) -> bytes:
    """Draw a plain placeholder photo (no fonts, no network)."""
    image = PILImage.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 8, height // 3, width * 7 // 8, height * 2 // 3), fill=(232, 200, 120))
    for i in range(12):
        x = width // 8 + i * (width * 3 // 4) // 12
        draw.ellipse(
            (x + 10, height * 2 // 3 + 20, x + 50, height * 2 // 3 + 60), fill=(40, 40, 40)
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def ensure_caption_image(caption: str) -> Image:
    image = Image.objects.filter(caption=caption).first()
    if image is None:
        image = Image(
            caption=caption,
            alt_text="党支部党员在会议室内召开支部党员大会",
            credit_text="渌口区法院供图",
        )
        image.file = ContentFile(placeholder_jpeg(), name="demo-party-meeting.jpg")
        image_services.save_image(image)
    return image


@transaction.atomic
def load_demo() -> list[Article]:
    """Load (or refresh) the example page's stories; running it twice changes nothing."""
    build_tree(ORGANIZATION_TREE)
    people = {}
    for name, kind, affiliation, position in PEOPLE:
        person = Person.objects.filter(name=name).order_by("pk").first() or Person(name=name)
        person.kind = kind
        person.affiliation = Organization.objects.get(name=affiliation) if affiliation else None
        person.position_title = position
        person.save()
        people[name] = person

    data = json.loads((FIXTURES / "demo_stories.json").read_text(encoding="utf-8"))
    articles = []
    for story, published_at in zip(data["stories"], PUBLISHED_AT, strict=True):
        parts, lead_image = [], None
        for block in story["blocks"]:
            if isinstance(block, dict):
                lead_image = ensure_caption_image(block["caption"])
                parts.append(lead_image.figure_html())
            else:
                parts.append(f"<p>{escape(block)}</p>")
        article = Article.objects.filter(headline=story["headline"]).first() or Article()
        article.headline = story["headline"]
        article.overline = story["overline"]
        article.deck = story["deck"]
        article.lead_in_source = story["lead_in_source"]
        article.body = "".join(parts)
        article.lead_image = lead_image
        article.status = ArticleStatus.PUBLISHED
        article.published_at = published_at
        services.save_article(article)
        article.bylines.all().delete()
        ArticleByline.objects.bulk_create(
            [
                ArticleByline(
                    article=article,
                    person=people[name],
                    role=role,
                    position=i,
                    organization=people[name].affiliation,
                )
                for i, (role, name) in enumerate(story["bylines"])
            ]
        )
        article.organizations.set(Organization.objects.filter(name__in=story["organizations"]))
        article.tags.set(story["topics"])
        # The demo stories ran as printed: they were not edited after publication.
        Article.objects.filter(pk=article.pk).update(updated_at=published_at)
        article.updated_at = published_at
        changes.changed(ArticleByline, article.bylines.all())  # bulk_create and update() send
        changes.changed(Article, [article], ["updated_at"])  # no signals
        articles.append(article)
    return articles
