"""Store benchmark: loading and exporting through ccg's store layer against raw pyoxigraph and rdflib.

Prints load throughput (triples/s) into on-disk stores of ``ontology.store.replace_graph`` (a new
graph: one transactional load; an existing graph: staging load + atomic move), raw ``pyoxigraph.Store.load`` of the same N-Triples, and rdflib ``Dataset.add`` one triple at a time
over the Oxigraph store (on a tenth of the data); then the sorted export. Last line: one JSON object.

Usage: python benchmarks/store.py [--triples 1400000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ontology.iris import IriScheme
from ontology.store import export_dataset, open_dataset, replace_graph


def synthetic_ntriples(count: int, seed: int = 0) -> str:
    """``count`` N-Triples lines shaped like ccg's document graphs (mentions with offsets and text)."""
    rng = random.Random(seed)
    iris = IriScheme()
    lines = []
    for i in range(count):
        subject = iris.mention(f"{i // 40:08x}", i, i + 12)
        kind = i % 4
        if kind == 0:
            lines.append(f"<{subject}> <https://w3id.org/cross-cluster-graph/ontology#refersTo> <{iris.actor(f'actor-{rng.randrange(20000)}')}> .")
        elif kind == 1:
            lines.append(f'<{subject}> <http://www.w3.org/ns/oa#start> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> .')
        elif kind == 2:
            lines.append(f'<{subject}> <http://www.w3.org/ns/oa#exact> "Organisation {rng.randrange(10**6)} GmbH" .')
        else:
            lines.append(f"<{subject}> <https://w3id.org/cross-cluster-graph/ontology#inDocument> <{iris.document(f'{i // 40:08x}')}> .")
    return "\n".join(lines) + "\n"


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_400_000)
    args = parser.parse_args()
    data = synthetic_ntriples(args.triples)
    graph = URIRef("https://w3id.org/cross-cluster-graph/id/graph/benchmark")

    workdir = Path(tempfile.mkdtemp(prefix="ccg-bench-store-"))
    ours = open_dataset(workdir / "ccg")
    ccg_seconds = timed(lambda: replace_graph(ours, graph, data))
    replace_seconds = timed(lambda: replace_graph(ours, graph, data))

    raw = ox.Store(str(workdir / "raw"))
    raw_seconds = timed(lambda: raw.load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(graph))))

    subset = args.triples // 10
    parsed = [line.split(" ", 2) for line in data.splitlines()[:subset]]
    one_by_one = open_dataset()
    named = one_by_one.graph(graph)

    def add_each() -> None:
        for s, p, o in parsed:
            obj = URIRef(o[1:-3]) if o.startswith("<") else Literal(o.split('"')[1])
            named.add((URIRef(s[1:-1]), URIRef(p[1:-1]), obj))

    add_seconds = timed(add_each)
    export_seconds = timed(lambda: export_dataset(ours, "nquads"))
    figures = {
        "triples": args.triples,
        "ccg_replace_graph_triples_per_s": round(args.triples / ccg_seconds),
        "raw_pyoxigraph_load_triples_per_s": round(args.triples / raw_seconds),
        "ratio_ccg_to_raw": round(raw_seconds / ccg_seconds, 3),
        "ccg_replace_existing_graph_triples_per_s": round(args.triples / replace_seconds),
        "rdflib_add_one_by_one_triples_per_s": round(subset / add_seconds),
        "speedup_over_rdflib_add": round((args.triples / ccg_seconds) / (subset / add_seconds), 1),
        "sorted_nquads_export_s": round(export_seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    shutil.rmtree(workdir, ignore_errors=True)
    for name, value in figures.items():
        print(f"{name:40s} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
