"""A site whose every free-text field carries markup that would run or inject if it were not escaped.

The fields are found from the record models themselves (every ``Text`` field, nested ones included), so a
field added later is attacked too without anyone remembering to add it here.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

from catalog.records.load import load_yaml
from catalog.records.model import Case, Initiative, Page, Region, Route, Source, Village
from catalog.stories import split_front_matter
from pydantic import BaseModel, StringConstraints

# Typst markup, for the brochure (typeset by Typst from data): an import, reading a local file, closing a
# content block, strong and math delimiters, a file link, a label and a reference, raw text, a comment.
TYPST = ('#import "/etc/passwd": x #read("/etc/passwd") ] * _ $ x^2 $ #link("file:///etc/passwd")[y] '
         "<z> @z `raw` \\ // c")
# Each part tries another way out of where record text is printed: an element, an attribute value, <title>,
# a CDATA section, a javascript: link, a WeasyPrint attachment of a local file. If any of them took effect,
# the page would carry data-xss on <html> or an element of class xss-injected.
PAYLOAD = (
    "<script>document.documentElement.dataset.xss='script'</script>"
    "\"'><b class=\"xss-injected\">b</b>"
    "</title><img class=\"xss-injected\" src=\"x\" onerror=\"document.documentElement.dataset.xss='img'\">"
    "]]><a class=\"xss-injected\" href=\"javascript:document.documentElement.dataset.xss='js'\">a</a>"
    "<link rel=\"attachment\" href=\"file:///etc/passwd\">"
    + TYPST
)
# Paths of text fields that are not free text (a photo's file name is a path, checked on its own).
NOT_FREE_TEXT = {"file"}
MODELS: dict[str, type[BaseModel]] = {"sources": Source, "regions": Region, "initiatives": Initiative,
                                      "villages": Village, "routes": Route}
STORIES: dict[str, type[BaseModel]] = {"cases": Case, "pages": Page}


def _is_text(annotation: Any, metadata: list[Any]) -> bool:
    return annotation is str and any(isinstance(m, StringConstraints) for m in metadata)


def _shape(annotation: Any, metadata: list[Any]) -> Any:
    """"text", a nested model class, ("many", shape), or None for anything else."""
    if _is_text(annotation, metadata):
        return "text"
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _shape(base, [*metadata, *extra])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        shapes = [_shape(a, []) for a in typing.get_args(annotation) if a is not type(None)]
        return next((s for s in shapes if s is not None), None)
    if typing.get_origin(annotation) is tuple:
        inner = _shape(typing.get_args(annotation)[0], [])
        return ("many", inner) if inner is not None else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def attack(value: Any, model: type[BaseModel]) -> int:
    """Append PAYLOAD to every free-text field of ``value`` (a record's data as typed); how many fields."""
    count = 0
    for name, info in model.model_fields.items():
        if name not in value or name in NOT_FREE_TEXT:
            continue
        count += _attack_field(value, name, _shape(info.annotation, list(info.metadata)))
    return count


def _attack_field(holder: Any, key: Any, shape: Any) -> int:
    found = holder[key]
    if shape == "text" and isinstance(found, str):
        holder[key] = found + PAYLOAD
        return 1
    if isinstance(shape, tuple) and isinstance(found, list):
        return sum(_attack_field(found, i, shape[1]) for i in range(len(found)))
    if isinstance(shape, type) and isinstance(found, dict):
        return attack(found, shape)
    return 0


def _yaml(data: dict[str, Any]) -> str:
    """JSON is YAML: every value written as a double-quoted scalar, read back exactly as it was."""
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in data.items())


def make_hostile(root: Path) -> int:
    """Rewrite the site at ``root`` in place; the number of text fields attacked."""
    count = 0
    for folder, model in MODELS.items():
        for file in sorted((root / "data" / folder).glob("*.yml")):
            data = load_yaml(file.read_text(encoding="utf-8"), file.name).data
            count += attack(data, model)
            file.write_text(_yaml(data), encoding="utf-8")
    for folder, model in STORIES.items():
        for file in sorted((root / "content" / folder).glob("*.md")):
            front, body, _ = split_front_matter(file.read_text(encoding="utf-8"), file.name)
            data = load_yaml(front, file.name).data
            count += attack(data, model)
            file.write_text(f"---\n{_yaml(data)}---\n\n{body}", encoding="utf-8")
    return count
