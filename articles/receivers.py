"""What the articles app says about changes in the apps below it (the image library)."""

from django.core.exceptions import ValidationError

from articles.models import VISIBLE_STATUSES, Article


def keep_alt_text_of_public_photos(sender, image, **kwargs):
    """Refuse to empty the alt text of a photo that a published or scheduled story shows."""
    if image.pk is None or image.alt_text.strip():
        return
    public = Article.objects.filter(status__in=VISIBLE_STATUSES, image_uses__image=image)
    headlines = list(public.distinct().values_list("headline", flat=True)[:3])
    if headlines:
        titles = "、".join(f"《{h}》" for h in headlines)
        raise ValidationError(
            {"alt_text": f"此图已用于已发布的稿件（{titles}），替代文字不能为空。"}
        )
