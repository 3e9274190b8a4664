"""The review commands staff run: make reviewer-key, make sign, make roster-sign (tasks.py calls these)."""

from __future__ import annotations

from pathlib import Path

from .dates import today
from .outcome import Checked
from .records.review import Reviewed
from .kind import KINDS
from .signoff import keys
from .signoff.roster import ROSTER
from .signoff.sign import Item, SignFailed, describe, sign_item
from .signoff.statement import ROSTER_NAMESPACE


def find_item(checked: Checked, path: str) -> Item:
    """The reviewed item whose file is ``path`` (as typed, relative to the project folder)."""
    wanted = Path(path).as_posix().removeprefix("./")
    for kind in KINDS.names():
        for record in checked.site.catalog.of(kind).values():
            if isinstance(record, Reviewed) and record.path == wanted:
                return Item(kind, record.id, record.path, getattr(record, "name", None) or record.title)
    raise SignFailed(f"找不到“{path}”：请写要签的文稿或记录文件的路径，如 content/cases/laixi.md 或 "
                     "data/villages/xiaowang.yml（资料来源和地区不单独审核，随引用它们的内容一起审）。")


def sign(checked: Checked, root: Path, path: str, level: str, key: Path, zone: str) -> str:
    item = find_item(checked, path)
    file = sign_item(root, checked.reviews, item, level, key, today(zone))
    return f"已签{level}：{describe(item)}。签名保存在 {file.relative_to(root).as_posix()}，请把它和内容一起提交（git commit）。"


def new_reviewer_key(key: Path, name: str) -> str:
    public = keys.new_key(key, name)
    return (f"已生成审核签名密钥：私钥 {key}（只留在本机，不要发给任何人），公钥 {key}.pub。\n"
            f"请把下面这一行公钥发给管理员，由管理员加入审核人名单：\n{public}")


def sign_roster(root: Path, key: Path) -> str:
    roster = root / ROSTER
    if not roster.exists():
        raise SignFailed(f"找不到审核人名单 {ROSTER.as_posix()}。请先按工作指南建立名单。")
    signature = keys.sign(key, ROSTER_NAMESPACE, roster.read_bytes())
    Path(f"{roster}.sig").write_text(signature, encoding="ascii")
    return (f"已用管理员密钥签名审核人名单：{ROSTER.as_posix()}.sig。请把名单和签名一起提交。"
            "正式发布的电脑要设置环境变量 REVIEW_ADMIN_KEY 为管理员的公钥（见 ci/README.md）。")
