"""References between records, resolved while validating.

A record names another by id (its file name). Records are validated in
dependency order, so when a ref is checked the record it names is already a
typed object: the validated model holds the object itself, not a string to
look up later, and a wrong id is reported with the closest real ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from ..kind import KINDS
from .load import LineMap

# Errors about a ref to a record that is itself broken: that record's own
# problems are reported, so these would only repeat them.
BROKEN_REF = "ref_to_broken_record"


@dataclass
class Registry:
    """Validated records by kind and id, plus the ids whose files were broken."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    broken: dict[str, set[str]] = field(default_factory=dict)
    # Where each record's keys are, for checks that run after validation.
    lines: dict[tuple[str, str], LineMap] = field(default_factory=dict)
    # Each file's values as typed, for the content checks (checks/texts.py).
    raw: dict[tuple[str, str], Any] = field(default_factory=dict)

    def add(self, kind: str, record: Any) -> None:
        self.records.setdefault(kind, {})[record.id] = record

    def mark_broken(self, kind: str, record_id: str) -> None:
        self.broken.setdefault(kind, set()).add(record_id)

    def of(self, kind: str) -> dict[str, Any]:
        return self.records.get(kind, {})

    def records_by_key(self) -> list[tuple[tuple[str, str], Any]]:
        """Every valid record with its (kind, id), kind by kind."""
        return [((kind, rid), r) for kind, records in self.records.items() for rid, r in records.items()]

    def resolve(self, kind: str, value: Any, fits: Fits | None = None) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise PydanticCustomError("ref-unknown", "应填一个{label}的编号（文件名，不带 .yml），实际是空的或不是文字。",
                                      {"label": KINDS.named(kind).label})
        wanted = value.strip()
        found = self.of(kind).get(wanted)
        if found is not None:
            return found
        if wanted in self.broken.get(kind, set()):
            raise PydanticCustomError(BROKEN_REF, "")
        raise PydanticCustomError("ref-unknown", unknown_ref_message(kind, wanted, self.of(kind), fits))


# Which records a field takes: a county field takes counties. Those are offered first and guessed first,
# so a mistyped county is not answered with a township that happens to be spelt alike.
Fits = Callable[[Any], bool]


def unknown_ref_message(kind: str, wanted: str, known: dict[str, Any], fits: Fits | None = None) -> str:
    label = KINDS.named(kind).label
    by_name = {getattr(r, "name", getattr(r, "title", "")): i for i, r in known.items()}
    ids = sorted(known, key=lambda i: (fits is not None and not fits(known[i]), i))
    shown = "、".join(ids[:8]) + (f" 等共 {len(ids)} 个" if len(ids) > 8 else "")
    message = f"未知的{label}“{wanted}”。" + (f"可用的有：{shown}。" if ids else f"目前还没有任何{label}记录。")
    if wanted in by_name:
        return message + f"“{wanted}”是名称，这里要写它的编号“{by_name[wanted]}”。"
    close = closest(wanted, known, fits=fits)
    if close:
        message += f"是否想写“{close}”？"
    return message


def closest(wanted: str, known: dict[str, Any], label: Callable[[Any], str] | None = None,
            fits: Fits | None = None) -> str | None:
    """The id of the record whose id, or else whose name (or ``label``), is most like ``wanted``; None when none is.

    Records that ``fits`` (the field's own kind) are searched first; the others only when none of them is close."""
    if fits is not None:
        own = {i: r for i, r in known.items() if fits(r)}
        found = closest(wanted, own, label) if own else None
        if found is not None:
            return found
    label = label or (lambda r: getattr(r, "name", getattr(r, "title", "")))
    by_name = {label(r): i for i, r in known.items()}
    close = difflib.get_close_matches(wanted, sorted(known), n=1, cutoff=0.6)
    close = close or [by_name[n] for n in difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.5)]
    return close[0] if close else None


def _resolver(kind: str, fits: Fits | None) -> Callable[[Any, ValidationInfo], Any]:
    def resolve(value: Any, info: ValidationInfo) -> Any:
        registry = info.context["registry"] if info.context else None
        if registry is None:  # pragma: no cover - a programming error, not bad input
            raise RuntimeError("records must be validated with a registry in the context")
        return registry.resolve(kind, value, fits)

    return resolve


class RefValidator(BeforeValidator):
    """Marks a field written as an id (text) but holding a record once validated."""


def ref(kind: str, fits: Fits | None = None) -> BeforeValidator:
    """``Annotated[Region, ref("regions")]``: the field holds the resolved record."""
    return RefValidator(_resolver(kind, fits))


def RefTo(model: Any, kind: str, fits: Fits | None = None) -> Any:  # noqa: N802 - reads as a type in schemas
    """A field naming a record of ``kind``; ``fits`` says which of them the field takes, for "did you mean"."""
    return Annotated[model, ref(kind, fits)]
