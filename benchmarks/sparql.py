"""SPARQL benchmark: the research queries through ``ccg query``'s code path against raw pyoxigraph.

Builds a synthetic store of about a million triples in ccg's data model (registry, taxonomy,
document graphs with passages, mentions, quotes and reified relations, an analysis graph),
seeded and bulk-loaded. Then, for every research query with its example parameters, the median
time of

- ``ccg query``'s library call, :func:`ontology.query_library.answer_query` (open the store
  read-only, resolve and bind, run, write CSV), and the same with ``--timeout`` (a worker process);
- raw pyoxigraph doing the same work: ``Store.read_only`` + ``query`` + ``serialize(CSV)``;

and the ratio (goal: at most 1.2). Apart from that, the HTTP overhead of ``ccg serve``: median
latency of ``GET /queries/NAME?format=csv`` with httpx against the library call. Last line: one JSON
object with the figures.

Usage: python benchmarks/sparql.py [--documents 1800] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ontology.foundation import TAXONOMY_FILE
from ontology.iris import IriScheme
from ontology.namespace import CCG, OA
from ontology.prefixes import PREFIXES
from ontology.query_library import answer_query, bind_params, load_library

IRIS = IriScheme()
CLUSTER_IDS = ["aviation", "maritime", "logistics", "life-science", "energy", "creative", "health", "media", "it", "food"]
TYPES = [CCG.Company, CCG.University, CCG.ResearchInstitute, CCG.PublicAgency, CCG.Association]
RELATIONS = [CCG.partnerOf, CCG.worksOn, CCG.fundedBy, ORG.memberOf]
WORDS = "Wasserstoff Hafen Luftfahrt Forschung Projekt gemeinsam Kooperation Entwicklung Netzwerk Innovation Logistik digital".split()


def n(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def lit(value: object, datatype: object | None = None) -> ox.Literal:
    return ox.Literal(str(value), datatype=n(datatype) if datatype else None)


def technologies() -> list[ox.NamedNode]:
    concepts = {q.subject for q in ox.parse(path=str(TAXONOMY_FILE), format=ox.RdfFormat.TURTLE)
                if q.predicate == n(RDF.type) and q.object == n(CCG.Technology)}
    return sorted(concepts, key=str)


def synthetic_quads(documents: int, actors: int, candidates: int, clusters: int, seed: int) -> Iterator[ox.Quad]:
    """The quads of a synthetic store in ccg's data model."""
    rng = random.Random(seed)
    registry, analysis = n(IRIS.registry_graph), n(IRIS.analysis_graph)
    cluster_ids = (CLUSTER_IDS + [f"cluster-{i}" for i in range(clusters)])[:clusters]
    cluster_nodes = [n(IRIS.cluster(c)) for c in cluster_ids]
    techs = technologies()
    actor_nodes = [n(IRIS.actor(f"actor-{i}")) for i in range(actors)]
    candidate_nodes = [n(IRIS.actor(f"candidate-{i}")) for i in range(candidates)]
    members: dict[ox.NamedNode, list[ox.NamedNode]] = {}
    for i, node in enumerate(cluster_nodes):
        yield ox.Quad(node, n(RDF.type), n(CCG.Cluster), registry)
        yield ox.Quad(node, n(RDFS.label), lit(f"Cluster {cluster_ids[i]}"), registry)
        yield ox.Quad(node, n(CCG.status), n(CCG.curated), registry)
        yield ox.Quad(node, n(CCG.managedBy), actor_nodes[i], registry)
        for tech in rng.sample(techs, 3):
            yield ox.Quad(node, n(CCG.focusesOn), tech, registry)
    for i, node in enumerate(actor_nodes):
        members[node] = rng.sample(cluster_nodes, rng.choice((1, 1, 1, 2, 2, 3)))
        yield ox.Quad(node, n(RDF.type), n(CCG.Actor), registry)
        yield ox.Quad(node, n(RDF.type), n(rng.choice(TYPES)), registry)
        yield ox.Quad(node, n(RDFS.label), lit(f"Organisation {i} GmbH"), registry)
        yield ox.Quad(node, n(CCG.status), n(CCG.curated), registry)
        for cluster in members[node]:
            yield ox.Quad(node, n(ORG.memberOf), cluster, registry)
    for d in range(documents):
        key = f"{d:06x}"
        graph, document = n(IRIS.document_graph(key)), n(IRIS.document(key))
        for p, o in ((RDF.type, n(CCG.Document)), (DCTERMS.title, lit(f"Dokument {d}")), (DCTERMS.source, lit(f"corpus/{key}.txt")),
                     (DCTERMS.language, lit("de")), (CCG.sha256, lit(f"{d:064x}")), (CCG.byteSize, lit(4000 + d, XSD.integer))):
            yield ox.Quad(document, n(p), o, graph)
        if d % 3:
            yield ox.Quad(document, n(DCTERMS.created), lit(f"{2019 + d % 7}-{1 + d % 12:02d}-{1 + d % 28:02d}", XSD.date), graph)
        mentioned: set[ox.NamedNode] = set()
        for s in range(8):
            start, end = s * 200, s * 200 + 180
            passage = n(IRIS.passage(key, start, end))
            for p, o in ((RDF.type, n(CCG.Passage)), (DCTERMS.isPartOf, document), (CCG.text, lit(" ".join(rng.choices(WORDS, k=14)))),
                         (CCG.start, lit(start, XSD.integer)), (CCG.end, lit(end, XSD.integer))):
                yield ox.Quad(passage, n(p), o, graph)
            referents = rng.sample(actor_nodes, 2) + ([rng.choice(candidate_nodes)] if rng.random() < 0.3 else []) + [rng.choice(techs)]
            spans = []
            for m, referent in enumerate(referents):
                m_start, m_end = start + 40 * m, start + 40 * m + 20
                mention, quote, position = (n(IRIS.mention(key, m_start, m_end)), n(IRIS.quote_selector(key, m_start, m_end)),
                                            n(IRIS.position_selector(key, m_start, m_end)))
                spans.append(mention)
                mentioned.add(referent)
                for p, o in ((RDF.type, n(CCG.Mention)), (CCG.inDocument, document), (CCG.inPassage, passage), (CCG.refersTo, referent),
                             (CCG.extractedBy, lit("registry")), (CCG.confidence, lit("0.9", XSD.decimal)), (OA.hasSelector, quote),
                             (OA.hasSelector, position)):
                    yield ox.Quad(mention, n(p), o, graph)
                yield ox.Quad(quote, n(RDF.type), n(OA.TextQuoteSelector), graph)
                yield ox.Quad(quote, n(OA.exact), lit(f"Name {m_start}"), graph)
                yield ox.Quad(position, n(RDF.type), n(OA.TextPositionSelector), graph)
                yield ox.Quad(position, n(OA.start), lit(m_start, XSD.nonNegativeInteger), graph)
                yield ox.Quad(position, n(OA.end), lit(m_end, XSD.nonNegativeInteger), graph)
            predicate = rng.choice(RELATIONS)
            subject = referents[0]
            obj = referents[-1] if predicate == CCG.worksOn else rng.choice(cluster_nodes) if predicate == ORG.memberOf else referents[1]
            statement = n(IRIS.relation(key, s + 1))
            yield ox.Quad(subject, n(predicate), obj, graph)
            for p, o in ((RDF.type, n(RDF.Statement)), (RDF.subject, subject), (RDF.predicate, n(predicate)), (RDF.object, obj),
                         (CCG.inPassage, passage), (PROV.wasDerivedFrom, spans[0]), (PROV.wasDerivedFrom, spans[-1])):
                yield ox.Quad(statement, n(p), o, graph)
        for referent in sorted(mentioned, key=str):
            yield ox.Quad(document, n(CCG.mentions), referent, graph)
            if referent.value.rsplit("/", 1)[-1].startswith("candidate-"):
                for p, o in ((RDF.type, n(CCG.Actor)), (RDF.type, n(CCG.Company)), (RDFS.label, lit(f"Neue Firma {referent.value[-4:]}")),
                             (CCG.status, n(CCG.candidate)), (CCG.confidence, lit("0.7", XSD.decimal))):
                    yield ox.Quad(referent, n(p), o, graph)
    for node in actor_nodes:
        for p in (CCG.betweenness, CCG.crossClusterBetweenness, CCG.constraint, CCG.effectiveSize, CCG.participationCoefficient, CCG.bridgingScore):
            yield ox.Quad(node, n(p), lit(round(rng.random(), 6), XSD.double), analysis)
        yield ox.Quad(node, n(CCG.brokerageRole), lit(rng.choice(["liaison", "coordinator", "itinerant"])), analysis)
    pairs = [(a, b) for i, a in enumerate(cluster_ids) for b in cluster_ids[i + 1:]]
    for rank, (a, b) in enumerate(pairs, start=1):
        bridge = n(IRIS.bridge(a, b))
        for p, o in ((RDF.type, n(CCG.BridgeCandidate)), (CCG.rank, lit(rank, XSD.integer)), (CCG.score, lit(round(1 / rank, 6), XSD.double)),
                     (CCG.clusterA, n(IRIS.cluster(a))), (CCG.clusterB, n(IRIS.cluster(b))), (CCG.topicalCloseness, lit(0.5, XSD.double)),
                     (CCG.structuralTie, lit(0.1, XSD.double))):
            yield ox.Quad(bridge, n(p), o, analysis)
        for tech in rng.sample(techs, 3):
            yield ox.Quad(bridge, n(CCG.sharedTechnology), tech, analysis)
        for broker in rng.sample(actor_nodes, 3):
            yield ox.Quad(bridge, n(CCG.broker), broker, analysis)
        for d in rng.sample(range(documents), 3):
            yield ox.Quad(bridge, n(PROV.wasDerivedFrom), n(IRIS.passage(f"{d:06x}", 0, 180)), analysis)


