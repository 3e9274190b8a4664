"""Made-up prose of the length and shape real stories have: headings, paragraphs, lists, bold lead-ins.

Sentences are templates filled with the story's own places and small numbers,
so no two stories read alike to Markdown and the checks, yet none can hold a
placeholder, a long digit run (IDs, phones, cards) or a listed wrong wording.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

INDUSTRIES = ("蔬菜大棚", "食用菌", "林下中药材", "稻渔综合种养", "乡村民宿", "红色研学", "果品采摘", "肉牛养殖",
              "杂粮加工", "庭院经济", "农产品电商", "手工编织", "茶叶", "小杂果", "鲜食玉米", "中草药")
TOPICS = (("chanye", "发展特色产业带富群众"), ("zuzhi", "建强村党组织战斗堡垒"), ("zhili", "推进乡村善治"),
          ("rencai", "选好用好带头人"), ("jiti", "壮大村集体经济"), ("hongse", "用好红色资源"),
          ("fuwu", "办好群众身边小事"), ("huanjing", "改善人居环境"), ("wenming", "培育文明乡风"),
          ("lianjian", "村企联建共同发展"))
SECTIONS = ("基本情况", "主要做法", "取得成效", "经验启示")
NUMERALS = "一二三四五六七八九十"

OPENING = (
    "{village}位于{county}{township}，全村{households}户、{people}人，耕地{land}亩。",
    "过去，{village}基础设施薄弱，村集体几乎没有经营性收入，群众增收渠道单一。",
    "{year}年以来，{village}党支部把抓党建促乡村振兴作为主线，一件事一件事地抓落实。",
    "村里常住人口以老人和妇女为主，年轻人大多外出务工，村党支部一度面临“有人办事难”的局面。",
    "{township}党委把{village}列为重点帮扶村，选派驻村工作队，和村“两委”一起理清发展思路。",
    "{village}依山傍水，自然条件较好，但长期以来资源没有转化为收入。",
)
PRACTICE = (
    "村党支部推行“支部+合作社+农户”模式，由党员带头流转土地{land}亩，集中发展{industry}。",
    "村里建立党员联系户制度，{members}名党员每人联系{few}至{more}户群众，每月入户走访一次。",
    "围绕{industry}产业，村党支部牵头成立专业合作社，统一品种、统一技术、统一销售。",
    "{initiative}实施以来，村“两委”班子每周召开一次例会，研究解决群众反映的具体问题。",
    "村里把党员活动室、便民服务站、农家书屋集中到党群服务中心，群众办事“只进一扇门”。",
    "对村里的重点工作，实行“周调度、月通报、季评比”，每项任务都明确责任人和完成时限。",
    "村党支部组织党员志愿服务队，开展环境整治、邻里互助和助老服务，累计服务{visits}人次。",
    "通过“积分制”管理，村民参与公益事务可以换取生活用品，群众参与村务的热情明显提高。",
    "县里组织农技人员定期进村指导，手把手教群众掌握{industry}的管理技术。",
    "村里利用闲置校舍改建加工车间，吸纳{workers}名村民在家门口就业。",
    "村党支部书记带领班子成员外出考察学习，回来后结合本村实际调整产业结构。",
    "针对销售难的问题，村里与县内企业签订订单，并开设网店拓宽销路。",
)
RESULT = (
    "{year}年，{village}村集体经济收入达到{income}万元，比{before}年增加{rise}万元。",
    "全村发展{industry}{area}亩，带动{households_small}户群众增收，户均增收{gain}元。",
    "村里的环境面貌明显改善，道路硬化{road}公里，新建文化广场{few}处。",
    "{village}先后获评县级先进基层党组织、市级美丽乡村示范村。",
    "群众满意度明显提高，村里的矛盾纠纷做到了小事不出村、大事不出镇。",
    "外出务工的年轻人陆续回村创业，村“两委”班子中有了{few}名返乡青年。",
)
LESSON = (
    "抓党建促乡村振兴，关键在于建强村党组织，让党员在产业发展中当先锋、作表率。",
    "选好一个带头人，才能带富一方群众；只有把群众组织起来，各项工作才有推进的力量。",
    "发展产业要立足本村资源，因地制宜，不能照搬照抄，更不能一哄而上。",
    "办好群众身边的小事，才能赢得群众对村党组织的信任和支持。",
    "把制度建设贯穿始终，让村里的每一项工作都有章可循、有人负责。",
)
LEADS = ("组织建设", "产业发展", "人才培育", "乡村治理", "服务群众", "宣传引导", "资源整合", "示范带动")
PROFILE = (
    "{village}位于{county}{township}，全村{households}户、{people}人。",
    "村里以{industry}为主导产业，村党支部领办合作社，带动群众增收。",
    "近年来，村里完善党群服务中心功能，建成了村史馆和文化活动广场。",
    "村党支部推行党员联系户制度，群众有事找支部已成习惯。",
    "{village}是{township}较早发展{industry}的村，产品远销省内外。",
    "村里依托山水资源发展乡村旅游，节假日游客不断。",
)
INITIATIVE_SUMMARIES = (
    "{county}以{initiative}为抓手，推动党建工作和乡村振兴深度融合，一批村的面貌发生了明显变化。",
    "{initiative}由{county}组织部门牵头实施，重在建强村党组织、壮大村集体经济。",
    "{county}把{initiative}作为抓党建促乡村振兴的重要载体，逐村制定计划、逐项抓好落实。",
)
SUMMARIES = (
    "{village}党支部带领群众发展{industry}，村集体经济和群众收入稳步增长。",
    "{county}{village}以{initiative}为抓手，把党的组织优势转化为发展优势。",
    "{village}党员带头、群众参与，办成了一批群众期盼的实事。",
)


@dataclass(frozen=True)
class Places:
    """The names a story or profile talks about."""

    village: str
    county: str
    township: str
    initiative: str


def _fill(template: str, places: Places, rng: random.Random) -> str:
    year = rng.randint(2018, 2024)
    return template.format(
        village=places.village, county=places.county, township=places.township, initiative=places.initiative,
        industry=rng.choice(INDUSTRIES), year=year, before=year - rng.randint(2, 5),
        households=rng.randint(180, 1200), households_small=rng.randint(30, 300), people=rng.randint(600, 4200),
        land=rng.randint(800, 9000), members=rng.randint(18, 90), few=rng.randint(2, 5), more=rng.randint(6, 10),
        visits=rng.randint(300, 5000), workers=rng.randint(12, 160), income=rng.randint(20, 480),
        rise=rng.randint(5, 120), area=rng.randint(100, 3000), gain=rng.randint(1500, 9000),
        road=rng.randint(3, 40),
    )


def paragraph(pool: tuple[str, ...], places: Places, rng: random.Random, sentences: int) -> str:
    return "".join(_fill(t, places, rng) for t in rng.sample(pool, min(sentences, len(pool))))


def profile(places: Places, rng: random.Random) -> str:
    return paragraph(PROFILE, places, rng, rng.randint(2, 4))


def summary(places: Places, rng: random.Random) -> str:
    return _fill(rng.choice(SUMMARIES), places, rng)


def initiative_summary(places: Places, rng: random.Random) -> str:
    return _fill(rng.choice(INITIATIVE_SUMMARIES), places, rng)


def story_body(places: Places, rng: random.Random, length: int) -> str:
    """Markdown of about ``length`` characters (a block more at most): four numbered sections of paragraphs or lists."""
    pools = (OPENING, PRACTICE, RESULT, LESSON)
    parts: list[str] = []
    written = 0
    for index, (heading, pool) in enumerate(zip(SECTIONS, pools)):
        parts.append(f"## {NUMERALS[index]}、{heading}")
        while True:  # at least one block per section, then until this section's share of the length is written
            if pool is PRACTICE and rng.random() < 0.5:
                leads = rng.sample(LEADS, rng.randint(3, 5))
                block = "\n".join(f"- **{lead}。**{_fill(rng.choice(pool), places, rng)}" for lead in leads)
            else:
                block = paragraph(pool, places, rng, rng.randint(2, 4))
            parts.append(block)
            written += len(block)
            if written >= length * (index + 1) / len(SECTIONS):
                break
    return "\n\n".join(parts) + "\n"
