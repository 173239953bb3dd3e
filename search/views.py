"""The readers' search page."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from articles.models import Article
from search.forms import SearchForm
from search.query import parse_query
from search.results import SearchResults


class SearchView(TemplateView):
    """Search published stories; a plain GET form, so it works without JavaScript."""

    template_name = "search/results.html"
    paginate_by = 20
    # Deeper pages cost more and nobody reads them: refine the query or filter instead.
    max_pages = 50

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        query = parse_query(self.request.GET.get("q"))
        articles = form.filter(Article.objects.published())
        results = SearchResults(query, articles, limit=self.max_pages * self.paginate_by)
        paginator = Paginator(results, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page")) if query else None
        return super().get_context_data(
            form=form,
            query=query,
            page_obj=page,
            hits=page.object_list if page else [],
            results=results,
            **kwargs,
        )
