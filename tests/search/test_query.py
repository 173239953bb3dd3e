from search.query import MAX_QUERY_LENGTH, parse_query


def test_spaces_separate_terms():
    assert [t.text for t in parse_query("渌口  党建品牌").terms] == ["渌口", "党建品牌"]


def test_quotes_keep_a_phrase_with_spaces_together():
    query = parse_query('"株洲 中院" 执行')
    assert [t.text for t in query.terms] == ["株洲 中院", "执行"]


def test_chinese_quotes_work_like_straight_quotes():
    assert [t.text for t in parse_query("“株洲 中院”").terms] == ["株洲 中院"]


def test_unbalanced_quote_is_closed_with_a_message():
    query = parse_query('"株洲 中院')
    assert [t.text for t in query.terms] == ["株洲 中院"]
    assert query.messages == ["引号不成对，最后一个引号之后的文字按一个词组搜索。"]


def test_long_query_is_trimmed_with_a_message():
    query = parse_query("法" * 250)
    assert len(query.text) == MAX_QUERY_LENGTH
    assert "已只用前 200 个字搜索" in query.messages[0]


def test_operators_alone_leave_no_terms_and_say_so():
    query = parse_query("AND OR * - +")
    assert [t.text for t in query.terms] == ["AND", "OR"]  # searched as words
    assert not parse_query("* - + ()")
    assert parse_query("* - + ()").messages == ["搜索词里没有可以检索的文字或数字，请换个说法。"]


def test_empty_query_is_false_without_messages():
    query = parse_query("   ")
    assert not query and query.messages == []
