"""The YAML loader keeps what was typed and knows the line of every key."""

import time

import pytest
from catalog.records.load import MAX_DEPTH, Unreadable, as_text, load_yaml


def test_scalars_stay_the_text_that_was_typed():
    loaded = load_yaml("code: 010010\nflag: no\ntime: 12:30\nid: 110101199003077777\nyes_: on\n", "x.yml")
    assert loaded.problems == []
    assert loaded.data == {"code": "010010", "flag": "no", "time": "12:30", "id": "110101199003077777", "yes_": "on"}


def test_empty_and_null_values_are_none_but_quoted_empty_is_text():
    loaded = load_yaml('a:\nb: ~\nc: null\nd: ""\n', "x.yml")
    assert loaded.data == {"a": None, "b": None, "c": None, "d": ""}


def test_lines_of_keys_and_list_items():
    text = "name: 晓望村\nfigures:\n  - label: 户数\n    value: 1100\n  - label: 人口\n"
    loaded = load_yaml(text, "x.yml")
    assert loaded.lines.line(("name",)) == 1
    assert loaded.lines.line(("figures", 0, "value")) == 4
    assert loaded.lines.line(("figures", 1)) == 5
    # A key that is missing is reported at its nearest written ancestor.
    assert loaded.lines.line(("figures", 1, "unit")) == 5


def test_duplicate_keys_are_reported_not_overwritten():
    loaded = load_yaml("name: 甲\ncounty: a\nname: 乙\n", "x.yml")
    assert loaded.data["name"] == "甲"
    assert [str(p) for p in loaded.problems] == [
        "x.yml:3: name: 字段重复：第 1 行已经写过“name”。请删除其中一处，只保留正确的那一个。 [yaml-duplicate-key]"]


def test_tab_indentation_is_named():
    loaded = load_yaml("a:\n\t- b\n", "x.yml")
    assert loaded.data is None
    assert str(loaded.problems[0]).startswith("x.yml:2: YAML 格式错误：这一行用了 Tab 缩进。")


def test_chinese_colon_is_named_with_its_line():
    loaded = load_yaml("name: 甲\ncounty：lx\nkind: 县级\n", "x.yml")
    messages = [str(p) for p in loaded.problems]
    # The colon is the cause, so it is the one problem: not also the parser tripping over the line after.
    assert messages == ["x.yml:2: 这一行用了中文冒号“：”。字段名后面要用英文冒号“:”加一个空格，写成：county: lx [yaml-fullwidth-colon]"]


def test_anchors_and_aliases_are_refused_where_they_are_written():
    anchor = load_yaml("name: 甲\nbase: &base {unit: 户}\n", "x.yml")
    assert anchor.data is None
    assert [str(p) for p in anchor.problems] == [
        "x.yml:2: 这一行用了 YAML 的锚点“&base”。记录里不能用锚点（&）和引用（*）：请把要重复的内容直接写出来。 [yaml-alias]"]
    # An alias to an anchor the file never made: refused as well, not "undefined alias".
    assert [p.line for p in load_yaml("a: 1\nb:\n  <<: *base\n", "x.yml").problems] == [3]


def test_an_alias_bomb_is_refused_without_being_expanded():
    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(20))
    start = time.perf_counter()
    loaded = load_yaml(bomb, "x.yml")
    assert time.perf_counter() - start < 0.1
    assert [p.rule for p in loaded.problems] == ["yaml-alias"] and loaded.data is None


def test_nesting_deeper_than_the_limit_is_refused_at_its_line_quickly():
    assert load_yaml("a:\n  " + "- " * (MAX_DEPTH - 1) + "x\n", "x.yml").problems == []
    for deep in ("a:\n  " + "- " * 500 + "x\n", "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
                 "a: " + "{a: " * 100_000 + "x" + "}" * 100_000 + "\n"):  # libyaml crashes on these if composed
        start = time.perf_counter()
        loaded = load_yaml(deep, "x.yml")
        assert time.perf_counter() - start < 0.5
        assert [(p.line, p.rule) for p in loaded.problems] == [(2 if deep.startswith("a:\n") else 1, "yaml-depth")]


def test_a_second_document_is_still_named():
    loaded = load_yaml("name: 甲\n---\nname: 乙\n", "x.yml")
    assert [str(p) for p in loaded.problems] == [
        "x.yml:2: YAML 格式错误：一个文件只能写一条记录，请删除多余的“---”分隔线。"
        "（解析器：expected a single document in the stream but found another document） [yaml-syntax]"]


def test_keys_that_are_lists_are_reported_and_their_values_dropped():
    loaded = load_yaml("? [a, b]\n: 1\nname: 甲\n", "x.yml")
    assert loaded.data == {"name": "甲"}
    assert [(p.line, p.rule) for p in loaded.problems] == [(1, "yaml-key")]


def test_text_must_be_utf8_and_a_byte_order_mark_is_dropped():
    assert as_text("\ufeffname: 甲\r\n".encode(), "x.yml") == "name: 甲\n"
    with pytest.raises(Unreadable) as gbk:
        as_text("name: 甲\ncounty: 乙\n".encode("gbk"), "x.yml")
    assert (gbk.value.problem.path, gbk.value.problem.line, gbk.value.problem.rule) == ("x.yml", 1, "file-encoding")
    assert "UTF-8" in gbk.value.problem.message and "另存" in gbk.value.problem.message
    with pytest.raises(Unreadable) as utf16:  # Notepad's "Unicode"
        as_text("name: 甲\n".encode("utf-16"), "x.yml")
    assert "不是 UTF-8 编码" in utf16.value.problem.message
    with pytest.raises(Unreadable) as binary:
        as_text(b"name: x\n\x00\x01\x02", "x.yml")  # valid UTF-8, but not text
    assert binary.value.problem.line == 2 and "不是文本文件" in binary.value.problem.message
