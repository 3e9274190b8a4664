"""Charts compare like with like: one measure in one unit, each bar told apart by its year or its place."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from bs4 import BeautifulSoup
from catalog.charts import charts
from catalog.records.model import Figure, PartialDate, Source
from conftest import build_site, copy_site

SOURCE = Source.model_construct(id="s", path="", title="t", publisher="p")


def figure(label: str, value: str, unit: str, year: int | None = None, scope: str | None = None) -> Figure:
    return Figure.model_construct(label=label, value=Decimal(value), unit=unit, qualifier=None, source=SOURCE,
                                  as_of=PartialDate(year) if year else None, scope=scope, note=None)


def test_figures_of_one_unit_but_different_measures_make_no_chart():
    # What a village page drew: investment, two collective incomes with no years, per-capita income, all 万元.
    mixed = (figure("项目投资", "3071", "万元"), figure("村集体经济收入", "120", "万元"),
             figure("村集体经济收入", "150", "万元"), figure("人均收入", "2.1", "万元"))
    assert charts(mixed) == ()
    # And an initiative's: villages before and after merging, converted communities, projects, all 个.
    assert charts((figure("调整前的行政村", "5423", "个"), figure("调整后的行政村", "809", "个"),
                   figure("转为行政村的村改社区", "113", "个"), figure("党建项目", "2153", "个"))) == ()


def test_one_measure_over_the_years_is_one_chart_with_a_year_on_every_bar():
    income = (figure("村集体经济收入", "80", "万元", 2021), figure("村集体经济收入", "120", "万元", 2022),
              figure("人均收入", "2.1", "万元", 2022), figure("村集体经济收入", "150", "万元", 2023))
    (chart,) = charts(income)
    assert chart.caption == "村集体经济收入（单位：万元）"
    assert [(b.label, b.figure.display) for b in chart.bars] == [("2021年", "80万元"), ("2022年", "120万元"),
                                                                 ("2023年", "150万元")]
    assert chart.bars[-1].percent == 100


def test_one_measure_across_places_is_labelled_by_place():
    (chart,) = charts(tuple(figure("集体经济收入20万元以上的村", v, "个", 2022, s)
                            for v, s in (("1098", "齐齐哈尔市"), ("300", "甲县"), ("200", "乙县"))))
    assert [b.label for b in chart.bars] == ["齐齐哈尔市", "甲县", "乙县"]


def test_a_bar_with_nothing_to_tell_it_apart_means_no_chart():
    assert charts(tuple(figure("村集体经济收入", v, "万元") for v in ("80", "120", "150"))) == ()  # no years
    assert charts((figure("村集体经济收入", "80", "万元", 2021), figure("村集体经济收入", "120", "万元"),
                   figure("村集体经济收入", "150", "万元", 2023))) == ()  # one year missing
    assert charts(tuple(figure("村集体经济收入", v, "万元", 2022) for v in ("80", "120", "150"))) == ()  # one year


def test_the_page_draws_only_like_with_like(tmp_path: Path):
    """Built with the real templates: the chart's caption names its measure, every bar its year."""
    root = copy_site("minimal", tmp_path)
    village = root / "data/villages/xiaowang.yml"
    figures = "".join(f"  - label: {label}\n    value: {value}\n    unit: 万元\n    as_of: {year}\n    source: doc-a\n"
                      for label, value, year in (("村集体经济收入", 80, 2021), ("村集体经济收入", 120, 2022),
                                                 ("项目投资", 3071, 2022), ("村集体经济收入", 150, 2023)))
    text = village.read_text(encoding="utf-8")
    assert "\nfigures:\n" in text
    village.write_text(text.replace("\nfigures:\n", "\nfigures:\n" + figures), encoding="utf-8")
    output = build_site(root).output
    page = BeautifulSoup((output / "villages/xiaowang/index.html").read_text(encoding="utf-8"), "html.parser")
    (chart,) = page.select("figure.chart")
    assert chart.figcaption.get_text(strip=True) == "村集体经济收入（单位：万元）"
    assert [li.select_one(".bar-label").get_text() for li in chart.select("li")] == ["2021年", "2022年", "2023年"]
    assert "项目投资" not in chart.get_text() and "项目投资" in page.select_one("table.figures").get_text()
