"""Field kinds: strict parsing of numbers, dates and codes, and how figures read."""

import datetime as dt
from decimal import Decimal

import pytest
from catalog.records.model import Figure, Place, Qualifier, Source
from catalog.records.load import load_yaml
from catalog.records.types import DivisionCode, FullDate, Name, Number, PartialDate, PartialDateField, Text
from pydantic import TypeAdapter, ValidationError


@pytest.mark.parametrize("text, value", [("1261", Decimal("1261")), ("25.8", Decimal("25.8")), ("-3", Decimal("-3")),
                                         ("290.70", Decimal("290.70"))])
def test_numbers_keep_their_precision(text, value):
    parsed = TypeAdapter(Number).validate_python(text)
    assert parsed == value and str(parsed) == text


@pytest.mark.parametrize("text", ["1_261", "1,261", "0x4E7", "1e3", "约1100", "", "12:30"])
def test_anything_but_a_plain_decimal_is_refused(text):
    with pytest.raises(ValidationError):
        TypeAdapter(Number).validate_python(text)


def test_partial_dates_are_as_precise_as_written():
    adapter = TypeAdapter(PartialDateField)
    assert adapter.validate_python("2015") == PartialDate(2015)
    assert str(adapter.validate_python("2024-04")) == "2024年4月"
    assert adapter.validate_python("2024-04-18").iso == "2024-04-18"
    for bad in ["2024-13", "2023-02-29", "2024/04/18", "2024年4月"]:
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)


def test_full_dates_need_a_day():
    assert TypeAdapter(FullDate).validate_python("2024-02-29") == dt.date(2024, 2, 29)
    with pytest.raises(ValidationError):
        TypeAdapter(FullDate).validate_python("2024-02")


def test_division_codes_stay_strings_with_leading_zeros():
    assert TypeAdapter(DivisionCode).validate_python("010010") == "010010"
    for bad in ["37028", "3702851", "37O285"]:
        with pytest.raises(ValidationError):
            TypeAdapter(DivisionCode).validate_python(bad)


@pytest.mark.parametrize("value, qualifier, unit, shown", [
    ("8000", Qualifier.ABOUT, "万元", "约8000万元"),
    ("35", Qualifier.MORE, "万人次", "35余万人次"),  # the qualifier where the source puts it, not where a rule would
    ("4300", Qualifier.WAN_MORE, "万元", "4300万余元"),
    ("110", Qualifier.MORE, "万元", "110余万元"),
    ("17", Qualifier.WAN_MORE, "万人", "17万余人"),
    ("3", Qualifier.WAN_PLUS, "万个", "3万多个"),
    ("2", Qualifier.YI_PLUS, "亿元", "2亿多元"),
    ("5600", Qualifier.PLUS, "名", "5600多名"),
    ("400", Qualifier.AT_MOST, "万元", "不超过400万元"),
    ("1.2", Qualifier.UNDER, "亩", "不足1.2亩"),
    ("3000", Qualifier.NEARLY, "名", "近3000名"),
    ("100", Qualifier.BELOW, "户", "不到100户"),
    ("70", Qualifier.AROUND, "户", "70户左右"),
    ("50", Qualifier.NO_LOWER, "%", "不低于50%"),
    ("20", Qualifier.AT_LEAST, "万元", "20万元以上"),
    ("35", Qualifier.AT_MOST_AFTER, "周岁", "35周岁以下"),
    ("87", None, "%", "87%"),
])
def test_figures_read_as_the_source_wrote_them(value, qualifier, unit, shown):
    figure = Figure.model_construct(label="x", value=Decimal(value), unit=unit, qualifier=qualifier)
    assert figure.display == shown


def test_every_qualifier_has_its_place():
    """A word added to the vocabulary without a place would show nowhere: every one is placed."""
    assert {q: q.place for q in Qualifier}.keys() == set(Qualifier)
    assert {q.word for q in Qualifier if q.place is Place.AFTER_SCALE} == {"余", "多"}


def test_a_qualifier_after_the_scale_word_needs_that_scale_word_in_the_unit():
    figure = {"label": "x", "value": "4300", "unit": "元", "qualifier": "万余", "source": "s"}
    with pytest.raises(ValidationError) as raised:
        Figure.model_validate(figure, context={"registry": _OneSource()})
    assert "“万余”用在单位以“万”开头的数字上" in str(raised.value)
    assert Figure.model_validate({**figure, "unit": "万元"}, context={"registry": _OneSource()}).display == "4300万余元"


class _OneSource:
    """A registry knowing any source id (the figure's source is not what is tested here)."""

    def resolve(self, kind, value, fits=None):
        return Source.model_construct(id=value, path="", title="t", publisher="p")


def test_a_space_typed_in_a_name_stays_and_one_folded_into_prose_goes():
    """YAML folds a wrapped line into a space, which between Chinese characters is a gap on the page: prose
    closes it. A name is one line as typed, and a space in it is the writer's."""
    record = load_yaml("name: 初心如磐 红色基因传承之旅\nsummary: >-\n  线路从党史纪念馆出发，\n  依次经过五处红色地点。\n", "r").data
    assert TypeAdapter(Name).validate_python(record["name"]) == "初心如磐 红色基因传承之旅"
    assert TypeAdapter(Text).validate_python(record["summary"]) == "线路从党史纪念馆出发，依次经过五处红色地点。"
    assert TypeAdapter(Text).validate_python("Party building 与乡村") == "Party building 与乡村"  # not between CJK
