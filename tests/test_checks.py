"""Content checks beyond the broken-input fixtures: waivers, warnings, and what the public build leaves out."""

from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

import pytest
from catalog.build import build, check
from catalog.checks import FileTexts
from catalog.checks.body import body_passages
from catalog.checks.names import name_problem
from catalog.checks.normal import INVISIBLE, Normalised, normalise
from catalog.checks.personal import find_personal, is_id18, luhn
from catalog.checks.wording import Placeholder, Wording, WordingRules, load_wording
from catalog.stories import parse_story
from conftest import PROJECT, SETTINGS, page, public_settings, site_settings, write
from reviewers import CASE_A, sign, write_roster


@pytest.mark.parametrize("text, rules", [
    ("身份证11010519491231002X", ["personal-id"]),
    ("身份证110105194912310021", []),  # wrong check digit: an ordinary number
    ("身份证110105491231002", ["personal-id"]),  # 15-digit, valid date
    ("手机 138 1234 5678", ["personal-mobile"]),
    ("手机+86 138-1234-5678", ["personal-mobile"]),  # every written form passes the one-scan prefilter
    ("卡号6222 0202 0011 2345 679", ["personal-bankcard"]),
    ("手机138****5678", []),  # masked
    ("电话0532-88411617", []),  # a landline: an office's public number
    ("卡号6222020200112345679", ["personal-bankcard"]),
    ("卡号6222020200112345678", []),  # fails Luhn
    ("代码370285000000、项目2153个", []),
    ("手机１３８１２３４５６７８", ["personal-mobile"]),  # full-width digits
    ("手机１３８－１２３４－５６７８", ["personal-mobile"]),
    ("手机138\u200b1234\u200c5678", ["personal-mobile"]),  # zero-width characters inside
    ("手机1\u20603\ufeff812345678", ["personal-mobile"]),
    ("手机138\u202e12345678", ["personal-mobile"]),  # a bidi control inside
    ("身份证１１０１０５１９４９１２３１００２Ｘ", ["personal-id"]),
    ("身份证110105\u200b19491231002X", ["personal-id"]),
    ("手机１３８＊＊＊＊５６７８", []),  # masked, in full-width
])
def test_personal_data_is_confirmed_before_it_is_reported(text, rules):
    assert [f.rule for f in find_personal(text)] == rules


def test_placeholders_are_found_whether_or_not_their_patterns_can_be_joined():
    # Joined into one scan that says whether any is there, flags and all.
    for patterns in (["某某", "XX"], ["某某", "(?i)todo"]):
        rules = WordingRules(placeholders=tuple(Placeholder(pattern=p, example="例", note="说明") for p in patterns))
        wording = Wording(rules)
        assert [h.shown for h in wording.find("张某某说")] == [("某某",)]
        assert [h.rule for h in wording.find("第二个" + patterns[1].removeprefix("(?i)").upper())] == ["placeholder"]
        assert list(wording.find("没有占位")) == []


def test_checksums():
    assert is_id18("11010519491231002X") and not is_id18("11010519491331002X")
    assert luhn("79927398713") and not luhn("79927398710")


def test_a_waiver_with_a_reason_sets_one_rule_aside_and_an_unused_one_is_reported(minimal: Path):
    write(minimal, "data/villages/xinzhuang.yml", """name: 新庄村
county: lx
profile: 村委会值班手机13812345678。
sources: [doc-a]
waive:
  - rule: personal-mobile
    text: "13812345678"
    reason: 村委会对外公布的值班手机，经村委会同意公开
  - rule: wording
    text: 村千部
    reason: 旧豁免
""")
    checked = check(SETTINGS, site_settings(minimal))
    assert [str(w) for w in checked.warnings] == [
        "data/villages/xinzhuang.yml:9: waive[1]: （警告）这条豁免（常见错别字和规范表述（rules/wording.yml））"
        "没有对应的问题，请删除。text 要与检查结果引号里的文字完全相同。 [waiver-unused]"]


def test_check_lists_what_waits_for_which_review(minimal: Path, office):
    write(minimal, "content/cases/pending.md", """---
title: 等待复审的案例
date: 2024-06-01
county: lx
sources: [doc-a]
status: 待审
---

正文。
""")
    write_roster(minimal, office)
    sign(minimal, office, ("content/cases/pending.md",), levels=("初审",))
    checked = check(SETTINGS, site_settings(minimal))
    assert "content/cases/pending.md：待审，等待复审" in [str(p) for p in checked.pending]
    assert "content/cases/case-b.md：草稿，作者完成后把 status 改为“待审”，再请审核人签名（make sign）" in [
        str(p) for p in checked.pending]


