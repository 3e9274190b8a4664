"""Real reviewers for tests: ed25519 keys made by ssh-keygen, a roster, the administrator's signature over it."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from catalog.signoff.statement import ROSTER_NAMESPACE

# Who may sign what in the tests' office: one reviewer per level, and one allowed every level.
PEOPLE = {"刘洋": ("初审",), "陈静": ("复审",), "王建国": ("终审",), "张敏": ("初审", "复审", "终审")}


@dataclass(frozen=True)
class Keys:
    folder: Path

    def private(self, who: str) -> Path:
        return self.folder / who

    def public(self, who: str) -> str:
        return (self.folder / f"{who}.pub").read_text(encoding="utf-8").strip()

    def environ(self) -> dict[str, str]:
        """The publishing machine's environment: the administrator's public key, and nothing else of theirs."""
        return {"REVIEW_ADMIN_KEY": self.public("admin")}


def make_keys(folder: Path, people: tuple[str, ...] = (*PEOPLE, "admin", "stranger")) -> Keys:
    folder.mkdir(parents=True, exist_ok=True)
    for who in people:
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(folder / who)], check=True)
    return Keys(folder)


def write_roster(root: Path, keys: Keys, people: dict[str, tuple[str, ...]] = PEOPLE, sign_with: str = "admin") -> Path:
    roster = root / "reviewers" / "roster.yml"
    roster.parent.mkdir(parents=True, exist_ok=True)
    lines = ["reviewers:"]
    for name, levels in people.items():
        lines += [f"  - name: {name}", f"    levels: [{', '.join(levels)}]", f"    key: {keys.public(name)}"]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if sign_with:
        sign_roster(roster, keys.private(sign_with))
    return roster


def sign_roster(roster: Path, key: Path) -> None:
    Path(f"{roster}.sig").unlink(missing_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-n", ROSTER_NAMESPACE, "-f", str(key), str(roster)],
                   check=True, capture_output=True)


SIGNERS = {"初审": "刘洋", "复审": "陈静", "终审": "王建国"}
# What must be signed for the minimal site's case-a to be published: it, and everything it names.
# Every reviewed item of the minimal site.
EVERYTHING = ("content/cases/case-a.md", "content/cases/case-b.md", "content/pages/about.md",
              "data/villages/baojiashan.yml", "data/villages/xiaowang.yml", "data/initiatives/lxjy-zuzhi.yml",
              "data/initiatives/lxjy.yml", "data/routes/hongse.yml")
CASE_A = ("content/cases/case-a.md", "data/villages/baojiashan.yml", "data/initiatives/lxjy-zuzhi.yml",
          "data/initiatives/lxjy.yml")


def sign(root: Path, keys: Keys, paths: tuple[str, ...], levels: tuple[str, ...] = tuple(SIGNERS),
         signers: dict[str, str] = SIGNERS, today: dt.date | None = None) -> None:
    """Each level in turn, as three reviewers would: the signature of one level is checked before the next."""
    from catalog.brochure.settings import today as office_today
    from catalog.build import check
    from catalog.review_commands import find_item
    from catalog.signoff.sign import sign_item
    from conftest import SETTINGS, site_settings

    for level in levels:
        checked = check(SETTINGS, site_settings(root))
        for path in paths:
            sign_item(root, checked.reviews, find_item(checked, path), level, keys.private(signers[level]),
                      today or office_today())
