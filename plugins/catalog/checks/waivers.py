"""Waivers: a content rule may be set aside only by an explicit, explained entry in the record itself.

    waive:
      - rule: personal-mobile
        text: 0452-8788626
        reason: 纪念馆对外公布的咨询电话，不是个人号码

A waiver names a rule that may be waived, optionally the exact text, and always
a reason. A waiver that matches nothing is reported, so stale ones do not pile up.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..records.model import Record
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from .rules import CONTENT_RULES, WAIVABLE


def apply_waivers(problems: list[Problem], records: Iterable[Record], registry: Registry,
                  kind_of: dict[type, str]) -> list[Problem]:
    kept = list(problems)
    for record in records:
        lines = registry.lines[(kind_of[type(record)], record.id)]
        for index, waiver in enumerate(record.waive):
            where = ("waive", index, "rule")
            if waiver.rule not in WAIVABLE:
                kept.append(Problem(record.path, lines.line(where), f"waive[{index}].rule",
                                    f"规则“{waiver.rule}”不能豁免。可以豁免的规则有：{'、'.join(sorted(WAIVABLE))}。",
                                    "waiver-invalid"))
                continue
            matched = [p for p in kept if p.path == record.path and p.rule == waiver.rule
                       and (waiver.text is None or waiver.text in p.subject)]
            if not matched:
                kept.append(Problem(record.path, lines.line(where), f"waive[{index}]",
                                    f"这条豁免（{CONTENT_RULES[waiver.rule]}）没有对应的问题，请删除。",
                                    "waiver-unused", Severity.WARNING))
            kept = [p for p in kept if p not in matched]
    return kept
