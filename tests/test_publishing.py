"""make publish refuses what would fail a government-website inspection (issue 15), and a preview can never be
taken for the public site."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog.build import build
from catalog.records.problems import BuildFailed
from conftest import IDENTITY, SETTINGS, failure, page, public_settings
from reviewers import CASE_A, EVERYTHING, sign, write_roster


def publish(root: Path, **overrides) -> Path:
    build(SETTINGS, {**public_settings(root), **overrides})
    return root / "output"


def test_each_missing_identification_field_and_the_address_are_refused_at_once(minimal: Path, office):
    write_roster(minimal, office)
    sign(minimal, office, CASE_A)
    report = failure(lambda root: publish(root, CATALOG_FOOTER={"operator": "青岛市委宣传部"}, SITE_PUBLIC_URL=""),
                     minimal)
    assert report.splitlines() == [
        "pelicanconf.py: CATALOG_FOOTER.contact: 正式发布的网站必须在页脚写明联系方式（政府网站发展指引的要求），现在没有填写。"
        "请在 pelicanconf.py 的 CATALOG_FOOTER 里填写“contact”。 [site-identity]",
        "pelicanconf.py: CATALOG_FOOTER.host: 正式发布的网站必须在页脚写明主办单位（政府网站发展指引的要求），现在没有填写。"
        "请在 pelicanconf.py 的 CATALOG_FOOTER 里填写“host”。 [site-identity]",
        "pelicanconf.py: CATALOG_FOOTER.icp: 正式发布的网站必须在页脚写明ICP备案号（政府网站发展指引的要求），现在没有填写。"
        "请在 pelicanconf.py 的 CATALOG_FOOTER 里填写“icp”。 [site-identity]",
        "pelicanconf.py: CATALOG_FOOTER.site_code: 正式发布的网站必须在页脚写明网站标识码（政府网站发展指引的要求），现在没有填写。"
        "请在 pelicanconf.py 的 CATALOG_FOOTER 里填写“site_code”。 [site-identity]",
        "publishconf.py: SITE_PUBLIC_URL: 没有设置网站的正式网址，网页里的链接、网站地图和订阅都需要它。"
        "请这样运行：SITE_PUBLIC_URL=https://正式网址 make publish。 [site-address]",
        "共发现 5 个错误，涉及 2 个文件。请按上面的提示逐条修改后重新运行。"]
    assert not (minimal / "output").exists()


@pytest.mark.parametrize("key, value, expected", [
    ("icp", "ICP12345", "写法不对：“ICP12345”。应如“鲁ICP备12345678号”或“鲁ICP备12345678号-1”"),
    ("police", "公安备案123", "写法不对：“公安备案123”。应如“鲁公网安备 37021202000123号”"),
    ("site_code", "12", "写法不对：“12”。应10 位，如“3702000001”"),
    ("correction", "javascript:alert(1)", "“javascript:alert(1)”不是能打开的地址"),
    ("gov_mark", "../../etc/passwd", "找不到图片“../../etc/passwd”"),
    ("hots", "青岛市委组织部", "不认识“hots”。"),
])
def test_malformed_identification_is_refused_in_every_build(minimal: Path, key: str, value: str, expected: str):
    from conftest import site_settings

    with pytest.raises(BuildFailed) as failed:
        build(SETTINGS, {**site_settings(minimal), "CATALOG_FOOTER": {**IDENTITY, key: value}})
    assert expected in str(failed.value) and "[site-identity]" in str(failed.value)


def test_nothing_reviewed_is_not_published(minimal: Path, office):
    write_roster(minimal, office)
    report = failure(publish, minimal)
    assert "还没有任何初审、复审、终审都签好的内容，正式网站会是空的，所以没有发布。" in report


@pytest.mark.slow
def test_no_public_page_is_empty_or_links_to_an_empty_one(minimal: Path, office):
    """Only case-a and what it names are signed: no route, no source list left empty, nothing says 暂无."""
    write_roster(minimal, office)
    sign(minimal, office, CASE_A)
    output = publish(minimal)
    pages = sorted(output.rglob("*.html"))
    assert pages and all("暂无" not in p.read_text(encoding="utf-8") for p in pages)
    assert not (output / "routes").exists() and not (output / "regions/ls").exists()
    links = {a["href"] for p in pages for a in page(output, p.relative_to(output).as_posix()).select("a[href]")}
    assert not any("routes/" in href for href in links)
    nav = [a.get_text() for a in page(output, "").select(".main-nav a")]
    assert "红色旅游线路" not in nav and "典型案例" in nav


def test_the_preview_says_it_is_one_and_asks_not_to_be_indexed(built_minimal: Path):
    home = page(built_minimal, "")
    assert home.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert "预览版" in home.select_one(".preview-banner").get_text()
    assert (built_minimal / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


@pytest.mark.slow
def test_the_footer_shows_every_identification_with_its_links(minimal: Path, office):
    identity = minimal / "identity"
    identity.mkdir()
    (identity / "beian.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (identity / "mark.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_roster(minimal, office)
    sign(minimal, office, EVERYTHING)
    footer_settings = {**IDENTITY, "police": "鲁公网安备 37021202000123号", "police_icon": "identity/beian.png",
                       "gov_mark": "identity/mark.png", "gov_mark_link": "https://example.gov.cn/mark",
                       "contact_us": "about/", "correction": "mailto:jiucuo@example.gov.cn"}
    output = publish(minimal, CATALOG_FOOTER=footer_settings)
    footer = page(output, "villages/xiaowang/").select_one(".site-footer")
    hrefs = {a.get_text(" ", strip=True): a["href"] for a in footer.select("a")}
    assert hrefs["联系我们"] == "../../about/"  # the public build links relatively: it can be looked at anywhere
    assert hrefs["我要纠错"] == "mailto:jiucuo@example.gov.cn"
    assert hrefs["鲁公网安备 37021202000123号"] == "https://beian.mps.gov.cn/#/query/webSearch?code=37021202000123"
    assert hrefs["网站地图"] == "../../sitemap/"
    assert footer.select_one(".gov-mark")["href"] == "https://example.gov.cn/mark"
    assert (output / "identity/beian.png").exists() and (output / "identity/mark.png").exists()
    site_map = page(output, "sitemap/")
    assert {a.get_text() for a in site_map.select("main a")} >= {"首页", "典型案例", "示范村", "莱西市", "关于本站"}


def test_the_public_build_can_be_looked_at_here_as_it_will_be_served(built_minimal: Path):
    """make view-public: the files as they are (no preview reload script), its 404 page, only for this machine."""
    import threading
    import urllib.error
    import urllib.request

    from catalog.preview import Preview

    preview = Preview(lambda changed: None, built_minimal, [], live=False)
    with preview.server(port=0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            page_bytes = urllib.request.urlopen(base + "villages/xiaowang/").read()
            assert page_bytes == (built_minimal / "villages/xiaowang/index.html").read_bytes()
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "no-such-page/")
            assert missing.value.code == 404 and "页面不存在" in missing.value.read().decode("utf-8")
            request = urllib.request.Request(base, headers={"Host": "evil.example"})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request)
            assert refused.value.code == 403
        finally:
            server.shutdown()


@pytest.mark.slow
def test_a_page_shows_when_it_was_first_approved_and_when_again(minimal: Path, office):
    """发布日期 from git (when a 终审 first came in), 更新日期 the 终审 of the text as it reads now: never the build's."""
    import datetime as dt
    import os
    import subprocess

    def commit(day: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
        subprocess.run(["git", "add", "-A"], cwd=minimal, check=True)
        subprocess.run(["git", "-c", "user.name=王小红", "-c", "user.email=w@example.gov.cn", "commit", "-qm", day],
                       cwd=minimal, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=minimal, check=True)
    write_roster(minimal, office)
    sign(minimal, office, EVERYTHING, today=dt.date(2026, 1, 10))
    commit("2026-01-10")
    case = minimal / "content/cases/case-a.md"
    case.write_text(case.read_text(encoding="utf-8").replace("已经修缮开放", "已经修缮开放，免费参观"), encoding="utf-8")
    sign(minimal, office, ("content/cases/case-a.md",), today=dt.date(2026, 3, 2))
    commit("2026-03-02")
    output = publish(minimal)
    assert page(output, "cases/case-a/").select_one(".review-record").get_text().startswith(
        "发布日期：2026年1月10日，更新日期：2026年3月2日。审核记录：初审 刘洋（2026年3月2日）")
    assert page(output, "cases/case-b/").select_one(".review-record").get_text().startswith("发布日期：2026年1月10日。")