@pytest.mark.slow
def test_the_public_build_leaves_out_unreviewed_content_everywhere_and_the_preview_marks_it(minimal: Path, office):
    public = public_settings(minimal, url="https://example.gov.cn")
    write_roster(minimal, office)
    sign(minimal, office, CASE_A)
    # case-b stays a draft: written, never reviewed.
    build(SETTINGS, public)
    output = minimal / "output"
    assert (output / "cases/case-a/index.html").exists()
    assert not (output / "cases/case-b").exists()
    for url in ("", "cases/", "cases/2023/", "regions/qd/", "villages/xiaowang/", "initiatives/lxjy/"):
        if (output / url / "index.html").exists():
            assert "晓望村的茶乡振兴" not in page(output, url).get_text(), url
    assert not (output / "cases/2023").exists()
    assert "晓望村的茶乡振兴" not in (output / "feeds/cases.atom.xml").read_text(encoding="utf-8")
    assert "case-b" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert not (output / "routes/hongse").exists() and not (output / "villages/xiaowang").exists()

    build(SETTINGS, site_settings(minimal))  # the preview
    draft = page(output, "cases/case-b/")
    assert "草稿" in draft.select_one(".draft-banner").get_text()
    assert page(output, "cases/case-a/").select_one(".draft-banner") is None


def test_the_invisible_characters_are_every_format_character_of_unicode():
    """Every character Unicode calls a format character (zero-width, bidi controls, BOM, tags…) is removed."""
    formats = [c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) == "Cf"]
    assert len(formats) > 150
    assert [f"U+{ord(c):04X}" for c in formats if not INVISIBLE.match(c)] == []
    assert not INVISIBLE.search("-－ 0123456789abc，。晓望村")


@pytest.mark.parametrize("typed", [
    "手机１３８－１２３４，联系：（张）", "Xiǎowàng", unicodedata.normalize("NFD", "Xiǎowàng"), "㈱①℃…", "晓\u200b望\u202e村",
    "ｶﾞ", "Ａ\u0301", "e\u200b\u0301", "\u3000全角空格", "党的二十大", "",
])
def test_normal_form_is_nfkc_without_invisible_characters_and_leads_back_to_what_was_typed(typed):
    expected = unicodedata.normalize("NFKC", INVISIBLE.sub("", typed))
    assert normalise(typed) == expected
    folded = Normalised(typed)
    assert folded.text == expected
    for start in range(len(expected)):
        first, last = folded.origin(start, start + 1)
        assert 0 <= first < last <= len(typed)
        assert unicodedata.normalize("NFKC", INVISIBLE.sub("", typed[first:last])).find(expected[start]) >= 0


def test_a_hit_quotes_what_was_typed_and_names_the_invisible_characters():
    [hit] = find_personal(Normalised("请拨１３８\u200b１２３４５６７８。"))
    assert hit.shown == ("１３８１２３４５６７８",)
    assert "打码为 138****5678" in hit.message


def test_a_placeholder_pattern_cannot_hang_the_check():
    """A pattern with nested repetition is matched in linear time: Python's re would take minutes here."""
    wording = Wording(WordingRules(placeholders=(Placeholder(pattern="(啊+)+$", example="啊", note="说明"),)))
    text = "好" + "啊" * 5_000 + "！"
    started = time.perf_counter()
    assert list(wording.find(text)) == []
    assert [h.shown for h in wording.find(text + "真好啊啊")] == [("啊啊",)]
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("pattern, message", [
    ("(?<![A-Za-z])X", "正则表达式用了前后查看"),
    ("X(?=[\u4e00-\u9fff])", "正则表达式用了前后查看"),
    ("(某)\\1", "正则表达式用了反向引用"),
    ("(待补充", "正则表达式写错了：括号不成对，少了“)”（在“(待补充”处）。"),
    ("X{2000}", "正则表达式写错了：重复次数写错了或太大（最多 1000）（在“{2000}”处）。"),
])
def test_a_pattern_the_check_cannot_match_safely_is_refused_with_its_line(tmp_path: Path, pattern: str, message: str):
    table = tmp_path / "rules" / "wording.yml"
    table.parent.mkdir()
    table.write_text(f"placeholders:\n  - example: 例\n    note: 说明\n    pattern: '{pattern}'\n", encoding="utf-8")
    wording, problems = load_wording(table, tmp_path)
    assert [(p.path, p.line, p.field, p.rule) for p in problems] == [
        ("rules/wording.yml", 4, "placeholders[0].pattern", "value-regex")]
    assert message in problems[0].message
    assert list(wording.find("X镇某某")) == []  # the table is not used while it is wrong


def test_the_shipped_table_matches_full_width_and_invisible_forms_alike():
    wording, problems = load_wording(PROJECT / "rules" / "wording.yml", PROJECT)
    assert problems == []
    for typed, shown in [("Ｘ镇", "Ｘ镇"), ("X\u200b镇", "X镇"), ("ＸＸ", "ＸＸ"), ("待\u2060补充", "待补充"),
                         ("村\ufeff千部", "村千部"), ("支部。，建立", "。，"), ("支部。,建立", "。,")]:
        assert [hit.shown for hit in wording.find(typed)] == [(shown,)], typed
    assert list(wording.find("TAX镇、3X村、党的二十大")) == []


