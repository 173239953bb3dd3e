from articles.bylines import render_byline_lines, render_lead_in

FEATURE_BYLINES = [
    ("全媒体记者", "王薇"),
    ("通讯员", "谢燕"),
    ("通讯员", "曾佳欣"),
    ("通讯员", "陈璧君"),
]
NEWS_BYLINES = [("全媒体记者", "伏志勇"), ("通讯员", "罗晓洪"), ("通讯员", "刘婧")]


def test_block_byline_prints_as_the_example_page():
    assert render_byline_lines(FEATURE_BYLINES) == [
        "湖南法治报全媒体记者 王薇",
        "通讯员 谢燕 曾佳欣 陈璧君",
    ]


def test_lead_in_prints_as_the_example_page():
    assert render_lead_in(NEWS_BYLINES) == "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）"


def test_publication_name_comes_from_settings(settings):
    settings.PUBLICATION_NAME = "法治日报"
    assert render_byline_lines([("记者", "张三")]) == ["法治日报记者 张三"]
    assert render_lead_in([("记者", "张三")]) == "法治日报讯（记者 张三）"


def test_roles_group_in_order_of_first_appearance():
    credits = [("通讯员", "李四"), ("本报记者", "张三"), ("通讯员", "王五"), ("实习生", "赵六")]
    assert render_byline_lines(credits) == ["通讯员 李四 王五", "本报记者 张三", "实习生 赵六"]


def test_non_staff_roles_print_without_the_paper_name():
    credits = [("本报记者", "张三"), ("实习生", "李四"), ("摄影", "王五"), ("文/图", "赵六")]
    assert render_byline_lines(credits) == [
        "本报记者 张三",
        "实习生 李四",
        "摄影 王五",
        "文/图 赵六",
    ]


def test_lead_in_without_bylines_is_the_bare_source():
    assert render_lead_in([], "本报讯") == "本报讯"
