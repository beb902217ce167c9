"""The guides render without broken links: every relative link, image and anchor points to something."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.docs_markdown import REPOSITORY, anchors, guides, relative_links

GUIDES = guides()


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_relative_links_and_images_exist(guide):
    broken = []
    for line, target in relative_links(guide):
        file_part, _, anchor = target.partition("#")
        linked = (guide.parent / unquote(file_part)).resolve() if file_part else guide
        if not linked.exists():
            broken.append(f"{guide.name}:{line}: {target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{guide.name}:{line}: {target} (no such anchor in {linked.name})")
    assert not broken, "\n".join(broken)


def test_the_link_reader_finds_links_images_and_anchors(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "there.md").write_text("# Somewhere else\n", encoding="utf-8")
    page.write_text(
        "# Title\n[a](there.md#somewhere-else) ![b](img/shot.png) [c](https://example.org) `[d](no.md)`\n"
        '<img src="pic.png"> [e](#title)\n```sh\n[f](inside-code.md)\n```\n',
        encoding="utf-8",
    )
    assert relative_links(page) == [(2, "there.md#somewhere-else"), (2, "img/shot.png"), (3, "#title"), (3, "pic.png")]
    assert {"title"} <= anchors(page) and "somewhere-else" in anchors(tmp_path / "there.md")


def test_the_readme_links_every_guide():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for guide in GUIDES[1:]:
        assert f"docs/{guide.name}" in readme, f"README.md does not link docs/{guide.name}"
