"""Score the print-page parser on the ingest corpus: manage.py ingest_score [PATH ...]."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest import scoring


class Command(BaseCommand):
    help = "用版面语料库给版面导入的解析结果打分：逐页、逐项列出预期与实际，并给出总分。"

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="版面文件或目录（默认：ingest/corpus/，不含 heldout/）",
        )
        parser.add_argument(
            "--heldout", action="store_true", help="给调参时未看过的 heldout/ 页面打分"
        )
        parser.add_argument("--failures-only", action="store_true", help="只列出不符的检查项")

    def handle(self, *args, paths, heldout, failures_only, **options):
        paths = paths or [scoring.HELDOUT_DIR if heldout else scoring.CORPUS_DIR]
        pages = scoring.page_paths(paths)
        if not pages:
            raise CommandError("没有找到版面文件（*.txt）。")
        missing = [page for page in pages if not scoring.expected_path(page).is_file()]
        if missing:
            raise CommandError(
                "以下版面缺少预期结果文件（.expected.json）：" + "、".join(p.name for p in missing)
            )
        score = scoring.CorpusScore([scoring.score_page(page) for page in pages])
        self.stdout.write(scoring.format_report(score, verbose=not failures_only))
