"""The editorial desk in the story admin: workflow buttons and log, 审签单, dashboard, presence.

Every view here starts from the admin's queryset (``Article.objects.visible_to(user)``), so a
story a user may not open is a 404 for them whatever URL they try.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles import history, preview_links, services
from articles.admin.forms import WorkflowActionForm
from articles.models import Action, Article, ArticleStatus, ArticleTransition, EditingPresence
from articles.workflow import (
    InvalidTransition,
    TransitionForbidden,
    WorkflowError,
    display_name,
    review_levels,
)


class EditorialDesk:
    """Mixed into ArticleAdmin: the views and context of the 三审 workflow."""

    def workflow_context(self, request, article: Article) -> dict:
        actions = article.allowed_actions(request.user)
        labels = dict(Action.choices)
        if Action.APPROVE in actions:
            level = review_levels()[article.review_level - 1]
            last = article.review_level == len(review_levels())
            labels[Action.APPROVE] = f"{level.name}签发" if last else f"{level.name}通过"
        preview_url = None
        if not article.is_public and article.status != ArticleStatus.UNPUBLISHED:
            preview_url = request.build_absolute_uri(
                reverse("readers:preview", args=[preview_links.token_for(article)])
            )
        return {
            "workflow_actions": [(a, labels[a]) for a in actions],
            "workflow_transitions": article.transitions.select_related("actor"),
            "workflow_corrections": article.corrections.all(),
            "workflow_article": article,
            "preview_link": preview_url,
            "preview_link_days": round(settings.PREVIEW_LINK_MAX_AGE / 86400, 1),
            "schedule_default": timezone.localtime(
                max(timezone.now(), article.embargo_until or timezone.now()) + timedelta(hours=1)
            ).strftime("%Y-%m-%dT%H:00"),
        }

    def warn_about_other_editors(self, request, article: Article) -> None:
        """Tell the user who else has the story open, and since when (it never locks)."""
        recent = timezone.now() - timedelta(seconds=settings.EDITING_PRESENCE_SECONDS)
        others = (
            EditingPresence.objects.filter(article=article, last_seen__gte=recent)
            .exclude(user=request.user)
            .select_related("user__person")
            .order_by("since")
        )
        for presence in others:
            messages.warning(
                request,
                f"{display_name(presence.user)} 正在编辑，自 "
                f"{timezone.localtime(presence.since):%H:%M} 起。同时保存时后保存者会收到冲突提示。",
            )

    def presence_view(self, request, object_id):
        """Heartbeat from the open edit form (article_form.js), keeping the notice current."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(self.get_queryset(request), pk=unquote(object_id))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        services.touch_editing_presence(article, request.user)
        return HttpResponse(status=204)

    # Workflow views.

    def workflow_view(self, request, object_id, action):
        """Run one workflow button; a transition the user may not make answers 403."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in Action.values or action == Action.PUBLISH_DUE:
            raise Http404
        article = get_object_or_404(self.get_queryset(request), pk=unquote(object_id))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = WorkflowActionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(errors))
            return redirect(change_url)
        if action == Action.SCHEDULE and not form.cleaned_data["publish_at"]:
            messages.error(request, "定时发布请填写发布时间。")
            return redirect(change_url)
        try:
            services.run_action(
                article,
                request.user,
                action,
                comment=form.cleaned_data["comment"],
                at=form.cleaned_data["publish_at"],
            )
        except (TransitionForbidden, InvalidTransition) as refused:
            context = {
                **self.admin_site.each_context(request),
                "title": "操作未被允许",
                "message": str(refused),
                "original": article,
                "opts": self.model._meta,
            }
            return TemplateResponse(
                request, "admin/articles/article/workflow_refused.html", context, status=403
            )
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect(change_url)
        article.refresh_from_db()
        messages.success(
            request, f"已{dict(Action.choices)[action]}：稿件现为“{article.state_label}”。"
        )
        return redirect(change_url)

    def sign_off_sheet_view(self, request, object_id):
        """The printable 审签单: each level's reviewer, time and comment, and the whole log."""
        stories = Article.objects.visible_to(request.user).for_detail()
        article = get_object_or_404(stories, pk=unquote(object_id))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        context = {
            "sheet": history.sign_off_sheet(article),
            "article": article,
            "corrections": article.corrections.all(),
            "printed_at": timezone.now(),
            "PUBLICATION_NAME": settings.PUBLICATION_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/sign_off_sheet.html", context)

    def dashboard_view(self, request):
        """The editors' desk: review queues with waiting time, schedule, recent, returned."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        stories = Article.objects.visible_to(request.user).select_related("created_by")
        listing = stories.order_by("state_changed_at", "pk")
        queues = [
            (level, list(listing.in_review_at(level.number)[:50])) for level in review_levels()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "编辑工作台",
            "opts": self.model._meta,
            "queues": queues,
            "scheduled": list(stories.upcoming().order_by("published_at")),
            "recently_published": list(stories.published()[:10]),
            "returned_to_me": list(
                Article.objects.filter(status=ArticleStatus.RETURNED, created_by=request.user)
                .annotate(
                    return_comment=Subquery(
                        ArticleTransition.objects.filter(
                            article_id=OuterRef("pk"), action=Action.RETURN
                        )
                        .order_by("-created_at", "-pk")
                        .values("comment")[:1]
                    )
                )
                .order_by("-state_changed_at")
            ),
            "my_drafts": list(
                Article.objects.filter(
                    status=ArticleStatus.DRAFT, created_by=request.user
                ).order_by("-updated_at")[:20]
            ),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/articles/article/dashboard.html", context)
