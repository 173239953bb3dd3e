"""Generated court news that reads like the paper's: kinds of story as data (headlines, deck,
lead, body paragraphs in print order, photo captions), filled in with a court, places, people,
dates and numbers.

The kinds are the beats a legal-affairs paper covers (enforcement, mediation, juvenile
protection, Party building, fraud, environment, court police, court–procuratorate work), a few
stories each. A generated story takes one kind: one of its headlines, its lead (which the lists
show as the excerpt), its paragraphs (sometimes one fewer) and one or two closing paragraphs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils.html import escape


@dataclass(frozen=True)
class Story:
    """One kind of story: headlines to choose from, its lead paragraphs (one is taken), its
    body paragraphs in print order (one may be left out), and photo captions."""

    topic: str
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]
    deck: str = ""


KINDS = (
    Story(
        topic="执行",
        headlines=(
            "{court}集中执行行动兑现胜诉权益{money}万元",
            "{court}开展集中执行行动 一天执结案件{n2}件",
        ),
        leads=(
            "{date}，{court}执行局组织{n}名干警分{m}组开展集中执行行动，当天共执结案件{n2}件，执行到位金额{money}万元。",
        ),
        paragraphs=(
            "行动中，执行干警兵分多路，先后前往{village}等地，对被执行人的住所和经营场所进行查找，依法查封车辆{m}台。",
            "对拒不配合执行的被执行人，干警依法采取司法拘留措施，并对其名下财产进行扣押，形成了强大震慑。",
            "此次行动共出动警车{m}辆，发放执行宣传资料{n}余份，现场接受群众法律咨询{n2}人次。",
            "今年以来，{court}共受理执行案件{big}件，执结{big2}件，有力维护了当事人的合法权益。",
        ),
        captions=("执行干警在现场查封被执行人财产。",),
        deck="{court}开展涉民生案件专项执行纪实",
    ),
    Story(
        topic="执行",
        headlines=(
            "凌晨出击！{court}拘传{n}名“老赖”",
            "{court}凌晨突击执行 {n}名被执行人到案",
        ),
        leads=(
            "为切实解决“执行难”问题，{court}于{date}凌晨开展专项执行行动，依法拘传拒不履行生效判决的被执行人{n}名。",
        ),
        paragraphs=(
            "凌晨5时，执行干警在{village}找到被执行人{person}。该案系一起买卖合同纠纷，判决生效后{person}长期拒不履行义务。",
            "在执行干警的释法说理下，{person}认识到自己行为的违法性，当场筹款履行了全部义务，申请执行人对法院的高效执行表示感谢。",
            "对仍拒不履行的被执行人，{court}依法予以司法拘留，并将其纳入失信被执行人名单。",
        ),
        captions=("执行干警向被执行人释法说理。",),
    ),
    Story(
        topic="执行",
        headlines=("拖欠农民工工资{money}万元 {court}强制执行全部到位",),
        leads=(
            "近日，{court}成功执结一起拖欠农民工工资案件，{money}万元执行款当场发放到{n}名工人手中。",
        ),
        paragraphs=(
            "{n}名工人在某工程项目务工，工程完工后工资迟迟未能结清，工人们诉至法院。判决生效后，用工单位仍未支付。",
            "{court}立案执行后，通过网络查控系统查询到用工单位的银行存款，依法冻结并扣划。",
            "拿到工钱后，工人代表将一面写有“执行为民 暖人心”的锦旗送到执行干警手中。",
        ),
        captions=("执行干警向工人发放执行款。",),
    ),
    Story(
        topic="调解",
        headlines=(
            "十年宅基地纠纷 法官田间地头一次调解化解",
            "一杯茶一席话 {tribunal}化解邻里“心结”",
        ),
        leads=(
            "“感谢法官，我们两家终于和好了！”{date}，在{village}的一处农家院坝里，{court}{tribunal}法官成功调解了一起长达十年的宅基地纠纷。",
        ),
        paragraphs=(
            "原告{person}与被告{person2}系邻居，两家因房屋排水问题多次发生争执，关系一度十分紧张。案件受理后，承办法官多次到现场查看，了解纠纷的来龙去脉。",
            "调解中，法官从邻里情谊入手，结合民法典相邻关系的规定，耐心细致地做双方的思想工作。",
            "经过{m}个小时的调解，双方最终达成协议，握手言和，并当场履行了协议内容。",
        ),
        captions=("法官在村民家中主持调解。",),
    ),
    Story(
        topic="调解",
        headlines=(
            "{court}巡回审判进村 邻里纠纷就地化解",
            "流动法庭开进{village} 村民家门口旁听庭审",
        ),
        leads=(
            "{date}，{court}{tribunal}将流动法庭开进{village}，就地审理一起相邻关系纠纷，吸引了{n}余名村民旁听。",
        ),
        paragraphs=(
            "庭审中，法官依法组织双方举证质证，充分听取意见，并在庭后组织调解，双方当庭达成调解协议。",
            "庭审结束后，法官结合案情向旁听群众讲解了相关法律知识，引导大家遇到纠纷依法理性表达诉求。",
            "为方便群众诉讼，{tribunal}在辖区{m}个村设立法官联络点，定期开展巡回审判和法律咨询，把矛盾纠纷化解在基层。",
        ),
        captions=("巡回法庭在村部开庭审理案件。",),
        deck="{court}推进诉源治理工作侧记",
    ),
    Story(
        topic="调解",
        headlines=("{court}诉前调解让{n}起纠纷化于萌芽",),
        leads=(
            "今年以来，{court}坚持把非诉讼纠纷解决机制挺在前面，通过诉前调解成功化解矛盾纠纷{n}起，调解成功率达{pct}%。",
        ),
        paragraphs=(
            "该院聘请{n2}名人民调解员常驻诉讼服务中心，对适宜调解的纠纷在立案前引导当事人先行调解。",
            "同时，该院与村（社区）调解组织、行业调解组织对接，形成了多元解纷的工作合力。",
            "调解成功的案件，当事人可以申请司法确认，让调解协议具有强制执行力。",
        ),
        captions=("调解员在诉讼服务中心调解纠纷。",),
    ),
    Story(
        topic="未成年人保护",
        headlines=(
            "{court}法官走进校园上好“开学第一课”",
            "{court}法治副校长进{school}讲法",
        ),
        leads=("{date}，{court}法官走进{school}，为{n}余名师生带来一堂生动的法治课。",),
        paragraphs=(
            "课堂上，法官结合真实案例，围绕校园欺凌、网络安全、防范电信诈骗等同学们关心的问题，深入浅出地讲解了相关法律知识。",
            "互动环节，同学们踊跃提问，法官一一作答，现场气氛热烈。",
            "下一步，该院将继续深化与教育、妇联、团委等部门的协作，构建未成年人司法保护的工作网络。",
        ),
        captions=("法官为学生讲授法治课。",),
    ),
    Story(
        topic="未成年人保护",
        headlines=(
            "守护花蕾成长 {court}发布未成年人保护典型案例",
            "{court}通报少年审判工作 发布{m}起典型案例",
        ),
        leads=(
            "近日，{court}召开新闻发布会，通报该院少年审判工作情况，并发布{m}起涉未成年人保护典型案例。",
        ),
        paragraphs=(
            "发布会上，该院相关负责人介绍，近三年来共审结涉未成年人案件{big}件，对{n}名未成年被告人适用社会调查、心理疏导等特殊制度。",
            "此次发布的典型案例涉及校园欺凌、监护侵害、网络沉迷等方面，具有较强的警示和教育意义。",
            "该负责人表示，将坚持最有利于未成年人原则，持续加强未成年人司法保护。",
        ),
        captions=("新闻发布会现场。",),
        deck="{court}护航未成年人健康成长",
    ),
    Story(
        topic="未成年人保护",
        headlines=("{court}向监护失职父母发出家庭教育指导令",),
        leads=(
            "{date}，{court}在审理一起未成年人犯罪案件后，向其父母发出家庭教育指导令，责令其接受家庭教育指导。",
        ),
        paragraphs=(
            "经审理查明，该未成年人长期由祖父母照看，父母常年在外务工，疏于管教，最终走上违法犯罪道路。",
            "法官指出，父母是孩子的第一任老师，家庭教育缺位是部分未成年人走上违法犯罪道路的重要原因，依法带娃是每位家长的责任。",
            "收到指导令后，孩子的父母表示，一定会按时参加家庭教育指导，担起监护责任。",
        ),
        captions=("法官向家长送达家庭教育指导令。",),
    ),
    Story(
        topic="党建",
        headlines=(
            "{court}开展“党旗引领·法润{place}”主题党日活动",
            "{court}{branch}开展主题党日活动",
        ),
        leads=("{date}，{court}{branch}组织党员干警开展主题党日活动，{n}余名党员参加。",),
        paragraphs=(
            "活动中，全体党员面向党旗重温入党誓词，铮铮誓言表达了对党的无限忠诚和坚定信念。",
            "随后，党员干警围绕如何立足岗位践行初心使命进行了交流发言。",
            "该院坚持“支部建在庭上”，把党支部建在审判执行一线，推动党员在办案中当先锋、作表率，今年以来党员干警人均结案{n2}件。",
        ),
        captions=("党员干警重温入党誓词。",),
        deck="{court}党建品牌创建纪实",
    ),
    Story(
        topic="党建",
        headlines=(
            "{court}{branch}赴红色教育基地开展党性教育",
            "追寻红色足迹 {court}党员干警接受党性教育",
        ),
        leads=(
            "近日，{court}{branch}组织党员前往{place}红色教育基地，开展“追寻红色足迹 坚定理想信念”党性教育活动。",
        ),
        paragraphs=(
            "在讲解员的带领下，党员们参观了革命旧址和陈列馆，认真聆听革命先辈的英勇事迹。",
            "党员干警纷纷表示，要从革命先辈的事迹中汲取精神力量，立足岗位、担当作为，以实际行动践行司法为民的初心使命。",
        ),
        captions=("党员干警参观红色教育基地。",),
    ),
    Story(
        topic="党建",
        headlines=("{court}召开{year}年度党建工作推进会",),
        leads=(
            "为推动党建与审判业务深度融合，{date}，{court}召开党建工作推进会，总结经验、部署任务。",
        ),
        paragraphs=(
            "会上，各支部书记围绕年度党建工作目标任务逐一汇报，查找存在的问题和不足，并提出下一步改进措施。",
            "会议强调，要坚持以党的政治建设为统领，落实全面从严治党主体责任，以高质量党建引领法院工作高质量发展。",
        ),
        captions=("党建工作推进会现场。",),
    ),
    Story(
        topic="反诈",
        headlines=(
            "“刷单返利”骗走{money}万元 {court}判处{n}人有期徒刑",
            "{court}审结一起“刷单返利”诈骗案",
        ),
        leads=(
            "近日，{court}公开审理一起电信网络诈骗案，以诈骗罪判处被告人{person}等{m}人有期徒刑，并处罚金。",
        ),
        paragraphs=(
            "经审理查明，被告人通过社交软件发布“刷单返利”广告，诱骗被害人垫付资金，共骗取{n2}名被害人{money}万元。",
            "法院认为，被告人以非法占有为目的，利用电信网络骗取他人财物，数额巨大，其行为已构成诈骗罪。",
            "法官提醒，网上“刷单”本身就是违法行为，凡是要求先垫付资金的“兼职”都是诈骗。",
        ),
        captions=("庭审现场。",),
    ),
    Story(
        topic="反诈",
        headlines=("帮诈骗团伙“跑分”获利 {court}审结一起帮信案",),
        leads=(
            "{date}，{court}审结一起帮助信息网络犯罪活动案，被告人{person}为赚取“好处费”出租银行卡，最终获刑。",
        ),
        paragraphs=(
            "法院认为，被告人明知他人利用信息网络实施犯罪，仍为其提供支付结算帮助，情节严重，其行为已构成帮助信息网络犯罪活动罪。",
            "法官提醒，不要出租、出借、出售自己的银行卡和电话卡，不要轻信“高额回报”“轻松赚钱”的宣传。",
        ),
        captions=("庭审现场。",),
    ),
    Story(
        topic="反诈",
        headlines=("{court}走进{village}开展反诈宣传",),
        leads=(
            "{date}，{court}干警走进{village}，开展防范电信网络诈骗宣传活动，提醒群众守好“钱袋子”。",
        ),
        paragraphs=(
            "宣传现场，干警结合身边真实案例，揭露冒充客服、虚假投资理财、网络贷款等常见骗局的作案手法。",
            "干警还手把手帮助群众下载国家反诈中心APP，现场发放宣传资料{n}余份。",
        ),
        captions=("干警向群众讲解防骗知识。",),
    ),
    Story(
        topic="环境资源",
        headlines=(
            "{court}在{river}开展增殖放流活动",
            "{n}万尾鱼苗入{river} {court}践行恢复性司法",
        ),
        leads=(
            "{date}，{court}联合检察院、农业农村局等单位在{river}开展增殖放流活动，{n}万尾鱼苗游入江中。",
        ),
        paragraphs=(
            "此次放流的鱼苗来自该院审结的非法捕捞案件中被告人缴纳的生态修复费用。",
            "放流现场，法官还向周边群众宣传长江保护法等法律法规，引导大家共同守护一江碧水。",
        ),
        captions=("工作人员在江边放流鱼苗。",),
    ),
    Story(
        topic="环境资源",
        headlines=(
            "非法捕捞获刑还要修复生态 {court}审结一起非法捕捞案",
            "{court}判令非法捕捞者增殖放流",
        ),
        leads=(
            "近日，{court}审结一起非法捕捞水产品案，被告人{person}除被判处刑罚外，还被判令增殖放流鱼苗以修复生态。",
        ),
        paragraphs=(
            "经审理查明，被告人在禁渔期内使用电鱼工具在{river}非法捕捞，渔获物{n2}余公斤，破坏了水生生物资源。",
            "法院在判决中采用“刑事惩处+生态修复”的方式，被告人当庭表示认罪悔罪，自愿承担生态修复费用{money}万元。",
            "该院设立环境资源审判合议庭，集中审理涉环境资源刑事、民事和行政案件，今年以来共审结此类案件{n}件。",
        ),
        captions=("庭审现场。",),
    ),
    Story(
        topic="司法警察",
        headlines=(
            "{court}司法警察大队开展实战化技能训练",
            "练兵正当时 {court}法警开展技能训练",
        ),
        leads=("{date}，{court}司法警察大队组织全体法警开展为期{m}天的实战化技能训练。",),
        paragraphs=(
            "训练内容包括警务技能、体能、押解和安全检查等科目，教官采取理论讲解与实战演练相结合的方式，逐一示范、逐个纠正。",
            "该院司法警察大队负责人表示，将常态化开展实战练兵，为审判执行工作提供坚强的安全保障。",
        ),
        captions=("法警进行警务技能训练。",),
    ),
    Story(
        topic="司法警察",
        headlines=("{court}组织开展突发事件应急处置演练",),
        leads=(
            "为提高应对突发事件的能力，{date}，{court}组织开展诉讼服务中心突发事件应急处置演练。",
        ),
        paragraphs=(
            "演练模拟当事人在诉讼服务中心情绪失控、持械滋事的场景，法警迅速反应、协同配合，在{m}分钟内成功处置。",
            "演练结束后，该院对处置过程进行了复盘点评，进一步完善了应急预案。",
        ),
        captions=("应急处置演练现场。",),
    ),
    Story(
        topic="法检协作",
        headlines=("{court}与{procuratorate}召开法检联席会议",),
        leads=(
            "{date}，{court}与{procuratorate}召开法检联席会议，就刑事案件办理中的共性问题进行交流。",
        ),
        paragraphs=(
            "会上，双方围绕认罪认罚从宽制度适用、量刑建议采纳、执行监督等议题深入交流，形成了{m}项共识。",
            "双方一致认为，法检两家要在依法履职、互相配合、互相制约的基础上，进一步完善工作衔接机制。",
        ),
        captions=("法检联席会议现场。",),
    ),
    Story(
        topic="法检协作",
        headlines=("法检同堂培训 {court}与{procuratorate}统一执法尺度",),
        leads=("近日，{court}与{procuratorate}联合举办同堂培训，{n}余名法官、检察官参加。",),
        paragraphs=(
            "培训中，授课老师结合典型案例，对新修订的司法解释进行了解读。",
            "参训人员表示，同堂培训有助于统一司法理念和执法尺度，提升办案质效。",
        ),
        captions=("法官检察官同堂培训。",),
        deck="{court}深化法检协作",
    ),
)

CLOSINGS = (
    "下一步，{court}将继续坚持司法为民、公正司法，不断提升审判执行工作质效，为辖区经济社会发展提供有力司法服务和保障。",
    "该院相关负责人表示，将以此为契机，持续深化改革创新，让人民群众在每一个司法案件中感受到公平正义。",
    "据悉，{court}将把此项工作作为常态化举措长期坚持，切实把好事办实、把实事办好。",
    "此次活动取得了良好的法律效果和社会效果，得到了当地群众的一致好评。",
)
PLACES = ("渌湘", "攸州", "湘江", "潇湘", "神农", "云阳", "酒埠江", "株洲")
VILLAGES = ("淦田镇", "龙船镇", "南洲镇", "朱亭镇", "龙门镇", "古岳峰镇", "王坪村", "清水村")
SCHOOLS = ("渌口区第一中学", "攸县第二中学", "实验小学", "育红学校")
RIVERS = ("湘江", "渌水", "洣水", "攸河")
BRANCHES = ("业务审判党支部", "综合管理党支部", "执行局党支部", "淦田法庭党支部")


class NewsWriter:
    """Write varied court news, deterministic for a given random.Random."""

    def __init__(self, rng: random.Random):
        self.random = rng

    def story(self, court, name, today) -> dict:
        """Return a story about ``court``: kind, headline, deck, summary, body HTML, caption.

        ``name()`` makes a person's name; ``today`` is the date the story is "about".
        """
        r = self.random
        kind = r.choice(KINDS)
        short = court.short_name or court.name
        values = {
            "court": short,
            "tribunal": r.choice(("淦田法庭", "城关法庭", "龙船法庭", "人民法庭")),
            "procuratorate": short.replace("法院", "检察院"),
            "branch": r.choice(BRANCHES),
            "place": r.choice(PLACES),
            "village": r.choice(VILLAGES),
            "school": r.choice(SCHOOLS),
            "river": r.choice(RIVERS),
            "person": f"{name()[0]}某",
            "person2": f"{name()[0]}某某",
            "date": f"{today.month}月{r.randint(1, 28)}日",
            "year": today.year,
            "n": r.randint(3, 60),
            "n2": r.randint(2, 40),
            "m": r.randint(2, 9),
            "pct": r.randint(60, 95),
            "money": r.choice((12.6, 38, 56.8, 103, 215.4, 480)),
            "big": r.randint(300, 4000),
            "big2": r.randint(200, 3000),
        }

        def fill(template: str) -> str:
            return template.format(**values)

        lead = fill(r.choice(kind.leads))
        paragraphs = list(kind.paragraphs)
        if len(paragraphs) > 2 and r.random() < 0.5:  # print order kept, one left out
            del paragraphs[r.randrange(1, len(paragraphs))]
        closing = r.sample(CLOSINGS, k=r.randint(1, 2))
        body = "".join(f"<p>{escape(fill(p))}</p>" for p in [lead, *paragraphs, *closing])
        return {
            "topic": kind.topic,
            "headline": fill(r.choice(kind.headlines)),
            "deck": fill(kind.deck) if r.random() < 0.5 else "",
            "summary": lead if r.random() < 0.3 else "",
            "body": body,
            "caption": fill(r.choice(kind.captions)),
        }


def captions() -> list[str]:
    """Every photo caption the kinds use (for the generated image library)."""
    return [caption for kind in KINDS for caption in kind.captions]
