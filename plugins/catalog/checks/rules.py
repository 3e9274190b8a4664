"""Every content rule the checks apply: its id, what it means in Chinese, whether it may be waived.

Schema rules (field-missing, ref-unknown, …) are about the shape of a file and
are never waived; content rules judge the words and pictures and may be, by an
explicit entry in the record itself (see waivers.py).
"""

from __future__ import annotations

CONTENT_RULES: dict[str, str] = {
    "placeholder": "未完成的占位符（X镇、X月X日、XX、××、某某、待补充、TODO）",
    "personal-id": "居民身份证号码（18 位或 15 位，校验日期和校验码）",
    "personal-mobile": "手机号码（打码的形式如 138****1234 可以发布）",
    "personal-bankcard": "银行卡号（通过 Luhn 校验的 16–19 位数字）",
    "wording": "常见错别字和规范表述（rules/wording.yml）",
    "title-duplicate": "标题或名称重复",
    "photo-small": "照片太小，发布后会模糊",
    "photo-large": "照片文件过大或尺寸过大",
    "photo-gps": "照片带有 GPS 位置等元数据（发布时自动去除）",
}
# Review rules (review-*, signoff/) are not content rules: nothing a committer writes can set them aside.
WAIVABLE = frozenset(CONTENT_RULES) - {"photo-gps"}
