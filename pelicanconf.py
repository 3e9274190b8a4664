"""Pelican settings for building and previewing the site locally.

Content lives in content/ (Markdown stories and pages) and data/ (YAML
records); the catalog plugin turns both into every page of the site.
"""

import os

SITENAME = "党建引领乡村振兴成果展示"
SITEURL = ""
RELATIVE_URLS = True  # the preview works from any folder or file://

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["catalog"]

TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"

# Photos are published by the catalog plugin, not copied as they are.
STATIC_PATHS: list[str] = []
# Content caching is by content hash in the plugin; Pelican's mtime cache is off
# because a fresh git checkout resets every mtime.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

# 网站底部的网站标识（政府网站发展指引要求）：填写后显示在每一页的页脚。
# 正式发布（make publish）必须填写 host、contact、icp、site_code，写法不对时任何生成都会指出。
# 图片（公安备案图标、党政机关网站标识）放在项目文件夹里（如 identity/ 下），写相对路径；网站不从别处加载图片。
CATALOG_FOOTER = {
    "host": "",  # 主办单位（必填），如“中共××县委组织部”
    "operator": "",  # 承办单位（可不填）
    "contact": "",  # 联系方式（必填）：电话和/或地址
    "icp": "",  # ICP备案号（必填），如“鲁ICP备12345678号-1”，自动链接到工信部备案查询
    "police": "",  # 公安机关备案号（有就填），如“鲁公网安备 37021202000123号”，自动链接到公安备案查询
    "police_icon": "",  # 公安备案图标文件，如 identity/beian.png
    "site_code": "",  # 网站标识码（必填），10 位
    "gov_mark": "",  # 党政机关网站标识图片，如 identity/dzjg.png（开办单位发给的）
    "gov_mark_link": "",  # 党政机关网站标识链接到的网址（开办单位给出的）
    "contact_us": "",  # 联系我们：mailto:信箱、https:// 网址，或本站页面的网址（如 about/）
    "correction": "",  # 纠错：mailto:信箱、https:// 网址，或本站页面的网址
}

# Pelican's own feeds are off: the catalog plugin owns the stories, so they would be empty.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# 审核（三审三校、先审后发）：正式发布只发布初审、复审、终审三级签名齐全的内容，签名由审核人用自己的密钥生成
# （make sign），不能在这里关掉。预览（make site、make serve）显示全部内容并标出未审稿件。见 docs/staff-guide.md。
PUBLIC_BUILD = False

# 常见错误和占位符表（发布前检查用），见 rules/wording.yml。
WORDING_RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules", "wording.yml")

# 成果汇编（PDF 小册子）：make site 同时为每个县（市、区）各生成一本汇编，放在县的页面和首页供下载；
# 整个网站的汇编估计不超过 BROCHURE_SITE_MAX_PAGES 页时也生成，放在首页和页脚（见 docs/brochure.md）。
# 编印单位不写时用上面的主办单位；都没有写时封面不印编印单位。
SITE_BROCHURE = True
BROCHURE_SITE_MAX_PAGES = 500
BROCHURE_TITLE = "党建引领乡村振兴成果汇编"
BROCHURE_ISSUER = ""
# 封底的提示语，如“内部资料　注意保存”；不需要时留空。
BROCHURE_NOTICE = ""

# 预览（make serve）里有尚未审核的稿件，所以只在本机打开：只监听本机地址，只回应用 localhost、127.0.0.1 或 [::1]
# 打开的请求（用别的地址打开会看到“预览只能在本机打开”），以免别的网站借助域名读取预览。
# 确实要用别的名字打开时（在 hosts 文件里给本机起的名字，或前面的反向代理），把名字写进 PREVIEW_HOSTS，
# 如 ["yulan.local"]；端口不是预览的端口时写成 "名字:端口"。要让局域网里的其他电脑也能打开，把 PREVIEW_BIND
# 改为本机在局域网里的地址（如 "192.168.1.20"），并把这个地址也写进 PREVIEW_HOSTS——同一网络里的人都能看到草稿。
PREVIEW_HOSTS: list[str] = []
PREVIEW_BIND = "127.0.0.1"
