"""Helpers to build small real sites with the real Pelican and our plugin."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from catalog.build import Built, build, check
from catalog.records.problems import BuildFailed
from catalog.site import Site

# A test using one of these drives Chromium: it is marked ``browser`` without having to say so.
BROWSER_FIXTURES = {"desktop", "phone", "phone_big_text", "big_phone", "visitor"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
SETTINGS = PROJECT / "pelicanconf.py"
SITES = TESTS / "sites"


def site_settings(root: Path, brochure: bool = False) -> dict:
    """A test site's settings; the site's PDF brochure is typeset only when a test asks (it takes seconds).

    A site may carry its own wording table (rules/wording.yml), used instead of the project's."""
    own = root / "rules" / "wording.yml"
    return {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"), "SITE_BROCHURE": brochure,
            **({"WORDING_RULES": str(own)} if own.is_file() else {})}


# What an office fills in before publishing (publishing.py refuses a public build without it).
IDENTITY = {"host": "青岛市委组织部", "contact": "0532-00000000", "icp": "鲁ICP备12345678号", "site_code": "3702000001"}


def public_settings(root: Path, brochure: bool = False, url: str = "https://zhenxing.example.gov.cn") -> dict:
    """A test site's public build: only what reviewers signed, with the address and identification it needs."""
    return {**site_settings(root, brochure), "PUBLIC_BUILD": True, "SITE_PUBLIC_URL": url, "CATALOG_FOOTER": IDENTITY}


def build_site(root: Path) -> Built:
    return build(SETTINGS, site_settings(root))


def build_without_search(root: Path) -> Built:
    """The build with no search index, for tests of what is the same without it: Pagefind takes most of the time."""
    return build(SETTINGS, {**site_settings(root), "SITE_SEARCH": False})


def check_site(root: Path) -> Site:
    return check(SETTINGS, site_settings(root)).site


def failure(action: Callable[[Path], object], root: Path) -> str:
    """The report staff would see for a build that must fail."""
    with pytest.raises(BuildFailed) as raised:
        action(root)
    return str(raised.value)


def copy_site(name: str, into: Path, *overlays: Path) -> Path:
    """A copy of tests/sites/<name>, with the files of each overlay laid over it."""
    root = into / "site"
    shutil.copytree(SITES / name, root)
    for overlay in overlays:
        for file in overlay.rglob("*"):  # a link to a folder is not descended into
            if (file.is_file() or file.is_symlink()) and file.name != "expected.txt":
                target = root / file.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                shutil.copy(file, target, follow_symlinks=False)  # a link stays a link (fixtures of links out)
    return root


# What an office's content repository holds of the project besides its content (make new, the hooks).
PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "rules", "scaffold")


def project_checkout(root: Path) -> Path:
    """A copy of the project at ``root`` with the minimal site's records and stories as its content."""
    root.mkdir()
    for name in PROJECT_FILES:
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    for folder in ("content", "data"):
        shutil.copytree(SITES / "minimal" / folder, root / folder)
    return root


def half_built(root: Path) -> list[str]:
    """Folders a build left beside output/, apart from the standby: a hard-linked copy of output/ kept for the
    next build (catalog/incremental/output.py)."""
    return sorted(p.name for p in root.glob(".output-*") if p.name != ".output-standby")


def edit(path: Path, old: str, new: str) -> list[Path]:
    """``old`` replaced by ``new`` once in a site's file (it must be there); the paths watchfiles would report."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [path]


def write(root: Path, name: str, text: str) -> None:
    """A file of a site written, its folders made."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def page(output: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site URL such as ``villages/xiaowang/``."""
    path = output / url / "index.html" if url.endswith("/") or not url else output / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return copy_site("minimal", tmp_path)


@pytest.fixture(scope="module")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal site built once for the tests that only read its output."""
    root = copy_site("minimal", tmp_path_factory.mktemp("minimal"))
    build_site(root)
    return root / "output"


# Browsers (real headless Chromium, tests/browser.py), one per test module: a module's tests share its history.
@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory):
    from browser import chromium

    driver = chromium(tmp_path_factory.mktemp("profile"))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory):
    from browser import chromium

    driver = chromium(tmp_path_factory.mktemp("profile"), width=320, height=640)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal site built and served on localhost for a module's browser tests."""
    from browser import serve

    root = copy_site("minimal", tmp_path_factory.mktemp("browser"))
    build_site(root)
    with serve(root / "output") as url:
        yield url


@pytest.fixture(scope="session")
def office_keys(tmp_path_factory: pytest.TempPathFactory):
    """Reviewers' and the administrator's keys, made once by ssh-keygen (tests/reviewers.py)."""
    from reviewers import make_keys

    return make_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def office(office_keys, monkeypatch: pytest.MonkeyPatch):
    """The keys, with this machine told the administrator's public key, as a publishing machine is."""
    monkeypatch.setenv("REVIEW_ADMIN_KEY", office_keys.public("admin"))
    return office_keys
