"""三审 that holds against a person with commit access but no reviewer's key (issue 14).

Real ed25519 keys made by ssh-keygen (tests/reviewers.py). Each attack is what a committer could do to the
repository; after it, the attacked story is absent from every public output — pages, indexes, the search
bundle, the feed, the sitemap, the brochures, the photos — and `invoke check` names the item and the reason.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest
from catalog import urls
from catalog.brochure.settings import today
from catalog.build import build, check
from catalog.records.problems import BuildFailed
from catalog.signoff import keys as ssh
from catalog.signoff.statement import NAMESPACE, Signature, Statement
from catalog.signoff.store import read_signatures, signature_file, write_signatures
from conftest import SETTINGS, copy_site, public_settings, site_settings
from PIL import Image
from pypdf import PdfReader
from reviewers import CASE_A, sign, sign_roster, write_roster

TITLE = "前保驾山村的红色传承"  # case-a, the story attacked
CASE = ("cases", "case-a")
PHOTO_ALT = "旧址修缮后的正门"


def publish(root: Path) -> Path:
    build(SETTINGS, public_settings(root, brochure=True))
    return root / "output"


def texts_of(output: Path) -> dict[str, str]:
    """Every public file as the text a reader, a feed reader, a search engine or a PDF viewer gets from it."""
    found = {}
    for file in sorted(p for p in output.rglob("*") if p.is_file()):
        rel = file.relative_to(output).as_posix()
        data = file.read_bytes()
        if file.suffix == ".pdf":
            found[rel] = "".join(page.extract_text() for page in PdfReader(file).pages)
        elif file.suffix == ".br":  # the copies the web server sends compressed (incremental/compress.py)
            found[rel] = brotli.decompress(data).decode("utf-8", "replace")
        elif data[:2] == b"\x1f\x8b":
            found[rel] = gzip.decompress(data).decode("utf-8", "replace")
        else:
            found[rel] = data.decode("utf-8", "replace")
    return found


def mentions(output: Path, needles: list[str]) -> list[str]:
    return [f"{rel}: {n}" for rel, text in texts_of(output).items() for n in needles if n in text.replace("\n", "")]


def published_photos(output: Path) -> int:
    return len(list((output / "photos").glob("*"))) if (output / "photos").is_dir() else 0


@pytest.fixture
def office_site(tmp_path: Path, office) -> Path:
    """The minimal site with a roster, case-a showing a photo, and case-a with what it names fully signed."""
    root = copy_site("minimal", tmp_path)
    Image.new("RGB", (1600, 1200), (120, 40, 40)).save(root / "content/cases/gate.jpg", quality=85)
    case = root / "content/cases/case-a.md"
    case.write_text(case.read_text(encoding="utf-8") + f"\n![{PHOTO_ALT}](gate.jpg)\n", encoding="utf-8")
    write_roster(root, office)
    sign(root, office, CASE_A)
    return root


def reviews_of(root: Path):
    return check(SETTINGS, site_settings(root)).reviews


def forge(root: Path, level: str, reviewer: str, key: Path, date: dt.date | None = None,
          content: str | None = None, item: tuple[str, str] = CASE) -> None:
    """A signature entry made by hand, as a committer with some key could make it (make sign would refuse)."""
    digest = content or reviews_of(root).digest(item)
    statement = Statement(item[0], item[1], digest, level, reviewer, date or today())
    armored = ssh.sign(key, NAMESPACE, statement.text())
    file = signature_file(root, *item)
    kept, _ = read_signatures(file, "x")
    write_signatures(file, [s for s in kept if s.level != level]
                     + [Signature(level, reviewer, statement.date, digest, armored)])


def reasons(root: Path) -> list[str]:
    checked = check(SETTINGS, site_settings(root))
    return [str(w) for w in checked.warnings if w.rule.startswith("review")] + [str(p) for p in checked.pending]


def assert_withheld(root: Path) -> None:
    output = publish(root)
    assert not (output / "cases/case-a").exists()
    assert mentions(output, [TITLE, "cases/case-a/", PHOTO_ALT]) == []
    assert published_photos(output) == 0


@pytest.mark.slow
def test_three_reviewers_sign_and_the_story_is_published_with_its_record(office_site: Path):
    output = publish(office_site)
    assert (output / "cases/case-a/index.html").exists()
    found = mentions(output, [TITLE])
    assert any(m.startswith("cases/case-a/index.html") for m in found)
    assert any(m.startswith(f"{urls.SEARCH_BUNDLE}fragment/") for m in found)
    assert any(m.startswith("feeds/cases.atom.xml") for m in found)
    assert any(m.startswith("downloads/") and ".pdf" in m for m in found)
    assert published_photos(output) > 0
    page = (output / "cases/case-a/index.html").read_text(encoding="utf-8")
    assert "审核记录：初审 刘洋" in page and "复审 陈静" in page and "终审 王建国" in page
    # A signature file is made by make sign only: what it holds is what the statement says.
    entries, problems = read_signatures(signature_file(office_site, *CASE), "x")
    assert [(s.level, s.reviewer) for s in entries] == [("初审", "刘洋"), ("复审", "陈静"), ("终审", "王建国")]
    assert problems == []


@pytest.mark.slow
def test_a_key_not_in_the_roster_claiming_a_reviewers_name(office_site: Path, office):
    forge(office_site, "终审", "王建国", office.private("stranger"))
    assert_withheld(office_site)
    assert ("reviews/cases/case-a.yml:18: （警告）终审签名（王建国，" in r and "签名与签名文件里写的内容" in r
            for r in reasons(office_site))


@pytest.mark.slow
def test_the_right_person_for_the_wrong_level(office_site: Path, office):
    forge(office_site, "终审", "刘洋", office.private("刘洋"))
    assert_withheld(office_site)
    assert any("名单里刘洋只能签初审" in r for r in reasons(office_site))


@pytest.mark.slow
def test_one_person_signing_two_levels(office_site: Path, office):
    forge(office_site, "复审", "张敏", office.private("张敏"))
    forge(office_site, "终审", "张敏", office.private("张敏"))
    assert_withheld(office_site)
    assert any("张敏同时签了复审和终审" in r for r in reasons(office_site))


@pytest.mark.slow
def test_a_signature_dated_in_the_future(office_site: Path, office):
    forge(office_site, "终审", "王建国", office.private("王建国"), date=dt.date(2099, 12, 31))
    assert_withheld(office_site)
    assert any("签名日期在今天" in r for r in reasons(office_site))


@pytest.mark.slow
def test_a_signature_over_other_content(office_site: Path, office):
    forge(office_site, "终审", "王建国", office.private("王建国"), content="sha256:" + "0" * 64)
    assert_withheld(office_site)
    assert any("终审签名（王建国" in r and "已失效" in r for r in reasons(office_site))


@pytest.mark.slow
def test_the_author_edits_the_body_after_final_review(office_site: Path):
    case = office_site / "content/cases/case-a.md"
    case.write_text(case.read_text(encoding="utf-8").replace("已经修缮开放", "已经修缮开放，欢迎参观"), encoding="utf-8")
    assert_withheld(office_site)
    found = reasons(office_site)
    assert sum(r.startswith("reviews/cases/case-a.yml") and "已失效" in r for r in found) == 3
    assert "content/cases/case-a.md：待审，内容在签名后改过，签名已失效，需要重新初审、复审、终审" in found


@pytest.mark.slow
def test_a_statement_tampered_with_after_signing(office_site: Path):
    file = signature_file(office_site, *CASE)
    file.write_text(file.read_text(encoding="utf-8").replace("reviewer: \"陈静\"", "reviewer: \"王建国\"", 1),
                    encoding="utf-8")
    assert_withheld(office_site)
    assert any("复审签名（王建国" in r and "签名用的是陈静的密钥" in r for r in reasons(office_site))


def test_a_stranger_added_to_the_roster_without_the_administrators_signature(office_site: Path, office):
    roster = office_site / "reviewers/roster.yml"
    roster.write_text(roster.read_text(encoding="utf-8") + f"  - name: 外人\n    levels: [终审]\n"
                      f"    key: {office.public('stranger')}\n", encoding="utf-8")
    forge(office_site, "终审", "外人", office.private("stranger"))
    with pytest.raises(BuildFailed) as failed:
        publish(office_site)
    assert "reviewers/roster.yml: 不能正式发布：审核人名单 reviewers/roster.yml 在管理员签名之后被改动过" in str(failed.value)
    assert not (office_site / "output").exists()
    # Signed by the stranger instead: still not the administrator's.
    sign_roster(roster, office.private("stranger"))
    with pytest.raises(BuildFailed):
        publish(office_site)
    assert not (office_site / "output").exists()


def test_the_roster_is_trusted_only_with_the_administrators_key_from_the_environment(office_site: Path, monkeypatch):
    monkeypatch.delenv("REVIEW_ADMIN_KEY")
    with pytest.raises(BuildFailed) as failed:
        publish(office_site)
    assert "不能正式发布：这台电脑没有设置管理员公钥（环境变量 REVIEW_ADMIN_KEY）" in str(failed.value)
    # A staff computer without the key checks signatures against the roster as it stands, for the preview.
    assert not any("不算数" in r for r in reasons(office_site))
    assert reviews_of(office_site).verdicts[CASE].published


@pytest.mark.slow
def test_renaming_a_signed_file(office_site: Path):
    cases = office_site / "content/cases"
    (cases / "case-a.md").rename(cases / "case-a2.md")
    (cases / "case-b.md").write_text((cases / "case-b.md").read_text(encoding="utf-8").replace("case-a.md", "case-a2.md"),
                                     encoding="utf-8")
    output = publish(office_site)
    assert mentions(output, [TITLE, PHOTO_ALT]) == [] and published_photos(output) == 0
    assert any("reviews/cases/case-a.yml: （警告）这个签名文件没有对应的内容" in r for r in reasons(office_site))


@pytest.mark.slow
def test_copying_a_signature_file_to_another_item(office_site: Path):
    shutil.copy(signature_file(office_site, *CASE), signature_file(office_site, "cases", "case-b"))
    output = publish(office_site)
    assert "晓望村的茶乡振兴" not in "".join(texts_of(output).values())
    assert any(r.startswith("reviews/cases/case-b.yml:") and "是从别的条目复制来的" in r for r in reasons(office_site))


@pytest.mark.slow
def test_a_story_waits_for_the_village_it_names(office_site: Path):
    (signature_file(office_site, "villages", "baojiashan")).unlink()
    assert_withheld(office_site)
    assert "content/cases/case-a.md：待审，三级签名已齐，等它提到的前保驾山村审完后一起发布" in reasons(office_site)


def test_signing_without_ssh_keygen_says_what_to_do(office_site: Path, office, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ssh.SignoffError, match="找不到 ssh-keygen 程序"):
        ssh.sign(office.private("刘洋"), NAMESPACE, b"x")


def test_make_sign_refuses_what_would_not_count(office_site: Path, office):
    from catalog.review_commands import find_item
    from catalog.signoff.sign import SignFailed, sign_item

    checked = check(SETTINGS, site_settings(office_site))
    item = find_item(checked, "content/cases/case-b.md")
    with pytest.raises(SignFailed, match="还没有有效的初审"):
        sign_item(office_site, checked.reviews, item, "复审", office.private("陈静"), today())
    with pytest.raises(SignFailed, match="刘洋只能签初审"):
        sign_item(office_site, checked.reviews, item, "终审", office.private("刘洋"), today())
    with pytest.raises(SignFailed, match="不在审核人名单里"):
        sign_item(office_site, checked.reviews, item, "初审", office.private("stranger"), today())
    with pytest.raises(SignFailed, match="找不到“content/cases/nothing.md”"):
        find_item(checked, "content/cases/nothing.md")


@pytest.mark.slow
def test_make_sign_from_the_command_line(office_site: Path, office):
    """The command staff type, end to end: invoke sign with the key file, then the signature counts."""
    project = Path(__file__).resolve().parent.parent
    site = office_site
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(project / name, site / name)
    (site / "plugins").symlink_to(project / "plugins")
    (site / "theme").symlink_to(project / "theme")
    (site / "rules").symlink_to(project / "rules")
    done = subprocess.run([str(project / ".venv/bin/invoke"), "sign", "--file", "content/cases/case-b.md",
                           "--level", "初审", "--key", str(office.private("刘洋"))], cwd=site, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已签初审：案例“晓望村的茶乡振兴”（content/cases/case-b.md）。签名保存在 reviews/cases/case-b.yml")
    assert [s.level for s in reviews_of(site).verdicts[("cases", "case-b")].signed] == ["初审"]


@pytest.mark.slow
def test_a_public_build_names_no_unreviewed_item_anywhere(office_site: Path):
    """Nothing unsigned — a village, a route, a story, a page — nor a region only they lie in, is named anywhere."""
    output = publish(office_site)
    unreviewed = ["晓望村", "晓望村的茶乡振兴", "茶乡", "莱西组织振兴一日线", "关于本站", "崂山区", "王哥庄街道",
                  "villages/xiaowang", "cases/case-b", "routes/hongse", "regions/ls"]
    assert mentions(output, unreviewed) == []
    assert (output / "villages/baojiashan/index.html").exists() and (output / "regions/lx/index.html").exists()


def test_the_review_rules_cannot_be_waived(office_site: Path):
    case = office_site / "content/cases/case-b.md"
    case.write_text(case.read_text(encoding="utf-8").replace("---\ntitle", "---\nwaive:\n  - rule: review-signature\n"
                                                             "    text: x\n    reason: 急用\ntitle", 1), encoding="utf-8")
    with pytest.raises(BuildFailed, match="规则“review-signature”不能豁免"):
        check(SETTINGS, site_settings(office_site))


@pytest.mark.slow
def test_a_story_linking_to_an_unpublished_one_waits_for_it(tmp_path: Path, office):
    """case-b's body links to case-a ({filename}): published alone, the link would lead nowhere and its URL would
    spell the unreviewed title."""
    root = copy_site("minimal", tmp_path)
    write_roster(root, office)
    sign(root, office, ("content/cases/case-b.md", "data/villages/xiaowang.yml", "data/initiatives/lxjy.yml"))
    output = publish(root)
    assert not (output / "cases/case-b").exists() and mentions(output, ["晓望村的茶乡振兴", "cases/case-a"]) == []
    assert "content/cases/case-b.md：待审，三级签名已齐，等它提到的前保驾山村的红色传承审完后一起发布" in reasons(root)
    sign(root, office, CASE_A)
    assert (publish(root) / "cases/case-b/index.html").exists()


def test_the_ed25519_check_agrees_with_sshsig_on_real_tampered_and_foreign_signatures(office):
    """signoff/ed25519.py reads reviewers' signatures faster than sshsig: it must never judge one otherwise."""
    import sshsig
    from catalog.signoff import ed25519
    from catalog.signoff.roster import parse_key

    statement = Statement("cases", "case-a", "sha256:" + "1" * 64, "初审", "刘洋", today()).text()
    good = ssh.sign(office.private("刘洋"), NAMESPACE, statement)
    other_space = ssh.sign(office.private("刘洋"), "file", statement)
    stranger = ssh.sign(office.private("stranger"), NAMESPACE, statement)
    lines = good.splitlines()
    flipped = "\n".join([lines[0], lines[1][:-4] + ("AAAA" if lines[1][-4:] != "AAAA" else "BBBB"), *lines[2:]])
    key = parse_key(office.public("刘洋"))
    cases = [(statement, good), (statement + b"x", good), (statement, other_space), (statement, stranger),
             (statement, flipped), (statement, "-----BEGIN SSH SIGNATURE-----\n!!\n-----END SSH SIGNATURE-----"),
             (statement, "")]
    for message, armored in cases:
        try:
            sshsig.verify(message, armored, [key], namespace=NAMESPACE)
            expected = True
        except (sshsig.InvalidSignature, ValueError, NotImplementedError):
            expected = False
        assert ed25519.check(message, armored, ed25519.Key(key), NAMESPACE) is expected, armored[:60]
    assert [ed25519.check(m, a, ed25519.Key(key), NAMESPACE) for m, a in cases[:2]] == [True, False]


