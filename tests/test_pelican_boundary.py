"""Where the build leans on Pelican's internals, each held to what Pelican itself does.

The build renders pages itself (incremental/render.py re-implements ``Writer.write_file`` to get bytes
rather than files), empties Pelican's memo of link-resolved story bodies (generators.py,
``Content.__dict__[…].cache``), and hands its story parser to the reader Pelican calls
(``Readers.readers``). pyproject.toml pins Pelican exactly; before moving the pin, run this file: a
Pelican that changed any of the three fails here by name, not in some page of some build.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from catalog.session import Session
from conftest import PROJECT, SETTINGS, copy_site, site_settings
from pelican.contents import Content
from pelican.readers import Readers
from pelican.writers import Writer


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    root = copy_site("minimal", tmp_path_factory.mktemp("boundary"))
    session = Session(SETTINGS, site_settings(root), on_disk=False)
    session.build()
    return session


def test_pelican_is_pinned_to_the_version_these_tests_were_written_for():
    import pelican

    pins = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert f"pelican=={pelican.__version__}" in pins


def test_every_page_is_byte_for_byte_what_pelicans_own_writer_writes(session: Session, tmp_path: Path):
    generator = session._generator
    settings, output = generator.settings, Path(generator.settings["OUTPUT_PATH"])
    writer = Writer(str(tmp_path), settings=settings)
    kinds = set()
    for spec in generator.pages:
        name = spec.location.save_as
        relative, extra = bool(settings["RELATIVE_URLS"]), {}
        if name == "404.html":  # served at any depth: written from the site root, as Renderer does
            relative, extra = False, {"SITEURL": "", "localsiteurl": ""}
        generator.context["localsiteurl"] = settings["SITEURL"]
        writer.write_file(name, generator.get_template(spec.template.removesuffix(".html")), generator.context,
                          relative_urls=relative, override_output=True, **{"view": spec, **extra, **spec.values})
        assert (tmp_path / name).read_bytes() == (output / name).read_bytes(), name
        kinds.add(spec.template)
    assert len(kinds) >= 8  # every kind of page the minimal site has, not one template


def test_pelicans_memo_of_rendered_bodies_is_the_one_the_build_empties(session: Session):
    from catalog.generators import _forget_rendered_bodies

    memos = [Content.__dict__[name].cache for name in ("get_content", "get_summary")]
    story = next(a for a in session._generator.context["generated_content"].values() if isinstance(a, Content))
    assert story.content  # what a record's body reads (records/model.Story.body)
    assert memos[0], "Pelican no longer memoizes get_content where the build empties it"
    _forget_rendered_bodies()
    assert not memos[0] and not memos[1]


def test_the_story_reader_is_the_reader_pelican_calls_for_each_story_suffix(session: Session):
    from catalog.settings import STORY_SUFFIXES
    from catalog.stories import StoryReader

    readers = Readers(session._generator.settings).readers
    assert {suffix.lstrip("."): type(readers.get(suffix.lstrip("."))) for suffix in STORY_SUFFIXES} == {
        suffix.lstrip("."): StoryReader for suffix in STORY_SUFFIXES}
    assert all(callable(getattr(readers[s.lstrip(".")], "parse", None)) for s in STORY_SUFFIXES)
