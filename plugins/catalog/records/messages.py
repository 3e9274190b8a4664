"""Turn pydantic's validation errors into Problems staff can act on.

pydantic says *where* (a path such as ``('figures', 0, 'value')``) and *what
kind* of error; we add the file's line for that path and say it in Chinese,
with the fields that are allowed and the closest one to a misspelt name.
"""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from .load import LineMap, field_label
from .problems import Problem
from .refs import BROKEN_REF, RefValidator

# Fields that exist on the models but are never written in a file.
# ("review" exists only to be refused with its own message: it is not offered.)
_HIDDEN_FIELDS = {"id", "path", "article", "review"}
_SHARED_FIELDS = {"slug", "waive", "status", "author"}

_EMPTY = "不能为空，请填写内容；不知道时请整行删除。"
_SHAPE = {
    "string_type": "应为一段文字，实际是{shown}。",
    "tuple_type": "应为列表：每一项单独一行，以“- ”开头。实际是{shown}。",
    "list_type": "应为列表：每一项单独一行，以“- ”开头。实际是{shown}。",
    "model_type": "应为一组“字段: 值”，写在下面几行并缩进。实际是{shown}。",
    "model_attributes_type": "应为一组“字段: 值”，写在下面几行并缩进。实际是{shown}。",
    "dict_type": "应为一组“字段: 值”，写在下面几行并缩进。实际是{shown}。",
}


def problems_from(error: ValidationError, model: type[BaseModel], path: str, lines: LineMap) -> list[Problem]:
    found = []
    items = error.errors(include_url=False)
    # A list whose only items were wrong (themselves, or a field inside them: a stop citing a broken source)
    # is also "too short"; say it once, where the item is wrong.
    failed_items = {tuple(i["loc"][:n]) for i in items for n, part in enumerate(i["loc"]) if isinstance(part, int)}
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == BROKEN_REF or (item["type"] == "too_short" and loc in failed_items):
            continue
        ctx = item.get("ctx") or {}
        if "field" in ctx:  # a whole-record check that names its field
            loc = (*loc, ctx["field"])
        found.append(Problem(path, lines.line(loc), field_label(loc), _message(item, model, loc), _rule(item)))
    return found


# pydantic's own error kinds, by the rule id staff see; our custom errors carry theirs.
_RULES = {"missing": "field-missing", "extra_forbidden": "field-unknown", "too_short": "field-empty",
          "string_too_short": "field-empty", "enum": "field-choice", "int_parsing": "value-number",
          "int_type": "value-number", "int_from_float": "value-number", "greater_than_equal": "value-range",
          **{k: "field-type" for k in _SHAPE}}


def _rule(item: dict[str, Any]) -> str:
    ctx = item.get("ctx") or {}
    kind = item["type"]
    # Our own errors are named by their rule; any other pydantic kind (snake_case) is a wrong kind of value.
    return ctx.get("rule") or _RULES.get(kind) or (kind if "_" not in kind else "field-type")


def _message(item: dict[str, Any], model: type[BaseModel], loc: tuple) -> str:
    kind, value = item["type"], item.get("input")
    if kind == "missing":
        return "缺少必填项，请补上。"
    if kind == "extra_forbidden":
        return _unknown_field(model, loc)
    if kind in _SHAPE:
        if value is None:
            return _EMPTY
        message = _SHAPE[kind].format(shown=_shown(value))
        if kind in ("tuple_type", "list_type") and isinstance(value, str) and _model_at(model, loc) is None:
            message += f"只有一项时也要写成列表，如 [{value}]。"
        return message
    if kind == "too_short":
        return "至少要写一项。" if not isinstance(value, str) else _EMPTY
    if kind == "string_too_short":
        return _EMPTY
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"应为整数，如 1、2、3，实际是{_shown(value)}。"
    if kind == "greater_than_equal":
        return f"应不小于 {item['ctx']['ge']}，实际是 {value}。"
    if kind == "enum":
        choices = _enum_values(model, loc)
        if value is None:
            return f"不能为空，可选：{choices}。"
        return f"“{value}”不是可选的值。可选：{choices}。"
    return item["msg"]


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    return f"“{value}”"


def _unknown_field(model: type[BaseModel], loc: tuple) -> str:
    name = str(loc[-1])
    owner = _model_at(model, loc[:-1])
    # The kind's own fields first; those every record shares (slug, waive, status…) last.
    allowed = sorted((f for f in owner.model_fields if f not in _HIDDEN_FIELDS),
                     key=lambda f: f in _SHARED_FIELDS) if owner else []
    if name in ("id", "path"):
        return f"不要写“{name}”：编号由文件名决定，请删除这一行。"
    message = f"不认识的字段“{name}”。"
    if "：" in name:
        return message + "字段名后面要用英文冒号“:”加一个空格，不能用中文冒号“：”。"
    if allowed:
        message += f"这里可以写的字段有：{'、'.join(allowed)}。"
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            message += f"是否想写“{close[0]}”？"
    return message


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that validates the mapping found at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        current = _inner(fields[part].annotation, BaseModel)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _enum_values(model: type[BaseModel], loc: tuple) -> str:
    owner = _model_at(model, loc[:-1])
    field = owner.model_fields.get(str(loc[-1])) if owner else None
    enum = _inner(field.annotation, Enum) if field else None
    return "、".join(e.value for e in enum) if enum else ""


def _inner(annotation: Any, base: type) -> Any:
    """Dig the first subclass of ``base`` out of Optional / tuple / Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *metadata = typing.get_args(annotation)
        if any(isinstance(m, RefValidator) for m in metadata):
            return None  # written as an id, not as a mapping of fields
        return _inner(inner, base)
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner(arg, base)
            if found is not None:
                return found
    return None
