"""Move existing uploads to the private originals storage, build their masters, record image uses.

Before 0002 the uploads lived in the public media storage with their EXIF. Each distinct file is
copied to "originals", a stripped master is made once (the data generator's rows share files),
and the public copy of the original is removed. Reverse: copy originals back and drop masters.
"""

from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations


def forwards(apps, schema_editor):
    from images.figures import body_image_ids
    from images.imaging import build_master
    from images.storage import originals_storage

    Image = apps.get_model("articles", "Image")
    Article = apps.get_model("articles", "Article")
    ArticleImage = apps.get_model("articles", "ArticleImage")

    masters = {}
    for image in Image.objects.filter(master="").iterator(chunk_size=500):
        name = image.file.name
        if name not in masters:
            if not originals_storage.exists(name):
                if not default_storage.exists(name):
                    continue  # the file is gone; nothing to show or keep
                with default_storage.open(name, "rb") as public:
                    originals_storage.save(name, ContentFile(public.read()))
            with originals_storage.open(name, "rb") as original:
                content, width, height = build_master(original)
            stem = PurePosixPath(name).stem
            extension = PurePosixPath(content.name).suffix
            master_name = default_storage.save(f"images/masters/{stem}{extension}", content)
            if default_storage.exists(name):
                default_storage.delete(name)
            masters[name] = (master_name, width, height)
        master_name, width, height = masters[name]
        Image.objects.filter(pk=image.pk).update(master=master_name, width=width, height=height)

    image_ids = set(Image.objects.values_list("pk", flat=True))
    uses = []
    for article in Article.objects.only("pk", "body", "lead_image_id").iterator(chunk_size=1000):
        body_ids = body_image_ids(article.body)
        used = ([article.lead_image_id] if article.lead_image_id else []) + body_ids
        for image_id in dict.fromkeys(used):
            if image_id in image_ids:
                uses.append(
                    ArticleImage(
                        article_id=article.pk,
                        image_id=image_id,
                        is_lead=image_id == article.lead_image_id,
                        in_body=image_id in body_ids,
                    )
                )
        if len(uses) >= 5000:
            ArticleImage.objects.bulk_create(uses, ignore_conflicts=True)
            uses = []
    ArticleImage.objects.bulk_create(uses, ignore_conflicts=True)


def backwards(apps, schema_editor):
    from images.storage import originals_storage

    Image = apps.get_model("articles", "Image")
    copied = set()
    for image in Image.objects.exclude(master="").iterator(chunk_size=500):
        name = image.file.name
        if name not in copied and originals_storage.exists(name):
            if not default_storage.exists(name):
                with originals_storage.open(name, "rb") as original:
                    default_storage.save(name, ContentFile(original.read()))
            copied.add(name)
    Image.objects.update(master="")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_image_masters_renditions_and_uses"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
