"""Print-page conventions as data: role words, publication names, cue patterns and limits.

The parser compiles its patterns from these values, so a new role word, caption cue or
publication is a change here and not in the parsing code. Nothing here names one paper:
the paper's own name comes in as a parameter (``DEFAULT_PUBLICATIONS`` is only the default).
"""

from __future__ import annotations

# The paper whose pages are parsed unless the caller says otherwise.
DEFAULT_PUBLICATIONS: tuple[str, ...] = ("湖南法治报",)

# Role words of a byline, as printed. Longer words are matched first ("摄影记者" before "摄影").
ROLES: tuple[str, ...] = (
    "全媒体记者",
    "记者",
    "本报记者",
    "特约记者",
    "见习记者",
    "实习生",
    "通讯员",
    "摄影",
    "摄影记者",
    "文/图",
    "编辑",
    "校对",
)

# Spellings seen in print for the roles above, mapped to the canonical role.
ROLE_ALIASES: dict[str, str] = {
    "图/文": "文/图",
    "文／图": "文/图",
    "图／文": "文/图",
    "责任编辑": "编辑",
    "本版编辑": "编辑",
}

# Roles that credit the person for the story's photos ("记者 张三 文/图", "摄影记者 王五").
PHOTO_ROLES: frozenset[str] = frozenset({"文/图", "摄影", "摄影记者"})

# Roles that may follow the names they qualify: "（记者 张三 文/图）".
SUFFIX_ROLES: frozenset[str] = frozenset({"文/图"})

# Publication names printed before a role ("湖南法治报全媒体记者", "法治日报记者", "红网记者").
# The configured names are tried first; this generic shape catches other papers and sites.
GENERIC_PUBLICATION_PATTERN = r"[\u4e00-\u9fff]{1,10}?(?:日报|晚报|报|网|通讯社|社|电视台|台)"

# Short-news lead-in: publication, optional place and date, then 讯 or 电.
# "本报讯", "湖南法治报讯（…）", "新华社长沙5月1日电（记者 张三）", "红网讯（张三 李四）".
OWN_PAPER_LEAD_IN_PUBLICATION = "本报"
LEAD_IN_VERBS: tuple[str, ...] = ("讯", "电")
MAX_LEAD_IN_PLACE_CHARS = 16

# A deck (副题) line starts with a dash; print uses two em dashes, dumps sometimes other glyphs.
DECK_PREFIXES: tuple[str, ...] = ("——", "—", "──", "－－", "--")

# Photo captions: cue words at the start, or a photographer credit "…… 本报记者 王五 摄" at the end.
CAPTION_PREFIXES: tuple[str, ...] = (
    "图为",
    "上图",
    "下图",
    "左图",
    "右图",
    "图：",
    "图:",
    "▲",
    "△",
)
PHOTO_CREDIT_SUFFIX = "摄"

# Glyphs printed before a byline ("□ 本报记者 张三").
BULLET_GLYPHS = "□■●○◆◇★☆◎•▪▫►▶"

# Characters that end a paragraph. A closing quote or bracket ends one only after one of these
# ("……。”" does, "“法耀渌湘”" does not). The colon and semicolon count as real ends because
# lists ("具体如下：" / "一是……；") put each item in its own paragraph.
PARAGRAPH_END_CHARS = "。！？!?…；;：:."
CLOSING_CHARS = "”’」』）)】》\"'"

# Punctuation between clauses: a caption is a single clause, a continued paragraph rarely is.
CLAUSE_PUNCTUATION = "，,；;：:"

# Separators between names in a byline, besides white space.
NAME_SEPARATORS = "、，,／/"

# Chinese personal names are 2–4 characters; longer runs are names run together.
NAME_MIN_CHARS = 2
NAME_MAX_CHARS = 4
# Beyond this a run of characters is not names run together but ordinary text.
NAME_RUN_MAX_CHARS = 8
# Words that look like a name by length but never are one ("（本报综合）").
NOT_NAMES: tuple[str, ...] = ("本报", "综合", "供稿", "来源", "整理", "编译", "完", "未完", "待续")

# Length limits, in characters.
MAX_HEADLINE_CHARS = 40
MAX_DECK_CHARS = 60
MAX_SUBHEAD_CHARS = 24
MAX_CAPTION_CHARS = 60
MAX_CUED_CAPTION_CHARS = 300
MAX_BYLINE_CHARS = 80

# Blank lines that mark a gap in the layout (a picture) rather than a paragraph break.
LAYOUT_GAP_BLANK_LINES = 2

# Page furniture that print exports put among the stories: the date line, the page label and
# the page's editor credits. Matched on short lines only and dropped with a page warning.
MAX_FURNITURE_CHARS = 40
PAGE_FURNITURE_PATTERNS: tuple[str, ...] = (
    r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*星期[一二三四五六日天]",
    r"^星期[一二三四五六日天]",
    r"^第?\s*[A-Z]?\d{1,2}\s*版(?:\s|$)",
    r"^[A-Z]\d{1,2}(?:\s|$)",
    r"^(?:责任编辑|本版编辑|美术编辑|版式设计|版式|组版|校对)\s*[：:]",
)
