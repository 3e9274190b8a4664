"""What the public build refuses: a site that would fail a government-website inspection.

The 政府网站发展指引 asks every government site to say who runs it (主办单位, 联系方式, ICP备案号 linked to
the MIIT filing system, 网站标识码), and an inspection fails a site with an empty column outright. So
``make publish`` stops, with one Chinese message per problem, when the public address is not set, when a
required identification field is missing or malformed, or when nothing has been reviewed at all. (Empty
sections and county pages are not generated in any build: pages.py, site.sections.)
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .catalog import Catalog
from .records.problems import Problem, Severity
from .settings import FooterInfo, SiteSettings

SETTINGS_FILE = "pelicanconf.py"  # where CATALOG_FOOTER is written (publishconf.py imports it)
MIIT = "https://beian.miit.gov.cn/"  # ICP filings are looked up here
MPS = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"  # 公安机关备案

REQUIRED = {"host": "主办单位", "contact": "联系方式", "icp": "ICP备案号", "site_code": "网站标识码"}
FORMATS = {
    # 京ICP备12345678号, 鲁ICP备2023012345号-1
    "icp": (re.compile(r"[\u4e00-\u9fff]ICP备\d{6,12}号(-\d{1,3})?"), "如“鲁ICP备12345678号”或“鲁ICP备12345678号-1”"),
    # 鲁公网安备 37021202000123号 (14 digits; a space after 备 is common)
    "police": (re.compile(r"[\u4e00-\u9fff]公网安备\s?\d{14}号"), "如“鲁公网安备 37021202000123号”"),
    # 10 characters: digits, or a ministry's two letters and digits (bm04000002)
    "site_code": (re.compile(r"[a-z]{0,2}\d{8,10}"), "10 位，如“3702000001”"),
}


def police_link(police: str) -> str:
    return MPS.format(code="".join(re.findall(r"\d", police)))


def _line_of(root: Path, key: str) -> int:
    """The line of ``"key":`` in the settings file, for the message; 0 when it is not written there."""
    try:
        lines = (root / SETTINGS_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    return next((n for n, line in enumerate(lines, start=1) if f'"{key}"' in line), 0)


def identification_problems(settings: SiteSettings, public: bool) -> list[Problem]:
    """Malformed or unknown identification in every build; missing required fields only when publishing."""
    footer, root, found = settings.footer, settings.root, []

    def add(key: str, message: str, severity: Severity = Severity.ERROR) -> None:
        found.append(Problem(SETTINGS_FILE, _line_of(root, key), f"CATALOG_FOOTER.{key}", message, "site-identity",
                             severity))

    for key in settings.footer_unknown:
        add(key, f"不认识“{key}”。可以写的有：{'、'.join(FooterInfo.__dataclass_fields__)}。请检查拼写。")
    for key, (pattern, example) in FORMATS.items():
        value = getattr(footer, key)
        if value and not pattern.fullmatch(value.strip()):
            add(key, f"写法不对：“{value}”。应{example}，请照备案证书或管理部门的通知填写。")
    for key in ("contact_us", "correction"):
        value = getattr(footer, key)
        if value and not _link_ok(value):
            add(key, f"“{value}”不是能打开的地址：请写 mailto:信箱、https:// 开头的网址，或本站页面的网址（如 about/）。")
    for key in ("police_icon", "gov_mark"):
        value = getattr(footer, key)
        if value and not _inside(root, value):
            add(key, f"找不到图片“{value}”：请把图片放在项目文件夹里（如 identity/ 下），写相对于项目文件夹的路径。")
    if footer.gov_mark and not footer.gov_mark_link:
        add("gov_mark_link", "写了党政机关网站标识图片（gov_mark），还要写它链接到的地址（开办单位给出的网址）。")
    if public:
        for key, label in REQUIRED.items():
            if not getattr(footer, key):
                add(key, f"正式发布的网站必须在页脚写明{label}（政府网站发展指引的要求），现在没有填写。"
                         f"请在 {SETTINGS_FILE} 的 CATALOG_FOOTER 里填写“{key}”。")
    return found


def publishing_problems(settings: SiteSettings, catalog: Catalog) -> list[Problem]:
    """Why the public build must not go out (empty list: it may)."""
    found = identification_problems(settings, public=True)
    if not settings.public_url:
        found.append(Problem("publishconf.py", 0, "SITE_PUBLIC_URL", "没有设置网站的正式网址，网页里的链接、网站地图和订阅"
                             "都需要它。请这样运行：SITE_PUBLIC_URL=https://正式网址 make publish。", "site-address"))
    elif urlsplit(settings.public_url).scheme not in ("http", "https") or not urlsplit(settings.public_url).hostname:
        found.append(Problem("publishconf.py", 0, "SITE_PUBLIC_URL", f"正式网址“{settings.public_url}”写法不对，"
                             "应以 https:// 开头，如 https://zhenxing.example.gov.cn。", "site-address"))
    if not any(getattr(catalog, kind) for kind in ("cases", "villages", "initiatives", "routes")):
        found.append(Problem("reviews/", 0, "", "还没有任何初审、复审、终审都签好的内容，正式网站会是空的，所以没有发布。"
                             "请先完成审核签名（make sign），运行 make check 可以看到每一项在等什么。", "nothing-published"))
    return found


def _link_ok(value: str) -> bool:
    if value.startswith("mailto:"):
        return bool(re.fullmatch(r"mailto:[^@\s\"'<>]+@[^@\s\"'<>]+", value))
    parts = urlsplit(value)
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(parts.hostname) and not re.search(r"[\s\"'<>]", value)
    return bool(re.fullmatch(r"[a-z0-9/_-]+/?", value))


def _inside(root: Path, value: str) -> bool:
    path = (root / value).resolve()
    return path.is_file() and path.is_relative_to(root.resolve())
