"""Queue rendition generation for library images that lack some (after imports, new sizes)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from images.imaging import FORMATS, rendition_targets
from images.models import Image
from images.tasks import generate_image_renditions


class Command(BaseCommand):
    help = "为缺少尺寸版本的图片生成（或排队生成）全部尺寸。"

    def handle(self, *args, **options):
        images = Image.objects.exclude(master="").prefetch_related("renditions")
        queued = 0
        for image in tqdm(images.iterator(chunk_size=200), total=images.count()):
            have = {(r.spec, r.format, r.width) for r in image.renditions.all()}
            wanted = {(t.spec, f, t.width) for t in rendition_targets(image) for f in FORMATS}
            if wanted - have:
                generate_image_renditions.enqueue(image.pk)
                queued += 1
        self.stdout.write(f"{queued} 张图片已生成或排队生成尺寸版本。")
