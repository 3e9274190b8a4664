"""Made-up Chinese place and personal names with ASCII ids, unique where the site needs them to be.

The characters are chosen so no name can trip a content check: no Latin
letters (placeholders), no 某, and no character that would complete one of the
wrong wordings in rules/wording.yml. Ids are the pinyin of the name, as staff
name their files; homophones are skipped so every id is unique too.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

FIRST = "安白宝北碧长春大德东丰凤福富高古广桂海和河红洪华怀黄吉嘉金锦靖康兰乐黎莲林柳龙隆鹿梅明南宁平清庆泉仁荣瑞山尚石双顺松太泰桃天通万旺文西祥新兴阳杨永玉元云枣中竹"
SECOND = "安坝堡滨昌城川店峰丰沟谷关河湖华集江口岭林龙楼南宁坪坡桥泉山水台塘田屯湾旺溪峡兴阳营园源寨庄洲"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = ("芳", "强", "敏", "刚", "伟", "静", "丽", "军", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "桂兰", "建华", "志强", "海燕", "国庆", "玉兰", "春生", "红梅", "立新", "学文", "振华", "晓东")


def pinyin_id(text: str) -> str:
    """``桃园`` -> ``taoyuan``: what a person would type as the file name."""
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text)).lower())


@dataclass
class Namer:
    """Draws names that have not been used yet in one scope (a county's villages, the province's counties)."""

    rng: random.Random
    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def place(self, suffix: str, id_prefix: str = "") -> tuple[str, str]:
        """A fresh (name, id): two characters plus ``suffix``, e.g. (桃园村, laixi-taoyuan)."""
        for attempt in range(10_000):
            base = self.rng.choice(FIRST) + self.rng.choice(SECOND)
            if attempt > 2_000:  # a crowded scope: three characters give room enough
                base += self.rng.choice(SECOND)
            name, ident = base + suffix, id_prefix + pinyin_id(base)
            if name not in self.names and ident not in self.ids:
                self.names.add(name)
                self.ids.add(ident)
                return name, ident
        raise RuntimeError(f"no unused name left for suffix {suffix!r}")  # pragma: no cover

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def people(self, count: int) -> list[str]:
        """``count`` different people (three reviewers must not be one person)."""
        chosen: list[str] = []
        while len(chosen) < count:
            name = self.person()
            if name not in chosen:
                chosen.append(name)
        return chosen
