"""The merger: composition rules of the guidelines, on hand-made model/rule/lexicon spans."""

from __future__ import annotations

import pytest

from reader.core.model import Origin, Span
from reader.extract import PipelineExtractor
from reader.extract.lexicon import Lexicon
from reader.extract.merge import merge_spans


def at(text: str, surface: str, label: str, origin: Origin = Origin.MODEL, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(surface, i + 1)
    return Span(i, i + len(surface), label, origin)


def shown(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in spans]


class FakeModel:
    """Stands in for NerModel: tags given surfaces wherever they occur."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.calls = 0

    def predict(self, texts: list[str]) -> list[list[Span]]:
        self.calls += 1
        out = []
        for text in texts:
            spans = []
            for surface, label in self.table.items():
                i = text.find(surface)
                while i >= 0:
                    spans.append(Span(i, i + len(surface), label, Origin.MODEL))
                    i = text.find(surface, i + len(surface))
            out.append(spans)
        return out


# (text, model spans as (surface, label), expected)
MERGE_CASES = [
    # hierarchical places written together are one LOC (MSRA splits them)
    ("在山东省德州经济开发区召开", [("山东省", "LOC"), ("德州经济开发区", "LOC")], [("山东省德州经济开发区", "LOC")]),
    (
        "当前，内蒙古自治区包头市昆都仑经济技术开发区生产火热。",
        [("内蒙古自治区", "LOC"), ("包头市", "LOC"), ("昆都仑经济技术开发区", "LOC")],
        [("内蒙古自治区包头市昆都仑经济技术开发区", "LOC")],
    ),
    # a place before an organisation's name stays its own LOC: LOC + ORG are not joined
    (
        "北京亦庄蓝箭航天空间科技股份有限公司自主研发",
        [("北京亦庄", "LOC"), ("蓝箭航天空间科技股份有限公司", "ORG")],
        [("北京亦庄", "LOC"), ("蓝箭航天空间科技股份有限公司", "ORG")],
    ),
    # places not touching stay apart
    ("山东、德州", [("山东", "LOC"), ("德州", "LOC")], [("山东", "LOC"), ("德州", "LOC")]),
    # a model span that swallows a date at its edge is cut: 2024 (DATE) + 江阴国家高新区 (LOC)
    ("10月18日，2024江阴国家高新区开放创新合作交流会举行", [("2024江阴国家高新区", "LOC")], [("10月18日", "DATE"), ("2024", "DATE"), ("江阴国家高新区", "LOC")]),
    # a model span covering only a rule span goes
    ("投资50亿元", [("50亿", "ORG")], [("50亿元", "MONEY")]),
    # longest wins: a model span overlapping another, shorter one
    ("山东有研亿金新材料有限公司", [("山东有研亿金新材料有限公司", "ORG"), ("山东", "LOC")], [("山东有研亿金新材料有限公司", "ORG")]),
    # model spans lose quotes and brackets
    ("“晋创谷·晋中”揭牌", [("“晋创谷·晋中”", "LOC")], [("晋创谷·晋中", "LOC")]),
    # a span across a line break is dropped (a name cut by layout is not joined)
    ("天衢新区经科技部部长\n\n长陈海荣说", [("陈海荣", "PER"), ("部长\n\n长", "PER")], [("陈海荣", "PER")]),
]


@pytest.mark.parametrize("text,model,expected", MERGE_CASES, ids=[c[0][:12] for c in MERGE_CASES])
def test_pipeline_merge(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)))
    assert shown(text, ex.extract(text)) == expected


def test_rule_strictly_inside_a_longer_name_yields() -> None:
    text = "北京2022冬奥组委成立"
    model = [at(text, "北京2022冬奥组委", "ORG")]
    rules = [at(text, "2022", "DATE", Origin.RULE)]
    assert shown(text, merge_spans(text, model, rules)) == [("北京2022冬奥组委", "ORG")]


def test_lexicon_always_wins_and_never_removes() -> None:
    text = "德州经开区党工委副书记、管委会副主任王大山说"
    model = [at(text, "德州经开区", "LOC"), at(text, "管委会", "ORG"), at(text, "王大山", "PER")]
    lex = Lexicon({"德州经开区党工委": "ORG"}, never=["管委会"])
    out = merge_spans(text, model, [], lex.find(text), lex.never)
    assert shown(text, out) == [("德州经开区党工委", "ORG"), ("王大山", "PER")]
    assert out[0].origin is Origin.LEXICON


def test_never_applies_to_rule_spans_too() -> None:
    text = "2024新一代信息技术"
    rules = [at(text, "2024", "DATE", Origin.RULE)]
    assert merge_spans(text, [], rules, [], {"2024"}) == []


def test_output_is_flat_sorted_and_deterministic() -> None:
    text = "山东德州经开区在2023年度考核中位列前70强，投资50亿元。"
    model = [at(text, "山东", "LOC"), at(text, "德州经开区", "LOC"), at(text, "德州", "LOC"), at(text, "经开区在2023", "ORG")]
    rules = [at(text, "2023年度", "DATE", Origin.RULE), at(text, "50亿元", "MONEY", Origin.RULE)]
    a = merge_spans(text, model, rules)
    b = merge_spans(text, list(reversed(model)), list(reversed(rules)))
    assert a == b
    assert a == sorted(a, key=lambda s: (s.start, s.end))
    assert all(x.end <= y.start for x, y in zip(a, a[1:]))
    assert shown(text, a)[0] == ("山东德州经开区", "LOC")


def test_out_of_range_spans_are_ignored() -> None:
    text = "山东"
    assert merge_spans(text, [Span(0, 5, "LOC"), Span(1, 1, "LOC")]) == []


def test_model_loaded_once_and_batched() -> None:
    calls = []
    fake = FakeModel({"山东": "LOC"})

    def loader() -> FakeModel:
        calls.append(1)
        return fake

    ex = PipelineExtractor(loader)
    assert calls == []  # lazy
    assert shown("山东", ex.extract("山东")) == [("山东", "LOC")]
    assert [shown(t, s) for t, s in zip(["山东", "去山东"], ex.extract_many(["山东", "去山东"]))] == [
        [("山东", "LOC")],
        [("山东", "LOC")],
    ]
    assert calls == [1]
    assert fake.calls == 2
    assert ex.extract_many([]) == []


def test_import_reader_extract_is_cheap() -> None:
    import subprocess
    import sys

    code = "import sys, reader.extract; print('numpy' in sys.modules, 'reader.extract.model' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_rules_extractor_without_model() -> None:
    from reader.extract import Extractor, rules_extractor

    ex = rules_extractor()
    assert isinstance(ex, Extractor)
    text = "10月16日，投资50亿元"
    assert shown(text, ex.extract(text)) == [("10月16日", "DATE"), ("50亿元", "MONEY")]


# zones and governing bodies named with their place (guidelines: places include development zones
# and new areas; "an organisation named with its area is one ORG"; bare 高新区/管委会 are common nouns)
SUFFIX_CASES = [
    ("德州经开区又称天衢新区", [("德州", "LOC")], [("德州经开区", "LOC")]),
    ("在山东省德州经济开发区召开", [("山东省", "LOC"), ("德州", "LOC")], [("山东省德州经济开发区", "LOC")]),
    ("德州经开区党工委副书记", [("德州", "LOC")], [("德州经开区党工委", "ORG")]),
    ("江阴高新区党工委副书记", [("江阴", "LOC"), ("高新区党工委", "ORG")], [("江阴高新区党工委", "ORG")]),
    ("是山东省委、省政府擘画的", [("山东省", "LOC")], [("山东省委", "ORG")]),
    ("江阴国家高新区开放创新", [("江阴", "LOC")], [("江阴国家高新区", "LOC")]),
    ("携手雄安新区建设", [("雄安", "LOC")], [("雄安新区", "LOC")]),
    # bare generic nouns from the model are dropped
    ("德州经开区党工委副书记、管委会副主任", [("德州经开区党工委", "ORG"), ("管委会", "ORG")], [("德州经开区党工委", "ORG")]),
    ("不断拓展高新区战略性新兴产业版图", [("高新区", "LOC")], []),
    # a suffix inside a longer ORG that follows the place: one ORG named with its area
    ("德州经开区管理公司", [("德州", "LOC"), ("经开区管理公司", "ORG")], [("德州经开区管理公司", "ORG")]),
    # a suffix inside a longer span of another kind is left alone
    ("德州新区路", [("德州", "LOC"), ("新区路", "PER")], [("德州", "LOC"), ("新区路", "PER")]),
]


@pytest.mark.parametrize("text,model,expected", SUFFIX_CASES, ids=[c[0][:12] for c in SUFFIX_CASES])
def test_zone_and_body_suffixes(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)))
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("德州市政府决定", [("德州市", "LOC")], [("德州市政府", "ORG")]),  # a local government: one ORG
        ("美国政府今天宣布", [("美国", "LOC")], [("美国", "LOC")]),  # a country: MSRA's LOC + 政府
        ("市委、市政府决定", [("市委", "ORG")], [("市委", "ORG")]),  # not a generic noun: the guidelines' 省政府
        ("三元朱村团支部书记", [("三元朱村团支部", "ORG")], [("三元朱村团支部", "ORG")]),  # 三元 is no amount here
        ("『漳州一一○』素有", [("漳州一一○", "ORG")], [("漳州一一○", "ORG")]),
        # a province before a company's registered name is part of it; a district is its location
        ("在内蒙古中鑫钢棒金属科技有限公司的生产车间", [("内蒙古", "LOC"), ("中鑫钢棒金属科技有限公司", "ORG")], [("内蒙古中鑫钢棒金属科技有限公司", "ORG")]),
        ("北京亦庄蓝箭航天空间科技股份有限公司", [("北京亦庄", "LOC"), ("蓝箭航天空间科技股份有限公司", "ORG")], [("北京亦庄", "LOC"), ("蓝箭航天空间科技股份有限公司", "ORG")]),
    ],
)
def test_more_composition(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)))
    assert shown(text, ex.extract(text)) == expected


def test_model_spans_lose_edge_symbols() -> None:
    text = "𠮷野家😀在北京开店"
    ex = PipelineExtractor(FakeModel({"𠮷野家😀": "PER"}))
    assert shown(text, ex.extract(text)) == [("𠮷野家", "PER")]


def test_model_spans_split_at_spaces_between_chinese_names() -> None:
    text = "通讯员刘潇 孙嘉隆）10月18日，New York"
    ex = PipelineExtractor(FakeModel({"刘潇 孙嘉隆": "PER", "New York": "LOC"}))
    assert shown(text, ex.extract(text)) == [("刘潇", "PER"), ("孙嘉隆", "PER"), ("10月18日", "DATE"), ("New York", "LOC")]


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("小王说", [("小王", "PER")], [("王", "PER")]),
        ("老刘来了", [("老刘", "PER")], [("刘", "PER")]),
        ("小明来了", [("小明", "PER")], [("小明", "PER")]),  # a given name, not prefix + surname
    ],
)
def test_familiar_prefix_is_not_part_of_the_name(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)))
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("◎本报记者 王延斌 通讯员 刘潇\n", [("刘", "PER")], [("王延斌", "PER"), ("刘潇", "PER")]),
        ("◎本报记者 张景阳 通讯员 雷媛媛", [("张", "PER")], [("张景阳", "PER"), ("雷媛媛", "PER")]),
        ("副书记宇说。", [("宇", "PER")], [("宇", "PER")]),  # a truncated name stays as it is
        ("他说 王说，", [("王", "PER")], [("王", "PER")]),  # 说 is no given name
    ],
)
def test_byline_surname_extended_to_the_name(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)))
    assert shown(text, ex.extract(text)) == expected


def test_a_short_name_defined_in_the_text_takes_the_full_names_label() -> None:
    text = "山东华创融盛展示有限公司（以下简称“华创融盛”）项目经理说，华创融盛已在德州落地。“华创”二字"
    ex = PipelineExtractor(FakeModel({"山东华创融盛展示有限公司": "ORG", "华": "LOC", "德州": "LOC"}))
    got = shown(text, ex.extract(text))
    assert got == [("山东华创融盛展示有限公司", "ORG"), ("华创融盛", "ORG"), ("华创融盛", "ORG"), ("德州", "LOC"), ("华", "LOC")]
    # no full name right before the definition: nothing is invented
    text = "该公司（以下简称“华创融盛”）成立。华创融盛"
    assert shown(text, PipelineExtractor(FakeModel({})).extract(text)) == []
    # a longer name holding the short one stays as it is
    text = "山东华创融盛展示有限公司（简称“华创融盛”）与华创融盛研究院"
    ex = PipelineExtractor(FakeModel({"山东华创融盛展示有限公司": "ORG", "华创融盛研究院": "ORG"}))
    assert shown(text, ex.extract(text))[-1] == ("华创融盛研究院", "ORG")


# ------------------------------------------------------------------------------------------------
# Issue 10: merger bugs and the guidelines' composition conventions (invented examples)
# ------------------------------------------------------------------------------------------------
ISSUE10_CASES = [
    # 高新区 is a common noun alone, but part of the name right after its place (kept until joined)
    ("苏州高新区发布新政", [("苏州", "LOC"), ("高新区", "LOC")], [("苏州高新区", "LOC")]),
    ("高新区发布新政", [("高新区", "LOC")], []),
    ("临港新片区挂牌", [("临港", "LOC"), ("新片区", "LOC")], [("临港新片区", "LOC")]),
    # place extension looks forward too: the grown place takes the touching place after it
    (
        "浙江杭州钱塘新区下沙街道居民",
        [("浙江杭州钱塘", "LOC"), ("下沙", "LOC")],
        [("浙江杭州钱塘新区下沙街道", "LOC")],
    ),
    # compound places: a zone, service area, community, station or agricultural zone with its place
    ("车辆驶入嘉兴服务区休息", [("嘉兴", "LOC")], [("嘉兴服务区", "LOC")]),
    ("走进柳荫社区，", [("柳荫", "LOC")], [("柳荫社区", "LOC")]),
    ("旅客抵达杭州东站后", [("杭州", "LOC")], [("杭州东站", "LOC")]),
    ("杨凌农高区建设", [("杨凌", "LOC")], [("杨凌农高区", "LOC")]),
    ("北京站在春运中", [("北京", "LOC")], [("北京", "LOC")]),  # 站在: a verb, no station
    # X·Y compound names are one LOC, even when the first part was taken for an organisation
    ("“滨创港·南浔”开园", [("滨创港", "ORG"), ("南浔", "LOC")], [("滨创港·南浔", "LOC")]),
    ("“云栖谷·余杭”开园", [("云栖谷", "LOC"), ("余杭", "LOC")], [("云栖谷·余杭", "LOC")]),
    # a span with an unbalanced bracket is never emitted
    ("由某某科技（宁波）有限公司承建", [("宁波）有限公司", "ORG")], []),
    ("恒远证券（全资子公司）公告", [("恒远证券（全资子公司", "ORG")], [("恒远证券", "ORG")]),
    # …and a bracketed place inside an organisation's name makes one ORG
    (
        "南方大学（东莞）研究院成立",
        [("南方大学", "ORG"), ("东莞", "LOC"), ("研究院", "ORG")],
        [("南方大学（东莞）研究院", "ORG")],
    ),
    ("南方大学（东莞）研究院成立", [("南方大学", "ORG"), ("东莞", "LOC")], [("南方大学（东莞）研究院", "ORG")]),
    ("星河数码（苏州）有限公司", [("星河数码", "ORG"), ("苏州", "LOC")], [("星河数码（苏州）有限公司", "ORG")]),
    ("南方大学（东莞）研究院成立", [("南方大学", "ORG"), ("东莞）研究院", "ORG")], [("南方大学（东莞）研究院", "ORG")]),
    # a bracket that holds no place does not join: 党委（党组）
    ("华光集团党委（党组）中心组", [("华光集团党委", "ORG")], [("华光集团党委", "ORG")]),
    # a section label with a space is not two places
    ("\nM 港速写\n", [("M 港", "LOC")], []),
    # caption and credit words are no person
    ("游客在雪场游玩。受访单位供图", [("供图", "PER")], []),
    ("夜色中的港口。陈立文摄", [("陈立文摄", "PER")], [("陈立文", "PER")]),
    ("图源：官网", [("图源", "PER")], []),
    # a name right after 实习记者 (or another byline title) is a PER, found or not by the model
    ("本报讯（实习记者秦晓雨 通讯员朱涛）日前", [("朱涛", "PER")], [("秦晓雨", "PER"), ("朱涛", "PER")]),
    ("（实习记者秦晓雨）", [("实习记者秦晓雨", "PER")], [("秦晓雨", "PER")]),
    ("记者高兴地看到", [], []),  # no name: 高兴地 does not end at a boundary
    # common nouns and directions are no places; generic area words stay outside the name
    ("东部沿海城市和海外市场", [("东部", "LOC"), ("海外", "LOC")], []),
    ("苏南地区的企业", [("苏南地区", "LOC")], [("苏南", "LOC")]),
    ("宜昌市区的交通", [("宜昌市区", "LOC")], [("宜昌", "LOC")]),
    # programme and project abbreviations, stray Latin tokens and numbers are no persons
    ("推进“东数西算”工程", [("东数西算", "PER")], []),
    ("“十五五”时期", [("十五五", "PER")], []),
    ("新款手机Pro版", [("Pro", "PER")], []),
    ("Sam Altman表示", [("Sam Altman", "PER")], [("Sam Altman", "PER")]),
    # parent + department is one ORG; a sub-national place with its government body is one ORG
    (
        "国家税务总局宁波市分局发布",
        [("国家税务总局", "ORG"), ("宁波市", "LOC")],
        [("国家税务总局宁波市分局", "ORG")],
    ),
    ("国网临安县供电公司抢修", [("国网", "ORG"), ("临安县", "LOC"), ("供电公司", "ORG")], [("国网临安县供电公司", "ORG")]),
    ("人民银行宁波分行外汇管理部称", [("人民银行宁波分行", "ORG"), ("外汇管理部", "ORG")], [("人民银行宁波分行外汇管理部", "ORG")]),
    ("湖南省工业和信息化厅印发", [("湖南省", "LOC"), ("工业和信息化厅", "ORG")], [("湖南省工业和信息化厅", "ORG")]),
    # …but a village committee after its town stays apart, and so does a company after its place
    ("青山镇柳湾村村委会", [("青山镇", "LOC"), ("柳湾村村委会", "ORG")], [("青山镇", "LOC"), ("柳湾村村委会", "ORG")]),
    ("宁波市江北区某某科技有限公司", [("宁波市江北区", "LOC"), ("某某科技有限公司", "ORG")], [("宁波市江北区", "LOC"), ("某某科技有限公司", "ORG")]),
]


@pytest.mark.parametrize("text,model,expected", ISSUE10_CASES, ids=[c[0][:14] for c in ISSUE10_CASES])
def test_issue10_merger(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a known organisation replaces the model's wrong label, the piece it cut out, or a gap
        ("星海动力股价大涨", [("星海动力", "PER")], [("星海动力", "ORG")]),
        ("星海动力股价大涨", [("海动", "LOC")], [("星海动力", "ORG")]),
        ("星海动力股价大涨", [], [("星海动力", "ORG")]),
        # …but a longer name the model found stays whole
        ("星海动力中国公司成立", [("星海动力中国公司", "ORG")], [("星海动力中国公司", "ORG")]),
        ("星海动力汽车发布新车", [("星海动力汽车", "ORG")], [("星海动力汽车", "ORG")]),
        # a place after it is part of the name, whatever label the model gave it
        ("星海动力中国季度营收增长", [("星海动力中国", "LOC")], [("星海动力中国", "ORG")]),
        # …and anything else is not: cut to the known name
        ("星海动力财报会议上宣布", [("星海动力财报", "ORG")], [("星海动力", "ORG")]),
        ("无论成败，星海动力都已不同", [("星海动力都", "LOC")], [("星海动力", "ORG")]),
        # a person's name crossing its edge gives way
        ("美股异动丨星海动力盘前涨超3%", [("海动力盘", "PER")], [("星海动力", "ORG")]),
        ("星海动力王小明表示", [("力王小明", "PER")], [("星海动力", "ORG"), ("王小明", "PER")]),
    ],
)
def test_known_organisations(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False, organisations=Lexicon({"星海动力": "ORG"}))
    assert shown(text, ex.extract(text)) == expected


def test_shipped_organisation_list_loads() -> None:
    from reader.extract import load_organisations

    orgs = load_organisations()
    assert len(orgs) > 100
    assert all(label == "ORG" for _, label in orgs.items())
    assert not any(name.startswith("#") for name, _ in orgs.items())


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("负责人卡尔 · 冯 · 霍夫曼表示", [("卡尔", "PER"), ("冯", "PER"), ("霍夫曼", "PER")], [("卡尔 · 冯 · 霍夫曼", "PER")]),
        ("马丁・库珀说", [("马丁", "PER"), ("库珀", "PER")], [("马丁・库珀", "PER")]),
        ("海上的风 文｜钱明远", [("文", "PER"), ("钱明远", "PER")], [("钱明远", "PER")]),
    ],
)
def test_foreign_names_and_credits(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


def test_byline_name_does_not_take_the_photo_credit() -> None:
    text = "（记者 高远摄）"
    ex = PipelineExtractor(FakeModel({}), rules=False)
    assert shown(text, ex.extract(text)) == [("高远", "PER")]


def test_bracketed_place_after_a_longer_name() -> None:
    text = "长三角协同创新（嘉兴）中心揭牌"
    ex = PipelineExtractor(FakeModel({"长三角": "LOC", "嘉兴": "LOC"}), rules=False)
    assert shown(text, ex.extract(text)) == [("长三角协同创新（嘉兴）中心", "ORG")]


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("美股收涨，美债走弱", [("美", "LOC")], []),
        ("港股开盘", [("港", "LOC")], []),
        ("美军舰队抵达，台胞证办理", [("美", "LOC"), ("台", "LOC")], []),
        ("首相访华期间，双方对华贸易", [("华", "LOC")], []),
        ("驻华大使来华", [("华", "LOC")], []),
        ("华北地区", [("华北", "LOC")], [("华北", "LOC")]),
        ("中华民族", [("华", "LOC")], [("华", "LOC")]),
        ("北京冬奥会", [("北京", "LOC"), ("奥", "LOC")], [("北京", "LOC")]),
        ("美国股市", [("美国", "LOC")], [("美国", "LOC")]),
    ],
)
def test_fused_abbreviations_are_no_places(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("据悉，默克公司已放弃收购", [("默克", "PER")], [("默克公司", "ORG")]),
        ("沃特斯 CEO 表示", [("沃特斯", "PER")], [("沃特斯", "ORG")]),
        ("蓝鲸股价大涨", [("蓝鲸", "PER")], [("蓝鲸", "ORG")]),
        ("美国公司纷纷表示", [("美国", "LOC")], [("美国", "LOC")]),
        ("张伟说", [("张伟", "PER")], [("张伟", "PER")]),
    ],
)
def test_companies_in_context(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a company named in full is called by the rest of its name later in the same text
        (
            "长河汽车发布新车。长河的销量上涨，长河品牌",
            [("长河汽车", "ORG"), ("长河", "LOC")],
            [("长河汽车", "ORG"), ("长河", "ORG"), ("长河", "ORG")],
        ),
        # places and business words are no short names
        ("北京汽车发布。北京下雪", [("北京汽车", "ORG"), ("北京", "LOC")], [("北京汽车", "ORG"), ("北京", "LOC")]),
        ("某地科技公司。科技创新", [("科技公司", "ORG")], [("科技公司", "ORG")]),
        # 任 of 时任/担任 before every occurrence is no part of the name
        ("时任江南省委书记的他，后来担任江南省委书记多年", [("江南省委", "ORG")], [("江南省委", "ORG"), ("江南省委", "ORG")]),
    ],
)
def test_consistent_organisations(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


def test_one_organisation_name_one_label_in_a_text() -> None:
    text = "蓝鲸发布财报。分析师认为蓝鲸将继续扩张，蓝鲸的股东"
    spans = [at(text, "蓝鲸", "ORG"), at(text, "蓝鲸", "PER", nth=1)]
    assert shown(text, merge_spans(text, spans)) == [("蓝鲸", "ORG")] * 3


def test_organisation_cut_at_its_start_is_made_whole() -> None:
    # the model found only 玛卡 of 嘟嘟玛卡; every occurrence follows 嘟嘟, so that is part of the name
    text = "嘟嘟玛卡发布公告。嘟嘟玛卡的门店增加，嘟嘟玛卡表示"
    spans = [Span(2, 4, "ORG", Origin.MODEL)]
    assert shown(text, merge_spans(text, spans)) == [("嘟嘟玛卡", "ORG")] * 3


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a bare place and a company's unit: the place alone
        ("公司把青岛市分公司的产能转到了别处", [("青岛市分公司", "ORG")], [("青岛市", "LOC")]),
        ("青岛工厂多，青岛分公司产能大", [("青岛分公司", "ORG"), ("青岛", "LOC")], [("青岛", "LOC"), ("青岛", "LOC")]),
        ("这家企业决定把欧洲总部设在巴黎", [("欧洲总部", "ORG"), ("巴黎", "LOC")], [("欧洲", "LOC"), ("巴黎", "LOC")]),
        ("距离湖北武汉研发中心很近", [("湖北武汉研发中心", "ORG")], [("湖北武汉", "LOC")]),
        ("新店将是米兰旗舰店，米兰的第一家", [("米兰旗舰店", "LOC"), ("米兰", "LOC")], [("米兰", "LOC"), ("米兰", "LOC")]),
        # …but after a name the unit is part of it, and a zone name goes on after 总部
        ("人民银行上海总部发布通知", [("人民银行上海总部", "ORG")], [("人民银行上海总部", "ORG")]),
        ("南湖新区总部经济区开工", [("南湖新区总部", "ORG")], [("南湖新区总部", "ORG")]),
        # a team or a group of experts is no organisation; the place before it is a place
        ("中国专家组从越南回国", [("中国专家组", "ORG"), ("越南", "LOC")], [("中国", "LOC"), ("越南", "LOC")]),
        ("我们派出技术服务团队赴当地", [("我们派出技术服务团队", "ORG")], []),
    ],
)
def test_places_before_common_nouns(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a Latin name in brackets after a person's or an organisation's name: the same entity
        ("投票的是约翰·史密斯（John K. Smith）和另一位委员", [("约翰·史密斯", "PER"), ("John K", "ORG")],
         [("约翰·史密斯", "PER"), ("John K. Smith", "PER")]),
        ("据悉，蓝海资本（Blue Ocean Capital）正考虑出售", [("蓝海资本", "ORG")], [("蓝海资本", "ORG"), ("Blue Ocean Capital", "ORG")]),
        ("北方公司(Nordco)已不再洽谈", [("北方公司", "ORG")], [("北方公司", "ORG"), ("Nordco", "ORG")]),
        # …not after a common noun
        ("单车物料清单（BOM）上涨", [], []),
        # capitalised words after a title: a person, letters with diacritics too
        ("公司首席财务官Tom Walsh在采访时表示", [("om Walsh", "ORG")], [("Tom Walsh", "PER")]),
        ("电信商CEO Jörg Ågren近期表示", [], [("Jörg Ågren", "PER")]),
    ],
)
def test_latin_names(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a Latin name in a company's context is an ORG, and so are its other occurrences in the text
        ("药企已不再洽购生物技术公司Nova Thera。此前药企洽谈收购NovaT，NovaT拒绝置评",
         [("NovaT", "PER")], [("Nova Thera", "ORG"), ("NovaT", "ORG"), ("NovaT", "ORG")]),
        ("据悉，科技巨头QBX发布了财报，QBX股价上涨", [("科技巨头QBX", "ORG")], [("QBX", "ORG"), ("QBX", "ORG")]),
        ("对方表示，zetaAI公司开发的聊天机器人违规", [], [("zetaAI公司", "ORG")]),
        ("调研机构 Countwise 预测，今年销量增长", [], [("Countwise", "ORG")]),
        # a person's Latin name after a title stays a person, also in a company's context
        ("公司首席执行官Anna Berg旗下团队发布新品", [], [("Anna Berg", "PER")]),
        # acronyms of things, quarters and model numbers are no organisation; a span cutting a Latin word goes
        ("这家AI公司在Q4发布了3D模型", [("AI", "ORG")], []),
        ("下一代 Roadster 计划量产，HBM4 交付", [("Roa", "ORG"), ("HBM", "ORG")], []),
        # a Latin name named twice after the same word is not joined to it (收购 Nordco)
        ("公司宣布收购Nordco。收购Nordco将带来增长", [], [("Nordco", "ORG"), ("Nordco", "ORG")]),
    ],
)
def test_latin_organisations(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


def test_a_known_latin_organisation_is_no_part_of_a_longer_latin_word() -> None:
    text = "HELIXPS 系统由HELIX公司开发，XPS 也参与"
    orgs = Lexicon({"HELIX": "ORG", "XPS": "ORG"})
    ex = PipelineExtractor(FakeModel({}), rules=False, organisations=orgs)
    assert shown(text, ex.extract(text)) == [("HELIX公司", "ORG"), ("XPS", "ORG")]


def test_a_person_named_in_a_text_is_no_place_there() -> None:
    from reader.extract.merge import consistent_persons

    text = "卡拉斯基表示将继续投资。在卡拉斯基看来，市场会反弹。卡拉斯基说，明年更好。"
    spans = [at(text, "卡拉斯基", "PER"), at(text, "卡拉斯基", "LOC", nth=1), at(text, "卡拉斯基", "PER", nth=2)]
    assert [s.label for s in consistent_persons(text, spans)] == ["PER", "PER", "PER"]
    # one person and one place reading: nothing is decided; short names are left alone
    assert consistent_persons(text, spans[:2]) == spans[:2]
    short = "江城说，在江城看来，江城认为"
    three = [at(short, "江城", "PER"), at(short, "江城", "LOC", nth=1), at(short, "江城", "PER", nth=2)]
    assert consistent_persons(short, three) == three


def test_microblog_emoticon_codes_are_no_names() -> None:
    text = "今天去吃海鲜喽[馋嘴][哈哈]，小林也来了"
    ex = PipelineExtractor(FakeModel({"馋嘴": "PER", "哈哈": "PER", "小林": "PER"}), rules=False)
    assert shown(text, ex.extract(text)) == [("林", "PER")]


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a dotted foreign name joined by a hyphen (a double surname)
        ("发言人阿里·哈米德-拉希德警告", [("阿里·哈米德", "PER"), ("拉希德", "PER")], [("阿里·哈米德-拉希德", "PER")]),
        # names that touch stay apart (a list of names run together), dotted or not
        ("记者王明李华报道", [("王明", "PER"), ("李华", "PER")], [("王明", "PER"), ("李华", "PER")]),
        ("出席的有阿里·哈桑李华", [("阿里·哈桑", "PER"), ("李华", "PER")], [("阿里·哈桑", "PER"), ("李华", "PER")]),
    ],
)
def test_hyphenated_foreign_names(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a letter-spaced copyright footer names its medium
        ("会议在北京举行。\n光 明 网 版 权 所 有 ，未 经 授 权 禁 止 使 用", [("北京", "LOC")],
         [("北京", "LOC"), ("光 明 网", "ORG")]),
        # © and the footer of a medium's account
        ("编辑/王明\n©海峡新闻\n文章原文", [("王明", "PER")], [("王明", "PER"), ("海峡新闻", "ORG")]),
        ("#欢迎关注极客视界官方微信公众号：极客视界（微信号：jksj）", [("极客视界", "PER")],
         [("极客视界", "ORG"), ("极客视界", "ORG")]),
        # a bracketed source, with a space inside; a picture credit is no medium
        ("新品将于下月发售。（来源：TT 之家）", [], [("TT 之家", "ORG")]),
        ("新品将于下月发售。（来源：网络截图）", [], []),
        ("出品|云帆商业组\n作者|李华", [("李华", "PER")], [("云帆商业组", "ORG"), ("李华", "PER")]),
        ("下载云帆APP，获取资讯", [("云帆", "LOC")], [("云帆", "ORG")]),
    ],
)
def test_media_named_in_credits(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


def test_a_short_name_made_an_org_takes_in_the_company_word_after_it() -> None:
    from reader.extract.merge import company_words_after

    text = "云岭集团宣布改革。云岭汽车销量增长，三辆云岭汽车停在门口"
    spans = [at(text, "云岭集团", "ORG"), at(text, "云岭", "ORG", nth=1), at(text, "云岭", "ORG", nth=2)]
    assert shown(text, company_words_after(text, spans)) == [("云岭集团", "ORG"), ("云岭汽车", "ORG"), ("云岭", "ORG")]
    # the whole pipeline: the model took the short name for a place
    ex = PipelineExtractor(FakeModel({"云岭集团": "ORG", "云岭": "LOC"}), rules=False)
    assert ("云岭汽车", "ORG") in shown(text, ex.extract(text))


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a country before a newspaper's title: a place and a medium
        ("据法国《回声报》报道，谈判重启", [("法国《回声报》", "ORG")], [("法国", "LOC"), ("回声报", "ORG")]),
        # a title that is no medium is no organisation
        ("据法国《数字法案》规定", [("法国《数字法案》", "ORG")], [("法国", "LOC")]),
        # a vessel's name in quotes is no place; a name cut at a quote keeps its first part
        ("“海鹰”号舰队已抵达", [("海鹰”号", "LOC")], []),
        ("星河“天枢平台发布", [("星河“天枢", "ORG")], [("星河", "ORG")]),
    ],
)
def test_spans_running_into_title_marks_and_quotes(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a body's term is part of its name, also where the model cut the numeral (the body named
        # three times after the same 十届 is not a longer name 十届X)
        ("他在十九届省纪委全会上讲话，十九届省纪委部署，十九届省纪委要求", [("省纪委", "ORG")],
         [("十九届省纪委", "ORG"), ("十九届省纪委", "ORG"), ("十九届省纪委", "ORG")]),
        # with its party written right before it
        ("中国共产党第十九届中央委员会召开", [("中国共产党", "ORG"), ("中央委员会", "ORG")],
         [("中国共产党第十九届中央委员会", "ORG")]),
        # a company after a count of years is left alone
        ("连续三届云岭公司夺冠", [("云岭公司", "ORG")], [("云岭公司", "ORG")]),
    ],
)
def test_a_body_named_with_its_term(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # the administrative character starts the next word: 省级, 市民, 市井, 市场
        ("福建省级示范村有十个", [("福建省", "LOC")], [("福建", "LOC")]),
        ("不少杭州市民前来参观", [("杭州市", "LOC")], [("杭州", "LOC")]),
        ("杭州市民营企业发展迅速", [("杭州市", "LOC")], [("杭州市", "LOC")]),
        ("福建省政府召开会议", [("福建省", "LOC")], [("福建省政府", "ORG")]),
        # a tournament (one-character abbreviation + 网) is no place; 网球 after a country is
        ("她晋级澳网八强，法国网球公开赛", [("澳", "LOC"), ("法国", "LOC")], [("法国", "LOC")]),
        # rivers and lakes as a common noun
        ("建成幸福河湖200个", [("河湖", "LOC")], []),
    ],
)
def test_places_that_lend_a_character_to_the_next_word(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected


def test_a_latin_acronym_written_before_a_company_name_is_part_of_it() -> None:
    text = "消息称，KT 云岭电子拿下订单，AI 云岭电子也在推进"
    ex = PipelineExtractor(FakeModel({"云岭电子": "ORG"}), rules=False)
    assert shown(text, ex.extract(text)) == [("KT 云岭电子", "ORG"), ("云岭电子", "ORG")]


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a list closed by 等品牌: every item is a brand, tagged or not, and so are its other mentions
        (
            "行业里，星途、岚山、云鹤汽车等品牌都在降价。岚山随后回应",
            [("岚山", "LOC")],
            [("星途", "ORG"), ("岚山", "ORG"), ("云鹤汽车", "ORG"), ("岚山", "ORG")],
        ),
        ("他们对标特斯拉、远想等造车新势力", [("特斯拉", "ORG"), ("远想", "PER")], [("特斯拉", "ORG"), ("远想", "ORG")]),
        # after 企业/机构 the items may be common nouns: untagged ones count only beside an ORG
        ("高校、医院等机构参与", [], []),
        ("蓝鲸科技、青禾等企业参与", [("蓝鲸科技", "ORG")], [("蓝鲸科技", "ORG"), ("青禾", "ORG")]),
        # 等企业家 is no list of companies
        ("星途创始人、董事长周远等企业家出席", [("星途", "ORG"), ("周远", "PER")], [("星途", "ORG"), ("周远", "PER")]),
    ],
)
def test_listed_companies(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    spans = [at(text, w, lab) for w, lab in model]
    assert shown(text, merge_spans(text, spans)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a model ORG across a verb is a clause: a person before 出任, a place before 成立
        ("经董事会批准，车晓出任公司董事长。", [("车晓出任公司", "ORG")], [("车晓", "PER")]),
        ("去年，江苏宿豫成立产业局服务企业", [("江苏宿豫成立产业局", "ORG")], [("江苏宿豫", "LOC")]),
        # after the verb a place leading the object stays, the description goes
        ("英国市场大。该集团收购英国保险经纪公司Acme", [("英国", "LOC"), ("收购英国保险经纪公司", "ORG")], [("英国", "LOC"), ("英国", "LOC"), ("Acme", "ORG")]),
    ],
)
def test_verbs_in_organisations(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    spans = [at(text, w, lab) for w, lab in model]
    assert shown(text, merge_spans(text, spans)) == expected


def test_a_verb_before_every_occurrence_is_no_part_of_the_name() -> None:
    text = "甲方拟收购北岭咨询公司的股份。乙方也想收购北岭咨询公司"
    spans = [at(text, "北岭咨询公司", "ORG")]
    assert shown(text, merge_spans(text, spans)) == [("北岭咨询公司", "ORG")] * 2


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a place and a county the model missed, in a list of places: one LOC each
        ("项目落在湖南沅陵、陕西榆阳和新疆泽普", [("湖南", "LOC"), ("陕西榆阳", "LOC"), ("新疆", "LOC")],
         [("湖南沅陵", "LOC"), ("陕西榆阳", "LOC"), ("新疆泽普", "LOC")]),
        ("公路连接怀化沅陵与榆林榆阳，全长百里", [("怀化", "LOC"), ("榆林", "LOC")], [("怀化沅陵", "LOC"), ("榆林榆阳", "LOC")]),
        # common words after a place stay out (a direction, a time, a verb), and no list, no join
        ("河南西部、湖北西北部有雨", [("河南", "LOC"), ("湖北", "LOC")], [("河南", "LOC"), ("湖北", "LOC")]),
        ("她愿到印度和巴基斯坦访问，随后回国", [("印度", "LOC"), ("巴基斯坦", "LOC")], [("印度", "LOC"), ("巴基斯坦", "LOC")]),
        ("他到湖南沅陵，看望老人", [("湖南", "LOC")], [("湖南", "LOC")]),
    ],
)
def test_places_with_county(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    spans = [at(text, w, lab) for w, lab in model]
    assert shown(text, merge_spans(text, spans)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # a county named in full once is the same place by its short name elsewhere in the text
        ("四川省乐山市青岭彝族自治县地处山区。从青岭出发，经沙坪县到青岭只需一小时",
         [("四川省乐山市青岭彝族自治县", "LOC"), ("沙坪县", "LOC")],
         [("四川省乐山市青岭彝族自治县", "LOC"), ("青岭", "LOC"), ("沙坪县", "LOC"), ("青岭", "LOC")]),
        ("凉山彝族自治州岩觉县的公路通车后，岩觉到西昌只要两小时", [("凉山彝族自治州岩觉县", "LOC")],
         [("凉山彝族自治州岩觉县", "LOC"), ("岩觉", "LOC")]),
        # a short name that is a common word stays untagged (和平县: 和平)
        ("和平县的老人说，和平最重要", [("和平县", "LOC")], [("和平县", "LOC")]),
        # nor where it makes a word with its neighbour (长城 in 长城固, 固然 in 城固然)
        ("城固县有一段古城墙。长城固若金汤，城固然也有名", [("城固县", "LOC")], [("城固县", "LOC")]),
        # a tagged occurrence is left as the model has it
        ("青岭县的青岭中学", [("青岭县", "LOC"), ("青岭中学", "ORG")], [("青岭县", "LOC"), ("青岭中学", "ORG")]),
        # two short names that overlap where the text runs them together: one of them, the layer stays flat
        ("青岭县和岭沙县之间，青岭沙地连片", [("青岭县", "LOC"), ("岭沙县", "LOC")],
         [("青岭县", "LOC"), ("岭沙县", "LOC"), ("青岭", "LOC")]),
    ],
)
def test_a_county_named_in_full_once_is_a_place_by_its_short_name(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    spans = [at(text, w, lab) for w, lab in model]
    assert shown(text, merge_spans(text, spans)) == expected
    assert shown(text, PipelineExtractor(None, rules=False).document_pass(text, spans)) == expected


@pytest.mark.parametrize(
    "text,model,expected",
    [
        ("代表团秘书长介绍，多名球员入选国家队", [("代表团", "ORG"), ("国家队", "ORG")], []),
        ("中国体育代表团抵达", [("中国体育代表团", "ORG")], [("中国体育代表团", "ORG")]),
        ("答案藏在青训中心", [("青训中心", "ORG")], []),
    ],
)
def test_a_bare_delegation_or_national_team_is_a_common_noun(text: str, model: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    ex = PipelineExtractor(FakeModel(dict(model)), rules=False)
    assert shown(text, ex.extract(text)) == expected
