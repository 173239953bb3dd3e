"""Import a print page's text file as draft articles: manage.py import_page PATH --date --page."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest import services


class Command(BaseCommand):
    help = "导入一个版面的纯文字文件，生成草稿稿件并打印导入报告。"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="版面文字文件（UTF-8 或 GB18030/GBK）")
        parser.add_argument(
            "--date", required=True, type=_date, help="见报日期，YYYY-MM-DD", dest="edition_date"
        )
        parser.add_argument("--page", required=True, help="版次，如 A3", dest="page_label")
        parser.add_argument(
            "--encoding", default="auto", choices=services.ENCODINGS, help="文件编码，默认自动识别"
        )

    def handle(self, *args, path: Path, edition_date, page_label, encoding, **options):
        try:
            services.check_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror or error}") from error
        except services.PageInputError as error:
            raise CommandError(str(error)) from error
        try:
            result = services.import_page(
                data,
                edition_date=edition_date,
                page_label=page_label,
                encoding=encoding,
                filename=path.name,
            )
        except services.PageInputError as error:
            raise CommandError(str(error)) from error
        ingest = result.ingest
        if result.already_imported:
            self.stdout.write(
                self.style.WARNING(f"已导入：这个版面此前已导入（记录 #{ingest.pk}），未重复建稿。")
            )
        for warning in ingest.report.get("warnings", []):
            self.stdout.write(self.style.WARNING(f"版面提示：{warning}"))
        for story in ingest.report.get("stories", []):
            state = "已导入" if story["status"] == "existing" else "新建草稿"
            self.stdout.write(f"[{state} #{story['article_id']}] {story['headline']}")
            bylines = " ".join(f"{b['role']} {b['name']}" for b in story["bylines"])
            self.stdout.write(f"  署名：{bylines or '（无）'}")
            orgs = "、".join(o["name"] for o in story["organizations"])
            self.stdout.write(f"  机构：{orgs or '（未识别）'}")
            self.stdout.write(f"  专题：{'、'.join(story['topics']) or '（无）'}")
            self.stdout.write(
                f"  正文 {story['paragraphs']} 段，图片说明 {len(story['captions'])} 条"
            )
            for warning in story["warnings"]:
                self.stdout.write(self.style.WARNING(f"  请核对：{warning}"))
        self.stdout.write(self.style.SUCCESS(f"完成：版面导入记录 #{ingest.pk}（{ingest}）。"))


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"见报日期“{value}”格式不对，应为 YYYY-MM-DD，如 2024-06-18。"
        ) from error
