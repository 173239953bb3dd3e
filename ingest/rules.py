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
    "特约通讯员",
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
# Words that may stand before the publication of a lead-in: "据新华社北京电".
LEAD_IN_PREFIXES: tuple[str, ...] = ("据",)
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
NOT_NAMES: tuple[str, ...] = (
    "本报",
    "综合",
    "供稿",
    "来源",
    "整理",
    "编译",
    "完",
    "未完",
    "待续",
    "化名",
)

# A credit may name the unit before its people: "（宜良县法院 李翠花）". Such a word ends so.
UNIT_SUFFIXES: tuple[str, ...] = (
    "人民法院",
    "法院",
    "人民检察院",
    "检察院",
    "人民法庭",
    "法庭",
    "中院",
    "公安局",
    "派出所",
    "司法局",
    "律师事务所",
    "政法委",
)

# A name printed alone on the line that closes a story ("齐琪") is taken for a credit only when
# it starts with a common surname; anything else stays text. Compound surnames come first.
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "长孙",
)
_SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉"
    "银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
COMMON_SURNAMES: tuple[str, ...] = (*_COMPOUND_SURNAMES, *_SINGLE_SURNAMES)

# A line closing a story that names the author's unit: "（作者单位：某某县人民法院）".
END_NOTE_PATTERN = r"^[（(]\s*(?:作者单位|作者系|作者为|作者是|作者)[：:，,]?.{1,60}[）)]$"

# A story without byline or lead-in is told from a subhead by what follows it and what it
# says: news opens on a time ("3月11日，", "近日，", or soon after: "带着疑问，近日，"), its
# headline names an institution, and it may close with its own credits.
NEWS_OPENING_PATTERN = (
    r"^(?:\d{1,2}月\d{1,2}日|\d{1,2}月(?:以来|初|中旬|下旬|底)|\d{4}年|\d{1,2}日[，,上下]"
    r"|今年|去年|近日|日前|近期|近年来|连日来|昨天|昨日|今天|当天|春节|国庆)"
)
NEWS_TIME_PATTERN = r"\d{1,2}月\d{1,2}日|\d{1,2}月(?:以来|初|中旬|下旬|底)|近日|日前|近期|昨天|昨日"
NEWS_TIME_WITHIN_CHARS = 40
INSTITUTION_WORDS: tuple[str, ...] = (
    "法院",
    "法庭",
    "中院",
    "高院",
    "检察",
    "公安",
    "司法",
    "政法",
    "法官",
    "检察官",
    "律师",
    "仲裁",
)
# Lines that open an enumerated part of a story ("一、", "（二）", "3.") are always subheads.
ENUMERATED_SUBHEAD_PATTERN = (
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)
# A headline-shaped line of at least this many characters, without a space inside, reads
# more like a headline than a subhead ("宜良法院召开第四季度审判工作冲刺会" / "强化政治引领").
MIN_UNSIGNED_HEADLINE_CHARS = 10
# A second title line is taken for a deck, not the headline under an overline, when the first
# line is longer than this and the second longer still. Either reading is flagged.
MAX_OVERLINE_CHARS = 12

# Length limits, in characters.
MAX_HEADLINE_CHARS = 40
MAX_DECK_CHARS = 60
MAX_SUBHEAD_CHARS = 24
MAX_CAPTION_CHARS = 60
MIN_CAPTION_CHARS = 6
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