def build_store(folder: Path, args: argparse.Namespace) -> tuple[int, float]:
    started = time.perf_counter()
    store = ox.Store(str(folder))
    taxonomy = ox.parse(path=str(TAXONOMY_FILE), format=ox.RdfFormat.TURTLE)
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, n(IRIS.taxonomy_graph)) for q in taxonomy)
    store.bulk_extend(synthetic_quads(args.documents, args.actors, args.candidates, args.clusters, args.seed))
    store.flush()
    size = len(store)
    del store
    return size, time.perf_counter() - started


def interleaved_medians(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The median time of every action, running them in turn ``repeat`` times (so that load on the
    machine weighs on all of them alike)."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in times.items()}


def raw_run(folder: Path, text: str, bindings: dict) -> bytes:
    store = ox.Store.read_only(str(folder))
    result = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions={ox.Variable(k): v for k, v in bindings.items()})
    return result.serialize(format=ox.QueryResultsFormat.CSV)


def start_server(folder: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve().parent.parent / "build_graph.py"), "--store", str(folder), "serve",
         "--port", str(port), "--timeout", "600", "--max-rows", "10000000", "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/queries", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("ccg serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1800)
    parser.add_argument("--actors", type=int, default=8000)
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--clusters", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=7979)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="Build the store here and keep it.")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ccg-bench-sparql-"))
    folder = args.keep or workdir / "store"
    if folder.exists():
        shutil.rmtree(folder)
    triples, seconds = build_store(folder, args)
    print(f"synthetic store: {triples:,} triples in {seconds:.1f} s ({triples / seconds:,.0f} triples/s)")
    library = load_library()
    rows, total = [], {"library": 0.0, "raw": 0.0, "worker": 0.0, "http": 0.0, "call": 0.0}
    server = start_server(folder, args.port)
    try:
        print(f"{'query':40} {'raw s':>8} {'ccg s':>8} {'ratio':>6} {'timeout s':>9} {'ratio':>6} {'http ms':>8} {'call ms':>8} {'+ms':>7}")
        for name, query in library.items():
            params = list(query.example)
            bindings = bind_params(params, query.params, base_iri=IRIS.base, prefixes=PREFIXES, source=name)
            # The same bytes both ways (this also warms the caches).
            assert answer_query(folder, name, params=params, fmt="csv").body == raw_run(folder, query.text, bindings)
            url = f"http://127.0.0.1:{args.port}/queries/{name}"
            with httpx.Client(timeout=600) as http:
                medians = interleaved_medians({
                    "raw": lambda: raw_run(folder, query.text, bindings),
                    "ccg": lambda: answer_query(folder, name, params=params, fmt="csv"),
                    "worker": lambda: answer_query(folder, name, params=params, fmt="csv", timeout=600),
                    "http": lambda: http.get(url, params=dict(params) | {"format": "csv"}).raise_for_status(),
                }, args.repeat)
            raw, ours, worker, latency = medians["raw"], medians["ccg"], medians["worker"], medians["http"]
            row = {"query": name, "raw_s": raw, "ccg_s": ours, "ratio": ours / raw, "timeout_s": worker, "timeout_ratio": worker / raw,
                   "http_ms": latency * 1000, "overhead_ms": (latency - ours) * 1000}
            rows.append(row)
            for key, value in (("raw", raw), ("library", ours), ("worker", worker), ("http", latency), ("call", ours)):
                total[key] += value
            print(f"{name:40} {raw:8.3f} {ours:8.3f} {row['ratio']:6.2f} {worker:9.3f} {row['timeout_ratio']:6.2f} {latency * 1000:8.1f} {ours * 1000:8.1f} {row['overhead_ms']:7.1f}")
    finally:
        server.terminate()
        server.wait(10)
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    overall = total["library"] / total["raw"]
    overheads = [r["overhead_ms"] for r in rows]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"overall (sum of medians): ccg query {total['library']:.2f} s, raw pyoxigraph {total['raw']:.2f} s, ratio {overall:.3f} (goal <= 1.2)")
    print(f"with --timeout (worker process): {total['worker']:.2f} s, ratio {total['worker'] / total['raw']:.3f}")
    print(f"HTTP overhead of ccg serve (httpx GET /queries/NAME?format=csv vs the library call): median {statistics.median(overheads):.1f} ms, "
          f"total {total['http']:.2f} s vs {total['call']:.2f} s (x{total['http'] / total['call']:.2f})")
    print(f"peak memory of the benchmark process: {peak:.0f} MB")
    print(json.dumps({
        "benchmark": "sparql", "triples": triples, "build_seconds": round(seconds, 2), "repeat": args.repeat,
        "overall_ratio": round(overall, 3), "goal_ratio": 1.2, "timeout_path_ratio": round(total["worker"] / total["raw"], 3),
        "http_overhead_ms_median": round(statistics.median(overheads), 1), "http_total_ratio": round(total["http"] / total["call"], 3),
        "peak_memory_mb": round(peak), "queries": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()} for r in rows],
    }))


if __name__ == "__main__":
    main()
