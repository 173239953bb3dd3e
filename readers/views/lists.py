"""Readers' lists: courts (with everything under them), topics and people, with their stories."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.views.generic import ListView, TemplateView

from articles.models import Article, TaggedArticle, Topic
from people.models import COURT_KINDS, Organization, OrganizationKind, Person
from readers import listings
from readers.models import ListingKind
from readers.views.listing import ListingMixin

# How many levels under a court its page lists (court → 党总支 → 党支部).
CHILD_LEVELS = 2


class OrganizationListView(TemplateView):
    """The court directory: courts and procuratorates as a tree."""

    template_name = "readers/organization_list.html"

    def get_context_data(self, **kwargs):
        kinds = (*COURT_KINDS, OrganizationKind.PROCURATORATE)
        organizations = Organization.objects.filter(kind__in=kinds).only(
            "path", "depth", "name", "slug"
        )
        return super().get_context_data(organizations=organizations, **kwargs)


class OrganizationDetailView(ListingMixin, ListView):
    """A court's page: its place in the tree (breadcrumb up, branches down) and the stories
    about it or anything under it."""

    template_name = "readers/organization_detail.html"

    def get_queryset(self):
        self.organization = Organization.objects.filter(slug=self.kwargs["slug"]).first()
        if self.organization is None:
            raise Http404("没有找到这个机构。")
        return listings.listed(ListingKind.ORGANIZATION, self.organization.pk)

    def get_context_data(self, **kwargs):
        organization = self.organization
        step, path = organization.steplen, organization.path
        # Everything above it and CHILD_LEVELS below, in one query (ordered by path).
        depth = organization.depth
        around = list(
            Organization.objects.filter(
                Q(path__in=[path[:end] for end in range(step, len(path), step)])
                | Q(path__startswith=path, depth__gt=depth, depth__lte=depth + CHILD_LEVELS)
            ).only("path", "depth", "name", "short_name", "slug")
        )
        return super().get_context_data(
            organization=organization,
            ancestors=[o for o in around if o.depth < depth],
            children=[o for o in around if o.depth > depth],
            **kwargs,
        )


class PersonDetailView(ListingMixin, ListView):
    """A byline person's page: who they are and the stories they signed."""

    template_name = "readers/person_detail.html"

    def get_queryset(self):
        self.person = (
            Person.objects.select_related("affiliation").filter(slug=self.kwargs["slug"]).first()
        )
        if self.person is None:
            raise Http404("没有找到这位作者。")
        return listings.listed(ListingKind.PERSON, self.person.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class TopicListView(TemplateView):
    """Every topic with published stories, with how many."""

    template_name = "readers/topic_list.html"

    def get_context_data(self, **kwargs):
        counts = dict(
            TaggedArticle.objects.filter(content_object__in=Article.objects.published())
            .values_list("tag_id")
            .annotate(n=Count("id"))
            .values_list("tag_id", "n")
        )
        topics = list(Topic.objects.filter(pk__in=counts))
        for topic in topics:
            topic.story_count = counts[topic.pk]
        return super().get_context_data(topics=topics, **kwargs)


class TopicDetailView(ListingMixin, ListView):
    template_name = "readers/topic_detail.html"

    def get_queryset(self):
        self.topic = Topic.objects.filter(slug=self.kwargs["slug"]).first()
        if self.topic is None:
            raise Http404("没有找到这个专题。")
        return listings.listed(ListingKind.TOPIC, self.topic.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
