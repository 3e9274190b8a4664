"""Waivers: a content rule may be set aside only by an explicit, explained entry in the record itself.

    waive:
      - rule: personal-mobile
        text: "13904521234"
        reason: 纪念馆对外公布的预约电话，不是个人号码

A waiver names a rule that may be waived, the exact text it waives (as the
report quotes it; compared in normal form, normal.py), and a reason. It sets
aside only problems about that text: a problem naming several texts (one
placeholder kind, several occurrences) only when every one is named. A waiver
without a text is an error, never a rule switched off for the whole file; a
waiver that matches nothing is reported, so stale ones do not pile up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..records.model import Record
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from .hits import subjects
from .normal import normalise
from .rules import CONTENT_RULES, WAIVABLE


def apply_waivers(problems: list[Problem], records: Iterable[Record], registry: Registry,
                  kind_of: dict[type, str]) -> list[Problem]:
    found: list[Problem] = []
    waived: dict[tuple[str, str], set[str]] = defaultdict(set)  # (file, rule) -> the texts waived
    for record in records:
        lines = registry.lines[(kind_of[type(record)], record.id)]
        for index, waiver in enumerate(record.waive):
            if waiver.rule not in WAIVABLE:
                found.append(Problem(record.path, lines.line(("waive", index, "rule")), f"waive[{index}].rule",
                                     f"规则“{waiver.rule}”不能豁免。可以豁免的规则有：{'、'.join(sorted(WAIVABLE))}。",
                                     "waiver-invalid"))
            elif waiver.text is None:
                found.append(Problem(record.path, lines.line(("waive", index)), f"waive[{index}]",
                                     "这条豁免没有写明豁免哪段文字。请在 text 下原样写出检查结果引号里的那段文字"
                                     "（如 text: \"13904521234\"）；豁免只对写明的文字有效，不能整条规则一概不查。",
                                     "waiver-invalid"))
            else:
                text = normalise(waiver.text)
                waived[(record.path, waiver.rule)].add(text)
                if not any(text in _named(p) for p in problems if p.path == record.path and p.rule == waiver.rule):
                    found.append(Problem(record.path, lines.line(("waive", index, "rule")), f"waive[{index}]",
                                         f"这条豁免（{CONTENT_RULES[waiver.rule]}）没有对应的问题，请删除。"
                                         "text 要与检查结果引号里的文字完全相同。", "waiver-unused", Severity.WARNING))
    kept = [p for p in problems if not (waived.get((p.path, p.rule)) and _named(p) <= waived[(p.path, p.rule)])]
    return kept + found


def _named(problem: Problem) -> set[str]:
    return {normalise(text) for text in subjects(problem.subject)}
