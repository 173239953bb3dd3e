"""Admin for the organisation tree and the people named in bylines."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from people.models import Organization, OrganizationAlias, Person


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization, exclude=("path", "depth", "numchild"))
    list_display = ("name", "short_name", "kind", "region", "add_child_link")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "aliases__name", "slug")
    inlines = [OrganizationAliasInline]

    @admin.display(description="操作")
    def add_child_link(self, obj):
        url = reverse("admin:people_organization_add")
        return format_html(
            '<a href="{}?treebeard_ref_node={}&amp;treebeard_position=first-child">添加下级机构</a>',
            url,
            obj.pk,
        )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "affiliation", "position_title", "story_count", "needs_review")
    list_filter = ("kind", "needs_review", ("affiliation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "slug", "affiliation__name", "affiliation__short_name")
    autocomplete_fields = ("affiliation", "user")
    list_select_related = ("affiliation",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("affiliation")
            .annotate(_story_count=Count("bylines__article", distinct=True))
            .order_by("name", "pk")
        )

    @admin.display(description="署名稿件数", ordering="_story_count")
    def story_count(self, obj):
        return obj._story_count
