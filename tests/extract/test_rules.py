"""Rule extractors against the annotation guidelines' own examples (and their obvious neighbours)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reader.core.model import Origin
from reader.extract.rules import extract_rules

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in extract_rules(text)]


# (text, expected (surface, label) in order)
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # ---- DATE: the guidelines' examples
    ("10月16日，大会召开。", [("10月16日", "DATE")]),
    ("在2023年度综合发展水平考核中", [("2023年度", "DATE")]),
    ("2023年，公司投入使用。", [("2023年", "DATE")]),
    ("今年9月，北京亦庄实现三发三胜。", [("今年9月", "DATE")]),
    ("10月16日，2024新一代信息技术关键材料产业合作大会召开", [("10月16日", "DATE"), ("2024", "DATE")]),
    ("2024江阴国家高新区开放创新合作交流会举行", [("2024", "DATE")]),
    ("2024 江阴国家高新区\n开放创新合作交流会举行", [("2024", "DATE")]),
    ("项目将于2025年11月到12月投产", [("2025年11月到12月", "DATE")]),
    ("《规划（2025—2027年）》", [("2025—2027年", "DATE")]),
    ("预计2027年底建成", [("2027年底", "DATE")]),
    ("2026年第一季度完成", [("2026年第一季度", "DATE")]),
    ("2017年以来，累计引进项目", [("2017年", "DATE")]),
    ("2025年12月30日12时许，发生事故", [("2025年12月30日", "DATE")]),
    ("预计10月底前完成龙马工程的供暖需求", [("10月底", "DATE")]),
    ("今年6月，中心揭牌。", [("今年6月", "DATE")]),
    ("二〇二四年十月十六日", [("二〇二四年十月十六日", "DATE")]),
    ("１９９７年７月被任命", [("１９９７年７月", "DATE")]),
    ("５月１５日至６月２日在昆明举行", [("５月１５日至６月２日", "DATE")]),
    ("法庭二十八日以叛国罪判处", [("二十八日", "DATE")]),
    ("记者10月18日从贵州省获悉", [("10月18日", "DATE")]),
    ("2024年1—9月，全市GDP同比增长5.2%", [("2024年1—9月", "DATE"), ("5.2%", "PERCENT")]),
    ("2024-2025赛季开始", [("2024-2025", "DATE")]),
    ("标准GB7258—1997于今年施行", []),
    ("非2000型轿车", []),
    ("今年1至9月", [("今年1至9月", "DATE")]),
    ("会议于2023年12月15日至17日在北京召开", [("2023年12月15日至17日", "DATE")]),
    ("截至2024年6月底", [("2024年6月底", "DATE")]),
    ("贵阳国家高新区2024年科技创新暨成果交流", [("2024年", "DATE")]),
    # ---- DATE: not dates
    ("今年，园区完成起步区建设。", []),
    ("近年来，北京亦庄持续放大效应。", []),
    ("预计年底，他们将再上两条生产线。", []),
    ("10年来，产值增长速度增加了70倍。", []),
    ("前不久，公司又将产能转移。", []),
    ("今年以来，外出招商20余次", []),
    ("宋家壕2号线、重西线等5条高压线", []),
    ("只用了两个多月的时间", []),
    ("共有2024人参加", []),
    # ---- MONEY
    ("先导科技集团投资50亿元", [("50亿元", "MONEY")]),
    ("为其注入1.5亿元。", [("1.5亿元", "MONEY")]),
    ("一次性给予30万—100万元启动资金", [("30万—100万元", "MONEY")]),
    ("预计年产值达4亿\n", [("4亿", "MONEY")]),
    ("这些项目投资近百亿元", [("百亿元", "MONEY")]),
    ("总投资额18.51亿元，其中", [("18.51亿元", "MONEY")]),
    ("奖金一千二百万元", [("一千二百万元", "MONEY")]),
    ("千企联动、千星入轨、千亿营收", [("千亿", "MONEY")]),
    ("累计引进118个京津冀项目", []),
    ("年产能可达200多颗", []),
    ("人口1000万", []),
    ("两万元", [("两万元", "MONEY")]),
    ("售价为$5", [("$5", "MONEY")]),
    ("共投入5000余万元", [("5000余万元", "MONEY")]),
    ("净利润亏损2.3亿港元", [("2.3亿港元", "MONEY")]),
    ("产值超亿元", [("亿元", "MONEY")]),
    ("每年投入数亿元资金", [("数亿元", "MONEY")]),
    # ---- PERCENT
    ("以平均每年38%的速度递增", [("38%", "PERCENT")]),
    ("平台项目占比超90%", [("90%", "PERCENT")]),
    ("增长百分之五", [("百分之五", "PERCENT")]),
    ("约占五分之一", [("五分之一", "PERCENT")]),
    ("比重约三分之二", [("三分之二", "PERCENT")]),
    ("提高15个百分点", [("15个百分点", "PERCENT")]),
    ("增长10%—20%", [("10%—20%", "PERCENT")]),
    ("速度增加了70倍", []),
    ("近半企业", []),
    ("允许不超过80%的项目失败率", [("80%", "PERCENT")]),
    ("增长３８％", [("３８％", "PERCENT")]),
    ("营收同比下降百分之十二点五", [("百分之十二点五", "PERCENT")]),
    ("顺利进入四分之一决赛", []),
    # ---- QUANTITY
    ("年产8万吨PC钢棒", [("8万吨", "QUANTITY")]),
    ("新增供水能力1500万吨/年；", [("1500万吨/年", "QUANTITY")]),
    ("全长约8.5公里的工程", [("8.5公里", "QUANTITY")]),
    ("人才密度达2060人/平方公里。", [("2060人/平方公里", "QUANTITY")]),
    ("完成10公里级垂直起降", [("10公里", "QUANTITY")]),
    ("吞吐量达300万标箱", [("300万标箱", "QUANTITY")]),
    ("节约63度电", [("63度", "QUANTITY")]),
    ("迎来第1000万标箱", []),
    ("共发射14颗卫星", []),
    ("在229家国家级经济开发区中", []),
    ("占地两千平方米", [("两千平方米", "QUANTITY")]),
    ("3—5吨", [("3—5吨", "QUANTITY")]),
    ("最快可实现1.5天/星的生产速度", []),
    ("共吸引专业人才50余人", []),
    ("一度成为焦点", []),
    ("我收藏了600多方印章", []),
    ("开挖土方100万方", [("100万方", "QUANTITY")]),
    ("建筑面积3.5万㎡", [("3.5万㎡", "QUANTITY")]),
    ("年吞吐能力达到500万标准箱", [("500万标准箱", "QUANTITY")]),
    ("最高时速350公里/小时", [("350公里/小时", "QUANTITY")]),
    ("新能源装机容量将达到1200万千瓦", [("1200万千瓦", "QUANTITY")]),
    ("每千瓦时电价下降0.05元", [("0.05元", "MONEY")]),
    ("温度降至零下15℃", [("15℃", "QUANTITY")]),
    ("三元朱村", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:16] for c in CASES])
def test_guideline_examples(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_spans_are_rule_origin_sorted_flat_and_offsets_exact() -> None:
    text = "10月16日，投资50亿元，占38%，年产8万吨。\n2024年"
    spans = extract_rules(text)
    assert all(s.origin is Origin.RULE for s in spans)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end))
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert [text[s.start : s.end] for s in spans] == ["10月16日", "50亿元", "38%", "8万吨", "2024年"]


def test_no_span_crosses_a_line_break() -> None:
    text = "2025年\n11月\n50\n亿元"
    for s in extract_rules(text):
        assert "\n" not in text[s.start : s.end]


def test_empty_and_plain_text() -> None:
    assert extract_rules("") == []
    assert extract_rules("没有任何数字的句子。") == []



@pytest.fixture
def seed() -> tuple[str, dict]:
    gold = SHARED / "gold" / "seed-dev.json"
    page = SHARED / "seed" / "news-page-zh.txt"
    if not gold.is_file() or not page.is_file():
        pytest.skip("the shared seed page and its gold are not present")
    return page.read_text(encoding="utf-8"), json.loads(gold.read_text(encoding="utf-8"))


@pytest.mark.parametrize("label", ["DATE", "MONEY", "PERCENT", "QUANTITY"])
def test_seed_dev_f1(seed: tuple[str, dict], label: str) -> None:
    text, gold = seed
    a, b = gold["range"]
    g = {(s["start"], s["end"]) for s in gold["spans"] if s["label"] == label and a <= s["start"] and s["end"] <= b}
    p = {(s.start, s.end) for s in extract_rules(text) if s.label == label and a <= s.start and s.end <= b}
    tp = len(g & p)
    f1 = 2 * tp / (len(g) + len(p)) if g or p else 1.0
    assert f1 >= (0.95 if label != "QUANTITY" else 0.8), (label, sorted(g - p), sorted(p - g))


@pytest.mark.parametrize(
    "text",
    ["一" * 50000, "1" * 50000, "1," * 25000, "1." * 25000, "1%" * 25000, "2024年" * 10000, "万" * 50000, "1—" * 25000],
)
def test_pathological_inputs_stay_fast_and_bounded(text: str) -> None:
    t0 = time.perf_counter()
    spans = extract_rules(text)
    assert time.perf_counter() - t0 < 5
    assert all(s.end - s.start <= 40 for s in spans)


@pytest.mark.parametrize(
    "text,expected",
    [
        # web text puts spaces between digits and Chinese characters: the spans keep them
        ("估值 12 亿欧元，3 月 14 日消息", [("12 亿欧元", "MONEY"), ("3 月 14 日", "DATE")]),
        ("计划于 2027 年第三季度量产，续航 650 公里", [("2027 年第三季度", "DATE"), ("650 公里", "QUANTITY")]),
        ("售价 3.2 万至 4 万美元", [("3.2 万至 4 万美元", "MONEY")]),
        # basis points are percentage units, like 百分点
        ("降息 50 个基点，此前降息75基点", [("50 个基点", "PERCENT"), ("75基点", "PERCENT")]),
        # a space between Latin text and a number is left alone
        ("Model 3 起售", []),
    ],
)
def test_spaced_numbers_and_basis_points(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.label) for s in extract_rules(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("成本增加约人民币800元，约合52.1 万元人民币）", [("人民币800元", "MONEY"), ("52.1 万元人民币", "MONEY")]),
        ("计划在2027年年底投产，自2024年中期以来", [("2027年年底", "DATE"), ("2024年中期", "DATE")]),
        ("该公司2026财年第二季度营收", [("2026财年第二季度", "DATE")]),
        ("上世纪80年代，他", [("上世纪80年代", "DATE")]),
    ],
)
def test_words_kept_inside_money_and_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.label) for s in extract_rules(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # 千瓦时 after 万/亿 (the 千 reads as part of the number)
        ("全年用电量约3万亿千瓦时，同比增长", [("3万亿千瓦时", "QUANTITY")]),
        # a range whose first number has a thousands separator
        ("每台车将增加2,000-5000元的成本", [("2,000-5000元", "MONEY")]),
        # tenths after a word of comparison are a proportion
        ("新能源占比超过七成，近三成企业", [("七成", "PERCENT"), ("三成", "PERCENT")]),
        ("这件事八成功不可没，一成不变", []),
    ],
)
def test_kilowatt_hours_separated_ranges_and_tenths(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.label) for s in extract_rules(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a bare 万亿 with a currency is an amount after any word, not only after an approximator
        ("人工智能将带动万亿美元的新市场，其万亿元规模", [("万亿美元", "MONEY"), ("万亿元", "MONEY")]),
        # a bare 万亿 after 破/超/近 in a money context (顺差 and 逆差 are money words)
        ("全年外贸顺差首次破万亿，两市成交额再超万亿。", [("万亿", "MONEY"), ("万亿", "MONEY")]),
        # not money: no money context, a count after it, or a unit heading
        ("注册用户破万亿次，单位：万元", []),
    ],
)
def test_bare_trillions_as_money(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.label) for s in extract_rules(text)] == expected


def test_a_text_without_a_number_before_a_unit_runs_no_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most sentences hold no number before a unit (一起, 一样): their triggers are empty, and no
    label's patterns are tried."""
    from reader.extract import rules

    def never(text, trig):
        raise AssertionError("a pattern was tried")

    monkeypatch.setattr(rules, "_EXTRACTORS", (never,))
    assert extract_rules("我们一起去看看，这些东西一样好。") == []
    assert extract_rules("今天 天气 很好") == []  # spaces, none beside a digit
    with pytest.raises(AssertionError):
        extract_rules("今年9月")
