"""Readers' pages for organisations (courts) and byline people."""

from django.http import Http404
from django.views.generic import ListView, TemplateView

from articles import rendering
from articles.models import ListingKind
from articles.views import FramedListingMixin
from newsroom.sql import CompiledQuery
from people.models import (
    COURT_KINDS,
    PAGE_COLUMNS,
    Organization,
    OrganizationKind,
    OrganizationLink,
    Person,
)


def nest(organizations) -> list[dict]:
    """Nest organisations (ordered by path) under their nearest listed ancestor."""
    roots, open_nodes = [], []
    for organization in organizations:
        node = {"organization": organization, "children": []}
        while open_nodes and not organization.path.startswith(open_nodes[-1]["organization"].path):
            open_nodes.pop()
        (open_nodes[-1]["children"] if open_nodes else roots).append(node)
        open_nodes.append(node)
    return roots


# How many levels under a court its page lists (court → 党总支 → 党支部).
CHILD_LEVELS = 2


class OrganizationListView(TemplateView):
    """The court directory: courts and procuratorates as a tree."""

    template_name = "people/organization_list.html"

    def get_context_data(self, **kwargs):
        kinds = (*COURT_KINDS, OrganizationKind.PROCURATORATE)
        tree = nest(Organization.objects.filter(kind__in=kinds))
        return super().get_context_data(tree=tree, **kwargs)


class OrganizationDetailView(FramedListingMixin, ListView):
    """A court's page: its place in the tree (breadcrumb up, branches down) and the stories
    about it or anything under it."""

    template_name = "people/organization_detail.html"
    context_object_name = "articles"

    def stories(self):
        # The organisation, everything above it and CHILD_LEVELS below, in one statement.
        self.rows = Organization.objects.page_rows(self.kwargs["slug"], CHILD_LEVELS)
        if self.rows is None:
            raise Http404("没有找到这个机构。")
        organization_id = next(row[1] for row in self.rows if row[0] == "o")
        return rendering.Cards.of(ListingKind.ORGANIZATION, organization_id)

    def frame_key(self):
        return tuple(self.rows)

    def frame_context(self, key):
        organization = next(
            Organization(**dict(zip(PAGE_COLUMNS, row[1:], strict=True)))
            for row in key
            if row[0] == "o"
        )
        link = {"a": [], "c": []}
        for part, pk, path, depth, name, short_name, _kind, _region, slug, _desc in key:
            if part != "o":
                link[part].append(OrganizationLink(pk, name, short_name, slug, path, depth))
        return {
            "organization": organization,
            "ancestors": link["a"],
            "children_tree": nest(link["c"]),
        }


class PersonDetailView(FramedListingMixin, ListView):
    template_name = "people/person_detail.html"
    context_object_name = "articles"

    def stories(self):
        self.person = PERSON_BY_SLUG.first(self.kwargs["slug"])
        if self.person is None:
            raise Http404("没有找到这位作者。")
        return rendering.Cards.of(ListingKind.PERSON, self.person[0])

    def frame_key(self):
        return self.person

    def frame_context(self, key):
        values = dict(zip(PERSON_PAGE_FIELDS, key, strict=True))
        affiliation = None
        if values["affiliation__slug"] is not None:
            affiliation = Organization(
                name=values["affiliation__name"], slug=values["affiliation__slug"]
            )
        person = Person(
            **{k: v for k, v in values.items() if not k.startswith("affiliation__")},
            affiliation=affiliation,
        )
        return {"person": person}


# What a person's page shows of the person (its frame's key).
PERSON_PAGE_FIELDS = (
    "pk",
    "name",
    "slug",
    "kind",
    "position_title",
    "bio",
    "affiliation__name",
    "affiliation__slug",
)
PERSON_BY_SLUG = CompiledQuery(
    lambda slug: Person.objects.filter(slug=slug).values_list(*PERSON_PAGE_FIELDS)[:1]
)
