"""Benchmark of the network page in headless Chromium: synthetic networks of 500, 2,000 and 5,000 nodes.

For each size (seeded synthetic graph, :func:`graph.synthetic.synthetic_page_graph`, every node drawn):

- Python: layout, data and HTML (:func:`graph.page.build_page`), its time and peak memory, and
  the same graph through raw pyvis (``Network.from_nx`` + ``generate_html``) for the ratio;
- file size of the page;
- Chromium (median of ``--repeat`` loads): time from navigation start until the network is drawn
  and interactive, the time of one full redraw (what a pan, zoom or hover costs), the time from a
  filter change to the redrawn network, and the JavaScript heap;
- raw pyvis in Chromium (default physics, CDN requests blocked) at the smallest size: time until
  its initial physics stabilisation is done and the page responds, for the ratio against ours.

The last line is one JSON object with the figures.

Usage::

    .venv/bin/python benchmarks/page.py [--sizes 500 2000 5000] [--repeat 3] [--no-pyvis]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from playwright.sync_api import sync_playwright  # noqa: E402
from pyvis.network import Network  # noqa: E402

from graph.page import build_page  # noqa: E402
from graph.page_view import importance_order  # noqa: E402
from graph.page_view import ViewSelection  # noqa: E402
from graph.synthetic import synthetic_page_graph  # noqa: E402
from tests.page_browser import launch, open_page, wait_ready  # noqa: E402

REDRAW_JS = """(count) => new Promise((resolve) => {
  const times = [];
  const one = () => {
    const start = performance.now();
    ccg.network.once("afterDrawing", () => {
      times.push(performance.now() - start);
      if (times.length < count) setTimeout(one, 0); else resolve(times);
    });
    ccg.network.redraw();
  };
  one();
})"""
FILTER_JS = """() => new Promise((resolve) => {
  const box = document.querySelector('input[data-filter="cluster"]');
  box.checked = false;
  const start = performance.now();
  ccg.network.once("afterDrawing", () => resolve(performance.now() - start));
  box.dispatchEvent(new Event("change"));
})"""
#: pyvis's page is usable once vis-network's initial stabilisation (1,000 iterations) is done.
PYVIS_STABLE_JS = "() => typeof network !== 'undefined' && network.physics && (network.physics.stabilized || network.physics.stabilizationIterations >= 1000)"


def everything(graph) -> ViewSelection:
    """All nodes of ``graph``, most important first (no cut)."""
    nodes = tuple(importance_order(graph, list(graph.nodes), {}))
    counts = {k: sum(1 for _, kind in graph.nodes(data="kind") if kind == k) for k in ("cluster", "technology", "actor")}
    return ViewSelection("actors", nodes, counts, counts, max_nodes=len(nodes))


def python_side(graph, folder: Path, size: int) -> dict:
    """Build our page and the raw pyvis page; times, peak memory and file sizes."""
    start = time.perf_counter()
    payload, html = build_page(graph, everything(graph))
    ours = time.perf_counter() - start
    tracemalloc.start()  # a second build for the peak memory: tracing slows Python down
    build_page(graph, everything(graph))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    path = folder / f"ccg-{size}.html"
    path.write_text(html, encoding="utf-8")
    start = time.perf_counter()
    raw = Network(cdn_resources="in_line")
    plain = graph.__class__()
    plain.add_nodes_from((n, {"label": d["label"]}) for n, d in graph.nodes(data=True))
    plain.add_edges_from((u, v, {"weight": d.get("weight", 1)}) for u, v, d in graph.edges(data=True))
    raw.from_nx(plain)
    raw_html = raw.generate_html()
    pyvis_seconds = time.perf_counter() - start
    raw_path = folder / f"pyvis-{size}.html"
    raw_path.write_text(raw_html, encoding="utf-8")
    return {
        "nodes": len(payload["nodes"]),
        "edges": len(payload["edges"]),
        "build_s": round(ours, 3),
        "build_peak_mb": round(peak / 1e6, 1),
        "pyvis_build_s": round(pyvis_seconds, 3),
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "pyvis_file_mb": round(raw_path.stat().st_size / 1e6, 2),
        "path": path,
        "raw_path": raw_path,
    }


def browser_side(browser, path: Path, repeat: int) -> dict:
    """Median load-to-interactive, redraw and filter times of our page."""
    ready, redraw, filtering, heap = [], [], [], []
    for _ in range(repeat):
        page, log = open_page(browser, path)
        ready.append(wait_ready(page))
        redraw.append(statistics.median(page.evaluate(REDRAW_JS, 7)))
        filtering.append(page.evaluate(FILTER_JS))
        heap.append(page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0"))
        if log.errors or log.foreign_requests:
            raise SystemExit(f"{path}: page errors {log.errors} or foreign requests {log.foreign_requests}")
        page.close()
    return {
        "ready_ms": round(statistics.median(ready)),
        "redraw_ms": round(statistics.median(redraw), 1),
        "filter_ms": round(statistics.median(filtering)),
        "heap_mb": round(statistics.median(heap) / 1e6, 1),
    }


def pyvis_settle_ms(browser, path: Path) -> float | None:
    """Time from navigation start until raw pyvis's initial stabilisation is done (None after 300 s)."""
    page, _log = open_page(browser, path, block_network=True)
    try:
        page.wait_for_function(PYVIS_STABLE_JS, timeout=300_000, polling=200)
        return round(float(page.evaluate("performance.now()")))
    except Exception:  # noqa: BLE001 - a timeout is a result here
        return None
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pyvis", action="store_true", help="skip raw pyvis in the browser (it needs up to a minute)")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        print(f"{'nodes':>6} {'edges':>7} {'build s':>8} {'pyvis s':>8} {'MB':>6} {'ready ms':>9} {'redraw ms':>10} {'filter ms':>10} {'heap MB':>8}")
        for size in args.sizes:
            graph = synthetic_page_graph(size, seed=0)
            figures = python_side(graph, Path(tmp), size)
            figures.update(browser_side(browser, figures["path"], args.repeat))
            if not args.no_pyvis and size == min(args.sizes):
                figures["pyvis_settle_ms"] = pyvis_settle_ms(browser, figures["raw_path"])
            figures.pop("path"), figures.pop("raw_path")
            figures["build_ratio_vs_pyvis"] = round(figures["build_s"] / figures["pyvis_build_s"], 2) if figures["pyvis_build_s"] else None
            if figures.get("pyvis_settle_ms"):
                figures["ready_ratio_vs_pyvis"] = round(figures["ready_ms"] / figures["pyvis_settle_ms"], 3)
            results[str(size)] = figures
            print(f"{figures['nodes']:>6} {figures['edges']:>7} {figures['build_s']:>8} {figures['pyvis_build_s']:>8} {figures['file_mb']:>6} "
                  f"{figures['ready_ms']:>9} {figures['redraw_ms']:>10} {figures['filter_ms']:>10} {figures['heap_mb']:>8}")
            if "pyvis_settle_ms" in figures:
                print(f"       raw pyvis (physics on) stable after {figures['pyvis_settle_ms']} ms; ours/pyvis {figures.get('ready_ratio_vs_pyvis')}")
        browser.close()
    print(json.dumps({"benchmark": "page", "repeat": args.repeat, "sizes": results}, sort_keys=True))


if __name__ == "__main__":
    main()
