from search.tokens import html_to_text, index_text, index_tokens, query_phrase, term_pattern


def test_han_run_becomes_overlapping_bigrams_ending_with_its_last_character():
    assert index_tokens("法检协作") == ["法检", "检协", "协作", "作"]


def test_single_han_character_alone_is_one_token():
    assert index_tokens("年") == ["年"]


def test_punctuation_ends_a_han_run():
    assert index_tokens("谢燕，曾佳欣") == ["谢燕", "燕", "曾佳", "佳欣", "欣"]


def test_digits_and_han_split_where_the_script_changes():
    assert index_tokens("2024年6月") == ["2024", "年", "6", "月"]


def test_latin_is_lower_cased_and_kept_whole():
    assert index_tokens("A3版 Hello World") == ["a3", "版", "hello", "world"]


def test_full_width_letters_and_digits_are_normalised():
    assert index_tokens("２０２４年Ａ３") == ["2024", "年", "a3"]


def test_separate_texts_never_share_a_bigram():
    assert index_text("王薇", "谢燕") == "王薇 薇 谢燕 燕"


def test_inline_markup_does_not_split_a_run_but_paragraphs_do():
    text = html_to_text("<p><strong>一是</strong>把政治</p><p>建设&amp;发展</p>")
    assert index_tokens(text) == ["一是", "是把", "把政", "政治", "治", "建设", "设", "发展", "展"]


def test_query_term_is_the_bigrams_of_its_run():
    phrase = query_phrase("法检协作")
    assert phrase.tokens == ("法检", "检协", "协作") and not phrase.prefix


def test_single_character_query_is_a_prefix():
    phrase = query_phrase("燕")
    assert phrase.tokens == ("燕",) and phrase.prefix


def test_mixed_query_ends_with_a_prefix_character():
    phrase = query_phrase("2024年")
    assert phrase.tokens == ("2024", "年") and phrase.prefix


def test_query_run_followed_by_digits_keeps_its_last_character():
    assert query_phrase("年度2024").tokens == ("年度", "度", "2024")


def test_query_of_punctuation_only_has_no_tokens():
    assert query_phrase("+-*()") is None


def test_term_pattern_finds_latin_only_as_a_whole_word():
    import re

    pattern = term_pattern("A3")
    assert re.search(pattern, "见报a3版") and not re.search(pattern, "ba3c")
