"""Readers' pages for organisations (courts) and byline people."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from articles import rendering
from articles.models import ListingKind
from articles.views import ListingMixin
from people.models import COURT_KINDS, Organization, OrganizationKind, Person
from people.slugs import slug_url


@dataclass(frozen=True, slots=True)
class OrganizationLink:
    """What a court page shows of the organisations above and below it."""

    name: str
    short_name: str
    slug: str
    path: str
    depth: int

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return slug_url("people:organization_detail", self.slug)


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


class OrganizationDetailView(ListingMixin, ListView):
    template_name = "people/organization_detail.html"
    context_object_name = "articles"

    def stories(self):
        self.organization = get_object_or_404(Organization, slug=self.kwargs["slug"])
        return rendering.Cards.of(ListingKind.ORGANIZATION, self.organization.pk)

    def get_context_data(self, **kwargs):
        organization = self.organization
        # Breadcrumb (everything above) and the levels below, in one query.
        above = Organization.objects.ancestors_and_self(organization).filter(
            depth__lt=organization.depth
        )
        below = Organization.objects.subtree_of(organization).filter(
            depth__gt=organization.depth, depth__lte=organization.depth + CHILD_LEVELS
        )
        around = [
            OrganizationLink(*row)
            for row in (above | below)
            .order_by("path")
            .values_list("name", "short_name", "slug", "path", "depth")
        ]
        return super().get_context_data(
            organization=organization,
            ancestors=[o for o in around if o.depth < organization.depth],
            children_tree=nest(o for o in around if o.depth > organization.depth),
            **kwargs,
        )


class PersonDetailView(ListingMixin, ListView):
    template_name = "people/person_detail.html"
    context_object_name = "articles"

    def stories(self):
        self.person = get_object_or_404(
            Person.objects.select_related("affiliation"), slug=self.kwargs["slug"]
        )
        return rendering.Cards.of(ListingKind.PERSON, self.person.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)