def test_one_scan_over_a_files_texts_misses_nothing_one_text_alone_would_show():
    """``suspects`` reads a file's texts a line each; every pattern must match there wherever it matches one text,
    or overlap that text."""
    patterns = ["^待补充", "待补充$", "(啊+)+$", "\\bX[\u4e00-\u9fff]", "某.某", "甲[^乙]+丙"]
    wording = Wording(WordingRules(placeholders=tuple(Placeholder(pattern=p, example="例", note="说明")
                                                     for p in patterns)))
    for text in ["待补充", "稿件待补充", "好啊啊", "X镇", "某甲某", "甲一丙"]:
        assert list(wording.find(text)), text
        lines = "\n".join(["前一段甲", text, "后一段"])
        start = len("前一段甲\n")
        assert any(s < start + len(text) and e > start for s, e in wording.suspects(lines)), text
    assert list(wording.suspects("\n".join(["前一段", "后一段"]))) == []
    anchored = Wording(WordingRules(placeholders=(Placeholder(pattern="\\A待补充", example="例", note="说明"),)))
    assert list(anchored.suspects("前一段\n待补充")) == [(0, 7)]  # anchored at a whole text's start: every text


def test_only_the_texts_a_file_scan_points_at_are_looked_at_alone(minimal: Path):
    texts = FileTexts(load_wording(PROJECT / "rules" / "wording.yml", PROJECT)[0])
    write(minimal, "data/villages/xinzhuang.yml", "name: 新庄村\ncounty: lx\nprofile: 贯彻党的二十大精神。\n"
                                                  "titles:\n  - title: Ｘ\u200b镇模范村\n    year: 2020\n"
                                                  "    source: doc-a\nsources: [doc-a]\n")
    from catalog.records.validate import read_record
    raw, _ = read_record(minimal / "data/villages/xinzhuang.yml", minimal)
    assert [(p.line, p.field, p.rule) for p in texts.of_record(raw)] == [
        (5, "titles[0].title", "placeholder"), (5, "titles[0].title", "name-invisible")]


def story(tmp_path: Path, body: str):
    file = tmp_path / "content" / "cases" / "a.md"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"---\ntitle: 标题\ndate: 2024-06-01\n---\n\n{body}", encoding="utf-8")
    return parse_story(file, tmp_path)


def test_a_body_is_read_as_the_page_reads_it(tmp_path: Path):
    parsed = story(tmp_path, "联系<span>138</span><span>1234</span>\n5678，待**补**充，[待](x.html)补充&#x5F85;补充。\n\n"
                             "- 第一项\n- 第二项\n\n<p>房间138</p><p>12345678 份</p>\n\n```\n代码里13812345678\n```\n")
    read = [(p.text, [p.line_at(i) for i in range(len(p.text))][:1]) for p in body_passages(parsed)]
    assert read == [("联系1381234 5678，待补充，待补充待补充。", [6]),
                    ("x.html", [7]), ("第一项\n第二项", [9]), ("\n房间138\n\n12345678 份\n", [12]),
                    ("代码里13812345678", [15])]


def test_a_problem_in_a_paragraph_names_the_line_it_was_typed_on(tmp_path: Path):
    wording, _ = load_wording(PROJECT / "rules" / "wording.yml", PROJECT)
    parsed = story(tmp_path, "第一行没有问题，\n第二行<b>某</b>某来了，\n第三行手机<i>138</i>\n12345678。\n")
    assert [(p.line, p.rule, p.subject) for p in FileTexts(wording).of_story(parsed)] == [
        (7, "placeholder", "某某"), (8, "personal-mobile", "138 12345678")]


def test_invisible_characters_are_refused_in_names_but_a_variation_selector_is_not():
    assert "U+202E（从右到左覆盖）" in name_problem("\u202e村庄新")
    assert "U+200B（零宽空格）" in name_problem("新庄\u200b村")
    assert name_problem("葛\U000e0100村") is None  # an ideographic variation: a rare character shown right
    assert name_problem("晓望村") is None


def test_a_waiver_sets_aside_only_the_exact_text_it_names(minimal: Path):
    write(minimal, "data/villages/xinzhuang.yml", """name: 新庄村
county: lx
profile: 村委会值班手机１３８１２３４５６７８，书记手机13912345678。X镇、X村。
sources: [doc-a]
waive:
  - rule: personal-mobile
    text: "13812345678"
    reason: 村委会对外公布的值班手机
  - rule: personal-mobile
    text: "1391234"
    reason: 只写了一部分号码
  - rule: placeholder
    text: X镇
    reason: 只豁免了两处中的一处
""")
    with pytest.raises(Exception) as raised:
        check(SETTINGS, site_settings(minimal))
    assert [(p.line, p.rule, p.subject) for p in raised.value.problems] == [
        (3, "personal-mobile", "13912345678"), (3, "placeholder", "X镇\nX村"), (9, "waiver-unused", "")]
