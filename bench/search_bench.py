"""Search latency on the generated data: p50/p95 per query length, on the database in use.

    DEBUG=true DATABASE_URL=... .venv/bin/python bench/search_bench.py [--rounds 5]

Times what the search page does per request, minus template rendering: count the matches
(capped as the page caps them) and rank, fetch and highlight the first page of 20.
Queries are fixed words of the generated corpus, common and rare alike: names of courts and
places, topics, people's names and phrases of the example page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from articles.models import Article  # noqa: E402
from search.query import parse_query  # noqa: E402
from search.results import SearchResults  # noqa: E402
from search.views import SearchView  # noqa: E402

QUERIES = {
    "2 characters": [
        "渌口",
        "谢燕",
        "党建",
        "株洲",
        "长沙",
        "执行",
        "普法",
        "梓湖",
        "法警",
        "禁毒",
    ],
    "3 characters": [
        "张家界",
        "党支部",
        "法检协",
        "渌口区",
        "综合办",
        "梓湖小",
        "淦田支",
        "审判庭",
    ],
    "4 characters": [
        "法检协作",
        "党建品牌",
        "执行监督",
        "梓湖小学",
        "司法公开",
        "智慧法院",
        "长沙中院",
        "株洲中院",
        "扫黑除恶",
        "渌口法院",
    ],
    "2 terms": [
        "长沙 党建",
        "渌口 执行",
        "谢燕 党建品牌",
        "株洲 法检协作",
        "张家界 普法",
        "梓湖 法治",
    ],
}


def run(q: str) -> float:
    started = time.perf_counter()
    results = SearchResults(
        parse_query(q),
        Article.objects.published(),
        limit=SearchView.max_pages * SearchView.paginate_by,
    )
    results.count()
    results[0 : SearchView.paginate_by]
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-query", action="store_true", help="print each query's times")
    args = parser.parse_args()
    print(f"{connection.vendor}, {Article.objects.count()} articles, {args.rounds} rounds")
    print(f"{'queries':<14} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, queries in QUERIES.items():
        for q in queries:  # warm the caches once
            run(q)
        timed = [(q, run(q)) for _ in range(args.rounds) for q in queries]
        if args.per_query:
            for q in queries:
                print(f"  {q:<12} " + " ".join(f"{t:6.1f}" for name, t in timed if name == q))
        times = sorted(t for _, t in timed)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{label:<14} {len(times):>4} {statistics.median(times):>8.1f} {p95:>8.1f}"
            f" {times[-1]:>8.1f}"
        )


if __name__ == "__main__":
    main()