@pytest.mark.slow
@pytest.mark.parametrize("attack", ["none", "stranger", "tampered", "edited"])
def test_signatures_read_ahead_on_the_other_core_are_judged_the_same(office_site: Path, office, monkeypatch, attack):
    """A province's first build reads and checks signature files while records are read (signoff/ahead.py):
    the same attacks must fail there too. FROM lowered so this small site takes that path."""
    from catalog.signoff import ahead

    monkeypatch.setattr(ahead, "FROM", 1)
    taken = []
    result = ahead.Ahead.result
    monkeypatch.setattr(ahead.Ahead, "result", lambda self: taken.append(result(self)) or taken[-1])
    if attack == "stranger":
        forge(office_site, "终审", "王建国", office.private("stranger"))
    elif attack == "tampered":
        file = signature_file(office_site, *CASE)
        file.write_text(file.read_text(encoding="utf-8").replace("reviewer: \"陈静\"", "reviewer: \"王建国\"", 1),
                        encoding="utf-8")
    elif attack == "edited":
        case = office_site / "content/cases/case-a.md"
        case.write_text(case.read_text(encoding="utf-8").replace("已经修缮开放", "已经修缮开放，欢迎参观"),
                        encoding="utf-8")
    taken.clear()
    if attack == "none":
        assert (publish(office_site) / "cases/case-a/index.html").exists()
    else:
        assert_withheld(office_site)
    assert taken and all(read is not None and CASE in read.files for read in taken)
