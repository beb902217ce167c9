"""The network page in real headless Chromium: offline, complete, filters, search, hostile text.

The store is ``tests.graph_world.TINY`` plus an actor, a cluster, a document title and a passage
written by an attacker; expected node sets are derived by hand from its passages. The last test
renders the sample corpus and takes the screenshot that the README and docs/managers.md show
(written to docs/img only under ``make screenshot``, so that a test run leaves the checkout clean).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from graph.analyse import analyse
from graph.page import render_page
from ontology.store import opened_dataset
from tests.graph_world import TINY, Actor, Document, Passage, write_world
from tests.page_browser import CHROMIUM, launch, open_page, wait_ready

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: install Debian's chromium package (make browser)"),
]

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_QUOTE = 'Airbus said "><script>alert(1)</script> about the evil one.'
EVIL_TITLE = "<b onmouseover=alert(2)>Leak</b>"
EVIL_CLUSTER = "<i>Cluster & Co</i>"
WORLD = dataclasses.replace(
    TINY,
    clusters={**TINY.clusters, "evil": EVIL_CLUSTER},
    actors=TINY.actors + (Actor("evil", EVIL_NAME, "Company", ("aviation",)),),
    documents=TINY.documents + (Document("d4", EVIL_TITLE, (Passage(EVIL_QUOTE, ("airbus", "evil"), ("hydrogen",)),)),),
)
IRIS = WORLD.iris
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "img" / "network-overview.png"
"""The README's picture of the sample overview: rewritten only by ``make screenshot``, so tests leave the checkout clean."""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    with opened_dataset(folder / "store") as dataset:
        write_world(dataset, WORLD)
        analyse(dataset, IRIS)
        return {
            "overview": render_page(dataset, IRIS, out_path=folder / "overview.html").path,
            "actors": render_page(dataset, IRIS, view="actors", out_path=folder / "actors.html").path,
            "ego": render_page(dataset, IRIS, view="ego", focus="dlr", out_path=folder / "ego.html").path,
        }


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def opened(browser, path: Path):
    page, log = open_page(browser, path)
    wait_ready(page)
    return page, log


def visible_labels(page) -> set[str]:
    return set(page.evaluate("ccg.nodes.get({filter: (n) => !n.hidden}).map((n) => n.label)"))


def hover(page, label: str, *, centre: bool = True) -> str:
    """Move the mouse onto the node labelled ``label`` (moved to the centre first); returns the tooltip's text."""
    x, y = page.evaluate(
        """([label, centre]) => {
          const id = ccg.data.nodes.find((n) => n.label === label).id;
          if (centre) ccg.network.focus(id, {scale: ccg.network.getScale(), animation: false});
          const at = ccg.network.canvasToDOM(ccg.network.getPositions([id])[id]);
          const box = document.getElementById("network").getBoundingClientRect();
          return [box.left + at.x, box.top + at.y];
        }""",
        [label, centre],
    )
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=3)
    page.wait_for_selector("#tooltip:not([hidden])")
    return page.inner_text("#tooltip")


@pytest.mark.parametrize("view", ["overview", "actors", "ego"])
def test_page_loads_offline_without_errors(browser, pages, view):
    page, log = opened(browser, pages[view])
    page.wait_for_timeout(200)
    assert [m for m in log.console if m[0] in ("error", "warning")] == []
    assert log.errors == [] and log.dialogs == []
    assert log.foreign_requests == []
    assert log.requests == [pages[view].resolve().as_uri()]
    page.close()


def test_drawn_nodes_are_the_graphs_actors(browser, pages):
    page, _ = opened(browser, pages["actors"])
    # 9 actors in the world, Old Co rejected: 8, the candidate Startup X included
    expected = {"Airbus", "Lufthansa Technik", "DLR", "HHLA", "UKE", "TUHH", "Startup X", EVIL_NAME}
    assert page.evaluate("ccg.nodes.length") == len(expected)
    assert visible_labels(page) == expected
    page.close()


def test_filters_hide_what_they_should(browser, pages):
    page, _ = opened(browser, pages["actors"])
    page.locator("label", has_text="Hamburg Aviation").locator("input").uncheck()
    # Airbus, Lufthansa Technik and the evil actor are only in aviation; DLR is in maritime too;
    # TUHH and Startup X have no cluster
    assert visible_labels(page) == {"DLR", "HHLA", "UKE", "TUHH", "Startup X"}
    page.locator("label", has_text="candidate").locator("input").uncheck()
    assert visible_labels(page) == {"DLR", "HHLA", "UKE", "TUHH"}
    assert "Showing 4 of 8 nodes" in page.inner_text("#shown")
    page.close()


