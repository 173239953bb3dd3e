"""Import a print page: parse it and create draft articles, all or nothing.

The admin upload form and the ``import_page`` command both call ``import_page``. It never
publishes: every story becomes a draft for a journalist to check against the report kept on
the ``PageIngest`` record (what was found, what was linked, what is uncertain).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from articles.bylines import BylineRole, render_lead_in
from articles.models import Article, ArticleByline, ArticleStatus, Topic
from ingest.matching import OrganizationMatcher, TopicMatcher
from ingest.models import PageIngest
from ingest.parser import (
    PageInputError,
    ParsedCaption,
    ParsedParagraph,
    ParsedStory,
    decode_page_with_encoding,
    parse_page,
    render_blocks_html,
)
from people.models import Organization, Person, PersonKind

__all__ = [
    "IngestResult",
    "NoStoryError",
    "PageInputError",
    "PageTooLargeError",
    "import_page",
]


class PageTooLargeError(PageInputError):
    """The file is far larger than any page's text."""


class NoStoryError(PageInputError):
    """The text holds nothing the parser recognises as a story."""


@dataclass(frozen=True)
class IngestResult:
    ingest: PageIngest
    already_imported: bool  # the same page text was imported before; nothing was created

    @property
    def articles(self) -> list[Article]:
        return list(self.ingest.articles.order_by("pk"))


# Which kind of person an unknown name becomes, by the role printed before it.
KIND_BY_ROLE = {
    BylineRole.CORRESPONDENT: PersonKind.CORRESPONDENT,
    BylineRole.SPECIAL_CORRESPONDENT: PersonKind.CORRESPONDENT,
    BylineRole.PHOTO: PersonKind.PHOTOGRAPHER,
    BylineRole.PHOTOGRAPHER: PersonKind.PHOTOGRAPHER,
    BylineRole.EDITOR: PersonKind.EDITOR,
    BylineRole.PROOFREADER: PersonKind.EDITOR,
}
ENCODINGS = ("auto", "utf-8", "gb18030", "gbk", "utf-16")


def content_hash(text: str) -> str:
    """Return the fingerprint of a page's text, the same for its UTF-8 and GB18030 copies."""
    normalised = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def check_size(size: int) -> None:
    """Refuse a file larger than INGEST_MAX_PAGE_BYTES before reading it."""
    limit = settings.INGEST_MAX_PAGE_BYTES
    if size > limit:
        raise PageTooLargeError(
            f"文件太大（{size / 1024 / 1024:.1f} MB）：版面文字文件不应超过 "
            f"{limit / 1024 / 1024:.1f} MB，请确认上传的是单个版面导出的纯文本。"
        )


def import_page(
    data: bytes,
    *,
    edition_date: datetime.date,
    page_label: str,
    user=None,
    encoding: str = "auto",
    filename: str = "",
) -> IngestResult:
    """Turn one page's text into draft articles and a report; raise PageInputError if unusable."""
    check_size(len(data))
    text, used_encoding = decode_page_with_encoding(data, encoding)
    fingerprint = content_hash(text)
    existing = PageIngest.objects.filter(content_hash=fingerprint).first()
    if existing is not None:
        return IngestResult(existing, already_imported=True)
    page = parse_page(text, publications=(settings.PUBLICATION_NAME,))
    if not page.stories:
        raise NoStoryError(
            "没有识别出任何稿件：未找到“标题 + 署名/副题/电头”的结构。"
            "请确认文件是版面导出的文字，而不是其他文件。"
        )
    page_label = page_label.strip().upper()
    try:
        with transaction.atomic():
            ingest = PageIngest.objects.create(
                edition_date=edition_date,
                page_label=page_label,
                filename=filename[:255],
                raw=data,
                text=text,
                encoding=used_encoding,
                content_hash=fingerprint,
                uploaded_by=user,
            )
            importer = _StoryImporter(ingest, user)
            stories = [importer.import_story(story) for story in page.stories]
            ingest.report = {"stories": stories, "warnings": list(page.warnings)}
            ingest.save(update_fields=["report"])
    except IntegrityError:
        # The same page was uploaded twice at once and the other upload committed first.
        existing = PageIngest.objects.filter(content_hash=fingerprint).first()
        if existing is None:
            raise
        return IngestResult(existing, already_imported=True)
    return IngestResult(ingest, already_imported=False)


