"""Readers' pages for organisations (courts) and byline people."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article
from people.models import Organization, Person


class OrganizationDetailView(ListView):
    template_name = "people/organization_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.organization = get_object_or_404(Organization, slug=self.kwargs["slug"])
        return Article.objects.published().about(self.organization).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)


class PersonDetailView(ListView):
    template_name = "people/person_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.select_related("affiliation"), slug=self.kwargs["slug"]
        )
        return Article.objects.published().by_person(self.person).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)
