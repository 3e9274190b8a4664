"""Content checks beyond the broken-input fixtures: waivers, warnings, and what the public build leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog.build import build, check
from catalog.checks.personal import find_personal, is_id18, luhn
from catalog.checks.wording import Placeholder, Wording, WordingRules
from conftest import SETTINGS, page, site_settings


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


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


def test_check_lists_what_waits_for_which_review(minimal: Path):
    write(minimal, "content/cases/pending.md", """---
title: 等待复审的案例
date: 2024-06-01
county: lx
sources: [doc-a]
status: 待审
review:
  writer: {by: 王芳, date: 2024-06-01}
  first: {by: 李强, date: 2024-06-02}
---

正文。
""")
    checked = check(SETTINGS, site_settings(minimal))
    assert "content/cases/pending.md：待审，等待复审" in [str(p) for p in checked.pending]


def reviewed(status: str = "已发布") -> str:
    return (f"status: {status}\nreview:\n  writer: {{by: 王芳, date: 2024-06-01}}\n  first: {{by: 李强, date: 2024-06-02}}\n"
            "  second: {by: 赵敏, date: 2024-06-03}\n  final: {by: 陈刚, date: 2024-06-04}\n")


def test_the_public_build_leaves_out_unreviewed_content_everywhere_and_the_preview_marks_it(minimal: Path):
    public = {**site_settings(minimal), "PUBLIC_BUILD": True, "SITE_PUBLIC_URL": "https://example.gov.cn"}
    case_a = (minimal / "content/cases/case-a.md").read_text(encoding="utf-8")
    write(minimal, "content/cases/case-a.md", case_a.replace("---\ntitle", "---\n" + reviewed() + "title", 1))
    for village in ("baojiashan", "xiaowang"):
        text = (minimal / f"data/villages/{village}.yml").read_text(encoding="utf-8")
        write(minimal, f"data/villages/{village}.yml", reviewed() + text)
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
    assert not (output / "routes/hongse").exists() and not (output / "initiatives/lxjy").exists()

    build(SETTINGS, site_settings(minimal))  # the preview
    draft = page(output, "cases/case-b/")
    assert "草稿" in draft.select_one(".draft-banner").get_text()
    assert page(output, "cases/case-a/").select_one(".draft-banner") is None
