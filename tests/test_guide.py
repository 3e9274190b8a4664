"""The staff guide explains every rule id a problem can carry, and every command it names exists."""

from __future__ import annotations

import ast
import re
import subprocess

import pytest
from catalog.checks.rules import CONTENT_RULES
from catalog.records import messages
from conftest import PROJECT

GUIDE = (PROJECT / "docs" / "staff-guide.md").read_text(encoding="utf-8")
# Where a rule id is written: the calls that make a problem, and ``"rule": …`` in an error's context.
RULE_CALLS = {"Problem", "add", "Hit", "warn", "_fail", "_field_error", "PydanticCustomError", "PhotoError", "_problem"}
RULE_SHAPE = re.compile(r"[a-z]+(?:-[a-z]+)+")


def _name(call: ast.Call) -> str:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", "")


def rules_in_code() -> set[str]:
    found = set(CONTENT_RULES) | set(messages._RULES.values())
    for file in (PROJECT / "plugins" / "catalog").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node) in ("Problem", "add") and len(node.args) > 4:
                literals = [node.args[4]]  # Problem(path, line, field, message, rule): any shape of id
                found |= {n.value for n in literals if isinstance(n, ast.Constant) and isinstance(n.value, str)}
            elif isinstance(node, ast.Call) and _name(node) in RULE_CALLS:
                literals = [*node.args, *(k.value for k in node.keywords)]
            elif isinstance(node, ast.Dict):
                literals = [v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value == "rule"]
            else:
                continue
            found |= {n.value for n in literals if isinstance(n, ast.Constant) and isinstance(n.value, str)
                      and RULE_SHAPE.fullmatch(n.value)}
    return found


def rules_in_guide() -> set[str]:
    return set(re.findall(r"^\| `([a-z-]+)` \|", GUIDE, flags=re.M))


def test_every_rule_in_the_code_is_explained_in_the_guide_and_none_is_stale():
    code, guide = rules_in_code(), rules_in_guide()
    assert len(code) > 40
    assert sorted(code - guide) == [], "rule ids the staff guide does not explain"
    assert sorted(guide - code) == [], "rule ids in the guide that no code reports"


def test_every_make_command_in_the_guide_exists():
    targets = set(re.findall(r"^([a-z-]+):", (PROJECT / "Makefile").read_text(encoding="utf-8"), flags=re.M))
    named = set(re.findall(r"`make ([a-z-]+)", GUIDE))
    assert named and named <= targets


def test_every_folder_and_file_the_guide_names_is_there():
    named = set(re.findall(r"`((?:content|data|rules|docs|ci)/[\w./-]*)`", GUIDE))
    assert named
    assert sorted(p for p in named if not (PROJECT / p).exists()) == []


@pytest.mark.slow
def test_hooks_installs_a_check_before_every_commit_but_never_replaces_someone_elses(tmp_path):
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(PROJECT, repo, symlinks=True, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "output", ".cache",
                                                                  "artifacts", ".output-*", ".discarded-*", "public"))
    (repo / ".venv").symlink_to(PROJECT / ".venv")
    run = lambda *args: subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=300)  # noqa: E731
    run("git", "init", "-q")
    hook = repo / ".git/hooks/pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho mine\n")
    refused = run(".venv/bin/invoke", "hooks")
    assert refused.returncode == 1 and "不会覆盖它" in refused.stderr
    assert hook.read_text() == "#!/bin/sh\necho mine\n"

    hook.unlink()
    assert run(".venv/bin/invoke", "hooks").returncode == 0
    story = repo / "content/cases/yian-xiangcun-dangxiao.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n请联系13812345678。\n", encoding="utf-8")
    run("git", "add", "-A")
    commit = run("git", "-c", "user.name=王小红", "-c", "user.email=w@example.org", "commit", "-qm", "新稿")
    assert commit.returncode != 0
    assert "content/cases/yian-xiangcun-dangxiao.md:" in commit.stderr and "[personal-mobile]" in commit.stderr
