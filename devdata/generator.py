"""Generated data for benchmarks and demos: many courts, people, topics, images and articles.

Stories are varied court news written from kinds of story held as data (devdata/newswriter.py:
enforcement, mediation, juvenile protection, Party building …), each about its court, with a
headline, lead and body of the paper's length and character mix.
"""

from __future__ import annotations

import random
from datetime import timedelta
from functools import lru_cache

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles import changes
from articles.bylines import BylineRole
from articles.models import Article, ArticleByline, ArticleStatus, TaggedArticle, Topic
from devdata.demo import placeholder_jpeg
from devdata.newswriter import NewsWriter, captions
from images.models import Image
from people.models import Organization, OrganizationKind, Person, PersonKind
from people.slugs import pinyin_slug

CITIES = [
    "长沙",
    "株洲",
    "湘潭",
    "衡阳",
    "邵阳",
    "岳阳",
    "常德",
    "张家界",
    "益阳",
    "郴州",
    "永州",
    "怀化",
    "娄底",
    "湘西",
]
DISTRICTS = ["城区", "东区", "西区", "南区", "北区", "新区", "县", "开发区"]
DEPARTMENTS = ["政治部", "执行局", "民一庭", "刑庭", "综合办公室", "司法警察大队"]
TOPICS = [
    "党建",
    "党建品牌",
    "执行",
    "执行监督",
    "法检协作",
    "普法",
    "司法警察",
    "未成年人保护",
    "诉源治理",
    "枫桥经验",
    "立案信访",
    "家事审判",
    "知识产权",
    "环境资源",
    "行政审判",
    "刑事审判",
    "民事审判",
    "队伍建设",
    "廉政建设",
    "司法公开",
    "智慧法院",
    "多元解纷",
    "优化营商环境",
    "乡村振兴",
    "扫黑除恶",
    "反诈",
    "禁毒",
    "人民陪审员",
    "司法为民",
    "调解",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉婷燕晓志佳欣婧璧君薇洪"


@lru_cache(maxsize=4096)
def slug_base(text: str) -> str:
    return pinyin_slug(text, max_length=50)


class DataGenerator:
    """Make a realistic newsroom of any size; deterministic for a given seed."""

    def __init__(self, seed: int = 2024, progress=None):
        self.random = random.Random(seed)
        self.progress = progress or (lambda iterable, **kwargs: iterable)
        self.writer = NewsWriter(self.random)

    def name(self) -> str:
        r = self.random
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    @transaction.atomic
    def organizations(self) -> list[Organization]:
        """Create a high court, intermediate courts per city and basic courts with their parts.

        Paths are computed here and the nodes bulk-created: hundreds of add_child() calls
        would cost a few queries each.
        """
        high = Organization.objects.filter(name="湖南省高级人民法院").first()
        if high is None:
            high = Organization.objects.add_root(
                {
                    "name": "湖南省高级人民法院",
                    "short_name": "湖南高院",
                    "kind": OrganizationKind.HIGH_COURT,
                }
            )
        if not Organization.objects.filter(name=f"{CITIES[0]}市中级人民法院").exists():
            tree = []
            for city in CITIES:
                basics = []
                for district in DISTRICTS[: self.random.randint(4, len(DISTRICTS))]:
                    name = f"{city}市{city}{district}人民法院"
                    parts = [
                        (f"{name}{d}", d, OrganizationKind.DEPARTMENT, []) for d in DEPARTMENTS
                    ]
                    parts.append((f"{name}党总支", "党总支", OrganizationKind.PARTY_GROUP, []))
                    parts.append(
                        (
                            f"{name}{district}人民法庭",
                            f"{district}法庭",
                            OrganizationKind.TRIBUNAL,
                            [],
                        )
                    )
                    basics.append(
                        (name, f"{city}{district}法院", OrganizationKind.BASIC_COURT, parts)
                    )
                tree.append(
                    (
                        f"{city}市中级人民法院",
                        f"{city}中院",
                        OrganizationKind.INTERMEDIATE_COURT,
                        basics,
                    )
                )
            nodes = []
            first_step = high.numchild + 1

            def place(children, parent_path, depth, region, first=1):
                for step, (name, short, kind, grandchildren) in enumerate(children, start=first):
                    path = Organization._get_path(parent_path, depth, step)
                    nodes.append(
                        Organization(
                            name=name,
                            short_name=short,
                            kind=kind,
                            region=region,
                            path=path,
                            depth=depth,
                            numchild=len(grandchildren),
                            slug=f"{slug_base(short)}-{path.lower()}",
                        )
                    )
                    place(grandchildren, path, depth + 1, region)

            for offset, (name, short, kind, basics) in enumerate(tree):
                place(
                    [(name, short, kind, basics)],
                    high.path,
                    2,
                    f"{CITIES[offset]}市",
                    first=first_step + offset,
                )
            Organization.objects.bulk_create(nodes, batch_size=500)
            Organization.objects.filter(pk=high.pk).update(numchild=high.numchild + len(tree))
        return list(
            Organization.objects.filter(
                kind=OrganizationKind.BASIC_COURT, path__startswith=high.path
            )
        )

    def people(self, courts: list[Organization], staff: int = 200, correspondents: int = 1500):
        made = [Person(name=self.name(), kind=PersonKind.STAFF) for _ in range(staff)]
        made += [
            Person(
                name=self.name(),
                kind=PersonKind.CORRESPONDENT,
                affiliation=self.random.choice(courts),
            )
            for _ in range(correspondents)
        ]
        start = Person.objects.count()
        for i, person in enumerate(made, start=start):
            person.slug = f"{slug_base(person.name)}-g{i}"
        return Person.objects.bulk_create(made, batch_size=1000)

    def topics(self) -> list[Topic]:
        return [
            Topic.objects.get_or_create(name=n, defaults={"slug": pinyin_slug(n)})[0]
            for n in TOPICS
        ]

    def images(self, count: int = 2000) -> list[Image]:
        files = []
        for i in range(12):
            color = (self.random.randint(60, 220), self.random.randint(60, 220), 90)
            image = Image(caption=f"生成图片{i}", alt_text="法院工作现场", credit_text="资料图")
            image.file = ContentFile(placeholder_jpeg(800, 533, color), name=f"generated-{i}.jpg")
            image.save()  # builds the public master; renditions come from generate_renditions
            files.append(image)
        rows = [
            Image(
                file=files[i % len(files)].file.name,
                master=files[i % len(files)].master.name,
                width=files[0].width,
                height=files[0].height,
                caption=self.random.choice(captions()),
                alt_text="法院工作现场",
                credit_text="通讯员供图",
            )
            for i in range(max(0, count - len(files)))
        ]
        return files + Image.objects.bulk_create(rows, batch_size=1000)

    def articles(self, count: int, batch_size: int = 2000) -> int:
        """Create count articles with bylines, organisations, topics and lead images."""
        r = self.random
        courts = self.organizations()
        children = {c.pk: list(Organization.objects.get_children(c)) for c in courts}
        people = self.people(courts)
        staff = [p for p in people if p.kind == PersonKind.STAFF]
        by_court: dict[int, list[Person]] = {}
        for p in people:
            if p.affiliation_id:
                by_court.setdefault(p.affiliation_id, []).append(p)
        topics = self.topics()
        by_name = {t.name: t for t in topics}
        images = self.images(max(12, count // 20))
        now = timezone.now()
        serial = Article.objects.count()
        last_existing = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        made = 0
        bar = self.progress(total=count, desc="articles", unit="篇")
        while made < count:
            size = min(batch_size, count - made)
            plans = []
            for _ in range(size):
                court = r.choice(courts)
                published = r.random() > 0.05
                published_at = (
                    now - timedelta(minutes=r.randint(1, 3 * 365 * 24 * 60)) if published else None
                )
                news = self.writer.story(court, self.name, timezone.localtime(published_at or now))
                serial += 1
                article = Article(
                    headline=news["headline"],
                    deck=news["deck"],
                    summary=news["summary"],
                    slug=f"{slug_base(news['headline'])}-{serial}",
                    lead_in_source=r.choice(["", "湖南法治报讯"]),
                    body=news["body"],
                    status=ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT,
                    published_at=published_at,
                    lead_image=r.choice(images) if r.random() < 0.7 else None,
                )
                plans.append((article, court, news["topic"]))
            with transaction.atomic():
                Article.objects.bulk_create([a for a, _, _ in plans], batch_size=500)
                bylines, links, tags = [], [], []
                through = Article.organizations.through
                for article, court, topic in plans:
                    credits = [
                        (BylineRole.ALL_MEDIA_REPORTER, p) for p in r.sample(staff, r.randint(1, 2))
                    ]
                    local = by_court.get(court.pk, [])
                    credits += [
                        (BylineRole.CORRESPONDENT, p)
                        for p in r.sample(local, min(len(local), r.randint(0, 3)))
                    ]
                    bylines += [
                        ArticleByline(
                            article=article,
                            person=p,
                            role=role,
                            position=i,
                            organization_id=p.affiliation_id,
                        )
                        for i, (role, p) in enumerate(credits)
                    ]
                    about = {court.pk}
                    if children[court.pk] and r.random() < 0.5:
                        about.add(r.choice(children[court.pk]).pk)
                    links += [through(article_id=article.pk, organization_id=o) for o in about]
                    # The story's own beat first, sometimes a related topic or two.
                    chosen = [by_name[topic], *r.sample(topics, r.randint(0, 2))]
                    tags += [
                        TaggedArticle(content_object_id=article.pk, tag_id=t.pk)
                        for t in dict.fromkeys(chosen)
                    ]
                ArticleByline.objects.bulk_create(bylines, batch_size=2000)
                through.objects.bulk_create(links, batch_size=2000)
                TaggedArticle.objects.bulk_create(tags, batch_size=2000)
            made += size
            if hasattr(bar, "update"):
                bar.update(size)
        if hasattr(bar, "close"):
            bar.close()
        # Bulk inserts send no signals: announce the new stories (lists, search index) at once.
        changes.changed(Article, Article.objects.filter(pk__gt=last_existing))
        return made
