"""The story list's filters: court (with everything under it), topic, author, mine, state."""

from django.contrib import admin
from django.db.models import Count, Q

from articles.models import ArticleStatus, Topic
from articles.workflow import review_levels
from people.models import COURT_KINDS, Organization, OrganizationKind, Person, PersonKind


class CourtFilter(admin.SimpleListFilter):
    """Filter stories by court, including everything under it (branches, tribunals …)."""

    title = "法院（含下级）"
    parameter_name = "court"

    def lookups(self, request, model_admin):
        kinds = (*COURT_KINDS, OrganizationKind.PROCURATORATE)
        courts = Organization.objects.filter(kind__in=kinds).order_by("path")
        return [(o.pk, ("　" * (o.depth - 1)) + o.display_name) for o in courts]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        organization = Organization.objects.filter(pk=self.value()).first()
        return queryset.about(organization) if organization else queryset.none()


class TopicFilter(admin.SimpleListFilter):
    title = "专题标签"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        topics = Topic.objects.annotate(n=Count("tagged_articles")).order_by("-n", "name")[:30]
        return [(t.slug, t.name) for t in topics]

    def queryset(self, request, queryset):
        topic = Topic.objects.filter(slug=self.value()).first() if self.value() else None
        return queryset.with_topic(topic) if topic else queryset


class AuthorFilter(admin.SimpleListFilter):
    """Filter by a staff journalist in the byline."""

    title = "作者"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        staff = (
            Person.objects.filter(
                kind__in=(PersonKind.STAFF, PersonKind.PHOTOGRAPHER), bylines__isnull=False
            )
            .distinct()
            .order_by("name")[:50]
        )
        return [(p.pk, p.name) for p in staff]

    def queryset(self, request, queryset):
        person = Person.objects.filter(pk=self.value()).first() if self.value() else None
        return queryset.by_person(person) if person else queryset


class MineFilter(admin.SimpleListFilter):
    title = "范围"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "我的稿件")]

    def queryset(self, request, queryset):
        if self.value() != "1":
            return queryset
        return queryset.filter(
            Q(created_by=request.user) | Q(bylines__person__user=request.user)
        ).distinct()


class WorkflowStateFilter(admin.SimpleListFilter):
    """Filter by workflow state, with each review level as its own queue."""

    title = "流程状态"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        choices = [(ArticleStatus.DRAFT, "草稿"), (ArticleStatus.RETURNED, "退回修改")]
        choices += [(f"review-{lv.number}", lv.queue_name) for lv in review_levels()]
        choices += [
            (s, s.label)
            for s in (
                ArticleStatus.APPROVED,
                ArticleStatus.SCHEDULED,
                ArticleStatus.PUBLISHED,
                ArticleStatus.UNPUBLISHED,
            )
        ]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value.startswith("review-") and value[7:].isdigit():
            return queryset.in_review_at(int(value[7:]))
        return queryset.filter(status=value)