class _StoryImporter:
    """Create one draft per parsed story, with matchers built once for the whole page."""

    def __init__(self, ingest: PageIngest, user) -> None:
        self.ingest = ingest
        self.user = user
        self.organizations = OrganizationMatcher.from_database()
        self.topics = TopicMatcher(Topic.objects.values_list("name", flat=True))

    def import_story(self, story: ParsedStory) -> dict:
        """Create the draft for a story (unless already imported) and return its report."""
        flagged = {flag.message for flag in story.flags}
        report = {
            "headline": story.headline,
            "overline": story.overline,
            "deck": story.deck,
            "lead_in": story.lead_in_text,
            "paragraphs": len(story.paragraphs),
            "captions": [_caption_text(caption) for caption in story.captions],
            "photo_credits": story.photo_credits,
            "end_notes": list(story.end_notes),
            # Each guess with the printed line it was made on; other notes without one.
            "flags": [
                {"message": flag.message, "line": flag.line, "printed": flag.printed}
                for flag in story.flags
            ],
            "warnings": [warning for warning in story.warnings if warning not in flagged],
        }
        existing = Article.objects.filter(
            print_edition_date=self.ingest.edition_date,
            print_page=self.ingest.page_label,
            headline=story.headline,
        ).first()
        if existing is not None:
            return {
                **report,
                "status": "existing",
                "article_id": existing.pk,
                "bylines": [
                    {"name": b.person.name, "role": b.role, "person_id": b.person_id}
                    for b in existing.bylines.select_related("person")
                ],
                "organizations": [
                    {"id": o.pk, "name": o.name} for o in existing.organizations.all()
                ],
                "topics": list(existing.tags.names()),
            }

        text = _story_text(story)
        found = self.organizations.match(text)
        organizations = Organization.objects.in_bulk(found.organization_ids)
        organizations = [organizations[pk] for pk in found.organization_ids]
        topics = self.topics.match(text)
        lead_in_source, blocks = _printed_lead_in(story, report["warnings"])
        article = Article.objects.create(
            overline=story.overline,
            headline=story.headline,
            deck=story.deck,
            lead_in_source=lead_in_source,
            body=render_blocks_html(blocks),
            status=ArticleStatus.DRAFT,
            print_edition_date=self.ingest.edition_date,
            print_page=self.ingest.page_label,
            created_by=self.user,
            ingest=self.ingest,
        )
        article.organizations.set(organizations)
        article.tags.set(topics)
        bylines = self._add_bylines(article, story, organizations, report["warnings"])

        if not story.bylines:
            report["warnings"].append("没有找到署名，请补上作者。")
        report["warnings"].extend(found.skipped)
        return {
            **report,
            "status": "created",
            "article_id": article.pk,
            "bylines": bylines,
            "organizations": [{"id": o.pk, "name": o.name} for o in organizations],
            "topics": topics,
        }

    def _add_bylines(self, article, story, organizations, warnings) -> list[dict]:
        """Credit each printed name, in order, to an existing or a new person."""
        rows, seen = [], set()
        for position, byline in enumerate(story.bylines):
            # The role as printed: none printed is none stored (the parser flagged it).
            role = byline.role
            if role and role not in BylineRole.values:
                warnings.append(
                    f"“{byline.name}”的身份“{role}”不在系统的署名身份中，已按版面保存，请核对。"
                )
            person, created, note = self._person_for(byline.name, role, organizations)
            if note:
                warnings.append(note)
            if (person.pk, role) in seen:
                continue
            seen.add((person.pk, role))
            ArticleByline.objects.create(
                article=article, person=person, role=role, position=position
            )
            rows.append(
                {
                    "name": byline.name,
                    "role": role,
                    "person_id": person.pk,
                    "new_person": created,
                    "uncertain": bool(note),
                }
            )
        return rows

    def _person_for(self, name: str, role: str, organizations) -> tuple[Person, bool, str]:
        """Return (person, created, note): the person a name means, and what to check."""
        people = list(Person.objects.filter(name=name).select_related("affiliation"))
        if not people:
            kind = KIND_BY_ROLE.get(role, PersonKind.STAFF)
            person = Person.objects.create(name=name, kind=kind, needs_review=True)
            return (
                person,
                True,
                f"新建人员“{name}”（{person.get_kind_display()}），请核实姓名与单位。",
            )
        if len(people) == 1:
            return people[0], False, ""
        # Namesakes: prefer the one who works where the story happens.
        paths = [o.path for o in organizations]
        local = [
            p
            for p in people
            if p.affiliation_id and any(path.startswith(p.affiliation.path) for path in paths)
        ]
        if len(local) == 1:
            return local[0], False, ""
        chosen = (local or people)[0]
        return chosen, False, f"人员库中有 {len(people)} 位“{name}”，暂选第一位，请核实。"


def _printed_lead_in(story: ParsedStory, warnings: list[str]) -> tuple[str, list]:
    """Return the lead-in source to store and the body blocks, so the draft prints as the page.

    ``Article.lead_in()`` prints the source with the story's bylines in parentheses. When that
    is what the page printed, the source is stored; when the page printed the credits
    otherwise (no roles, "文/图", other brackets), the printed lead-in itself is stored; when the
    page printed a bare "本报讯" with its bylines elsewhere, the lead-in stays where it was
    printed, at the start of the first paragraph, so that no credit is invented inside it.
    """
    if not story.lead_in_text:
        return "", story.blocks
    credits = [(byline.role, byline.name) for byline in story.bylines]
    if render_lead_in(credits, story.lead_in) == story.lead_in_text:
        return story.lead_in, story.blocks
    credited_inside = story.lead_in_text != story.lead_in
    limit = Article._meta.get_field("lead_in_source").max_length
    if credited_inside and len(story.lead_in_text) <= limit:
        return story.lead_in_text, story.blocks
    warnings.append(
        f"电头“{story.lead_in_text}”已保留在正文第一段开头（署名另见标题下方），请核对版式。"
    )
    blocks = list(story.blocks)
    first = next((i for i, block in enumerate(blocks) if isinstance(block, ParsedParagraph)), None)
    if first is None:
        blocks.insert(0, ParsedParagraph(story.lead_in_text))
    else:
        gap = story.lead_in_gap
        blocks[first] = ParsedParagraph(f"{story.lead_in_text}{gap}{blocks[first].text}")
    return "", blocks


def _caption_text(caption: ParsedCaption) -> str:
    return " ".join(part for part in (caption.text, caption.credit) if part)


def _story_text(story: ParsedStory) -> str:
    """Return all the text of a story that may name an organisation or topic."""
    parts = [story.overline, story.headline, story.deck]
    parts += [block.text for block in story.blocks]
    return "\n".join(part for part in parts if part)
