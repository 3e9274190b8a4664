"""The YAML loader keeps what was typed and knows the line of every key."""

from catalog.records.load import load_yaml


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
    assert "x.yml:2: 这一行用了中文冒号“：”。字段名后面要用英文冒号“:”加一个空格。 [yaml-fullwidth-colon]" in messages