def test_technology_filter_keeps_who_works_on_it(browser, pages):
    page, _ = opened(browser, pages["ego"])
    option = page.locator("#technology option", has_text="utonomous")
    page.select_option("#technology", value=option.get_attribute("value"))
    # around DLR only DLR and HHLA are named with autonomous shipping (d2); clusters stay
    actors = set(page.evaluate("ccg.data.nodes.filter((n) => n.kind === 'actor' && !ccg.nodes.get(n.id).hidden).map((n) => n.label)"))
    assert actors == {"DLR", "HHLA"}
    kinds = page.evaluate("ccg.data.nodes.filter((n) => !ccg.nodes.get(n.id).hidden).map((n) => n.kind)")
    assert kinds.count("technology") == 1 and kinds.count("cluster") == 2
    page.close()


def test_search_zooms_to_the_node(browser, pages):
    page, _ = opened(browser, pages["actors"])
    page.fill("#search", "lufthansa")
    assert page.inner_text("#search-results").startswith("Lufthansa Technik")
    page.press("#search", "Enter")
    target = page.evaluate("ccg.data.nodes.find((n) => n.label === 'Lufthansa Technik').id")
    assert page.evaluate("ccg.network.getSelectedNodes()") == [target]
    assert "Lufthansa Technik" in page.inner_text("#details-body")
    # the view moves to the node in a 400 ms animation
    page.wait_for_function(
        """(id) => {
          const centre = ccg.network.getViewPosition(), node = ccg.network.getPositions([id])[id];
          return Math.abs(centre.x - node.x) < 1 && Math.abs(centre.y - node.y) < 1;
        }""",
        arg=target,
        timeout=10_000,
    )
    page.close()


def test_a_line_shows_its_evidence(browser, pages):
    page, _ = opened(browser, pages["actors"])
    x, y = page.evaluate(
        """() => {
          const id = (label) => ccg.data.nodes.find((n) => n.label === label).id;
          const [a, b] = [id("Airbus"), id("DLR")];
          const at = ccg.network.getPositions([a, b]);
          const mid = ccg.network.canvasToDOM({x: (at[a].x + at[b].x) / 2, y: (at[a].y + at[b].y) / 2});
          const box = document.getElementById("network").getBoundingClientRect();
          return [box.left + mid.x, box.top + mid.y];
        }"""
    )
    page.mouse.click(x, y)
    # "Airbus and DLR work on hydrogen." and the statement airbus partnerOf dlr
    details = page.inner_text("#details-body")
    assert "Airbus – DLR" in details or "DLR – Airbus" in details
    assert "named together in 1 passage(s); 1 partnership statement(s)" in details
    page.close()


def test_hostile_text_is_shown_as_text_and_never_runs(browser, pages):
    page, log = opened(browser, pages["actors"])
    tooltip = hover(page, EVIL_NAME)
    assert tooltip.splitlines()[0] == EVIL_NAME
    assert EVIL_QUOTE in tooltip and EVIL_TITLE in tooltip
    page.fill("#search", "onerror")
    assert page.inner_text("#search-results").startswith(EVIL_NAME)
    overview, overview_log = opened(browser, pages["overview"])  # lists every cluster in its filter
    assert overview.locator("label", has_text="Cluster & Co").inner_text().startswith(EVIL_CLUSTER)
    for shown, shown_log in ((page, log), (overview, overview_log)):
        shown.wait_for_timeout(200)
        assert shown_log.dialogs == [] and shown_log.errors == []
        assert shown.evaluate("document.querySelectorAll('img, iframe, [onerror], [onmouseover], i').length") == 0
        assert shown.evaluate("document.scripts.length") == 3
        shown.close()


def test_bridge_highlight_toggles(browser, pages):
    page, _ = opened(browser, pages["overview"])
    glowing = "ccg.nodes.get({filter: (n) => n.shadow && n.shadow.enabled}).length"
    bridge_edges = "ccg.edges.get({filter: (e) => e.bridge !== undefined && !e.hidden}).length"
    assert page.evaluate(glowing) > 0 and page.evaluate(bridge_edges) > 0
    page.uncheck("#bridges-toggle")
    assert page.evaluate(glowing) == 0 and page.evaluate(bridge_edges) == 0
    page.close()


def test_sample_overview_screenshot(browser, sample_store, iris, tmp_path):
    with opened_dataset(sample_store, read_only=True) as dataset:
        summary = render_page(dataset, iris, out_path=tmp_path / "network.html")
    page, log = open_page(browser, summary.path, width=1500, height=950)
    wait_ready(page)
    assert page.evaluate("ccg.nodes.length") == summary.nodes > 0
    assert log.errors == [] and log.foreign_requests == []
    # show the evidence of the strongest bridging organisation, as a manager would hover over it
    strongest = page.evaluate("ccg.data.nodes.filter((n) => n.kind === 'actor').sort((a, b) => b.size - a.size)[0].label")
    assert hover(page, strongest, centre=False).startswith(strongest)
    target = SCREENSHOT if os.environ.get("CCG_UPDATE_SCREENSHOT") == "1" else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000, f"{target} is too small to show the page"
    page.close()
