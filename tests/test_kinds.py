"""A record kind is one module plus its templates (issue 19): a test-only kind, 党群服务中心
(tests/kinds/service_centres.py and tests/kinds/templates/), registered at run time, is validated, paged, listed
on its county's page, searched and printed in the county's brochure with nothing else told about it."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from catalog.brochure import BrochureSettings, make_brochure
from catalog.brochure.compose import compose
from catalog.brochure.data import layout
from catalog.brochure.scope import Scope, select
from catalog.brochure.settings import Options
from catalog.build import load_settings
from catalog.kind import KINDS, Kind, KindError
from catalog.pages import all_pages
from catalog.records.refs import Registry
from catalog.search.index import search_records
from conftest import SETTINGS, build_without_search, check_site, copy_site, failure, site_settings
from kinds.service_centres import KIND, ServiceCentre
from pypdf import PdfReader

CENTRES = {
    "lx-zhongxin": "name: 莱西市党群服务中心\ncounty: lx\naddress: 莱西市烟台路8号\nhours: 周一至周五 9:00-17:00\n"
                   "sources: [doc-a]\n",
    "wgz-zhongxin": "name: 王哥庄街道党群服务中心\ncounty: ls\ntownship: wgz\naddress: 王哥庄街道港东路1号\n"
                    "hours: 每天 8:30-18:00\nsources: [doc-b]\n",
}


@pytest.fixture
def centres():
    """The kind known for one test only."""
    with KINDS.registered(KIND):
        yield KIND
    assert KINDS.find(ServiceCentre) is None


def _site(tmp_path: Path, records: dict[str, str] = CENTRES) -> Path:
    root = copy_site("minimal", tmp_path)
    for record_id, text in records.items():
        (root / "data" / "service_centres").mkdir(exist_ok=True)
        (root / "data" / "service_centres" / f"{record_id}.yml").write_text(text, encoding="utf-8")
    return root


def test_a_kind_added_by_its_module_has_pages_index_entries_search_records_and_a_brochure_section(tmp_path, centres):
    root = _site(tmp_path)
    build_without_search(root)
    out = root / "output"
    # Its pages, from its own template.
    page = (out / "service-centres/lx-zhongxin/index.html").read_text(encoding="utf-8")
    assert "<h1>莱西市党群服务中心</h1>" in page
    assert '<dd class="address">莱西市烟台路8号</dd>' in page and '<dd class="hours">周一至周五 9:00-17:00</dd>' in page
    assert '"openingHours": "周一至周五 9:00-17:00"' in page  # its JSON-LD
    listed = (out / "service-centres/index.html").read_text(encoding="utf-8")
    assert 'href="../service-centres/lx-zhongxin/"' in listed and 'href="../service-centres/wgz-zhongxin/"' in listed
    # Its county index entries: each county's page lists its own centre under the kind's title, and only its own.
    laixi = (out / "regions/lx/index.html").read_text(encoding="utf-8")
    assert '<h2 id="service_centres">党群服务中心</h2>' in laixi
    assert 'href="../../service-centres/lx-zhongxin/"' in laixi and "wgz-zhongxin" not in laixi
    laoshan = (out / "regions/ls/index.html").read_text(encoding="utf-8")
    assert 'href="../../service-centres/wgz-zhongxin/"' in laoshan and "lx-zhongxin" not in laoshan
    # Its search records: one a page, with its label, its county (a township's county) and its text.
    site = check_site(root)
    records = {r.url: r for r in search_records(all_pages(site, Registry())[0])}
    found = records["service-centres/wgz-zhongxin/"]
    assert (found.title, found.kind, found.places) == ("王哥庄街道党群服务中心", "党群服务中心", ("崂山区",))
    assert "王哥庄街道港东路1号" in found.text and "每天 8:30-18:00" in found.text
    # Its brochure section: in the county's chapter, counted in its overview, each entry's facts printed.
    document, _ = compose(select(Scope(counties=("莱西市",)), site), site, Options(date=dt.date(2026, 12, 1)))
    (chapter,) = document.areas
    (section,) = chapter.more
    assert section.heading.title == "党群服务中心"
    assert [(e.heading.title, e.facts) for e in section.entries] == [
        ("莱西市党群服务中心", (("地址", "莱西市烟台路8号"), ("开放时间", "周一至周五 9:00-17:00")))]
    assert ("党群服务中心", 1, "个") in chapter.overview.counts
    assert "周一至周五 9:00-17:00" in str(layout(document, {}).data({}))


@pytest.mark.slow
def test_the_added_kind_is_typeset_in_its_county_brochure(tmp_path, centres):
    root = _site(tmp_path)
    settings = BrochureSettings.from_pelican(load_settings(SETTINGS, site_settings(root)))
    brochure = make_brochure(check_site(root), settings, Scope(counties=("莱西市",)), Options(date=dt.date(2026, 12, 1)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(brochure.pdf)).pages))
    assert "党群服务中心1个" in text  # the chapter's overview
    assert "莱西市党群服务中心" in text and "莱西市烟台路8号" in text and "周一至周五9:00-17:00" in text
    assert "王哥庄" not in text  # Laoshan's centre is in Laoshan's volume


def test_a_record_of_an_added_kind_is_checked_like_any_other(tmp_path, centres):
    root = _site(tmp_path, {"lx-zhongxin": "name: 莱西市党群服务中心\ncounty: laixi\naddress: 烟台路8号\n"
                                           "hours: 全天\nsources: [doc-a]\n"})
    report = failure(check_site, root)
    assert report.startswith("data/service_centres/lx-zhongxin.yml:2: county: 未知的区域“laixi”。可用的有：ls、lx、hlj、qd、sd、wgz。 "
                             "[ref-unknown]\n")


def test_a_folder_of_an_unknown_kind_is_refused_and_the_kinds_are_listed(tmp_path):
    report = failure(check_site, _site(tmp_path))
    assert ("data/service_centres: data/ 下只能有这些文件夹：sources（来源）、regions（区域）、initiatives（举措）、"
            "villages（村）、routes（线路）。请把文件移到对应的文件夹里。") in report


def test_a_kind_without_a_sort_key_or_an_area_rule_is_refused_when_registered():
    with pytest.raises(KindError, match="declares no sort_key, areas"):
        KINDS.add(Kind("service_centres", ServiceCentre, "党群服务中心"))
    with pytest.raises(KindError, match="declares no areas"):
        KINDS.add(replace(KIND, areas=None))
    with pytest.raises(KindError, match="declares no search_text"):  # a page that search would silently skip
        KINDS.add(replace(KIND, search_text=None))
    with pytest.raises(KindError, match="already registered"):
        KINDS.add(replace(KIND, model=KINDS.named("villages").model))
    assert KINDS.find(ServiceCentre) is None
