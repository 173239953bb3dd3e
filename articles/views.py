"""Readers' pages for articles and topics."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Topic
from articles.preview import GoneWhenUnpublishedMixin


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(GoneWhenUnpublishedMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_detail()


class TopicDetailView(ListView):
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return Article.objects.published().with_topic(self.topic).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
