"""Small stores in ccg's data model for the graph tests: registry, taxonomy and document graphs.

A :class:`World` lists clusters, actors and documents (passages with the actors and technologies
they mention and the relations they state); :func:`write_world` writes it into a real Oxigraph
store through ``ontology.store.replace_graph_with``, shaped as ingest writes it
(docs/architecture.md, "Data model").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS

from ontology.foundation import TAXONOMY_FILE
from ontology.iris import IriScheme
from ontology.namespace import CCG, OA, TECH
from ontology.store import replace_graph_from_file, replace_graph_with


@dataclass(frozen=True)
class Actor:
    id: str
    label: str
    type: str = "Company"
    clusters: tuple[str, ...] = ()
    status: str = "curated"  # curated actors go to the registry, others into the first document naming them


@dataclass(frozen=True)
class Passage:
    text: str
    actors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()  # (subject actor id, predicate, object id or slug)


@dataclass(frozen=True)
class Document:
    key: str
    title: str
    passages: tuple[Passage, ...]
    source: str = ""


@dataclass(frozen=True)
class World:
    clusters: dict[str, str]
    actors: tuple[Actor, ...]
    documents: tuple[Document, ...] = ()
    focus: tuple[tuple[str, str], ...] = ()  # (cluster id, technology slug)
    base: str = "https://example.org/hh/"

    @property
    def iris(self) -> IriScheme:
        return IriScheme(self.base)


def _object(world: World, predicate: str, value: str) -> URIRef:
    if predicate == "worksOn":
        return TECH[value]
    if predicate == "memberOf":
        return world.iris.cluster(value)
    return world.iris.actor(value)


def registry_triples(world: World) -> Graph:
    """Clusters and curated actors, as ``ontology.registry.registry_graph`` writes them."""
    iris, graph = world.iris, Graph()
    for cid, label in world.clusters.items():
        node = iris.cluster(cid)
        graph.add((node, RDF.type, CCG.Cluster))
        graph.add((node, RDFS.label, Literal(label)))
        graph.add((node, CCG.registryId, Literal(cid)))
        graph.add((node, CCG.status, CCG.curated))
    for cid, slug in world.focus:
        graph.add((iris.cluster(cid), CCG.focusesOn, TECH[slug]))
    for actor in world.actors:
        if actor.status == "curated":
            _describe_actor(graph, world, actor)
    return graph


def _describe_actor(graph: Graph, world: World, actor: Actor) -> None:
    node = world.iris.actor(actor.id)
    graph.add((node, RDF.type, CCG.Actor))
    graph.add((node, RDF.type, CCG[actor.type]))
    graph.add((node, RDFS.label, Literal(actor.label)))
    graph.add((node, CCG.status, CCG[actor.status]))
    if actor.status == "curated":
        graph.add((node, CCG.registryId, Literal(actor.id)))
    else:
        graph.add((node, CCG.confidence, Literal(Decimal("0.7"))))
    for cid in actor.clusters:
        graph.add((node, ORG.memberOf, world.iris.cluster(cid)))


def document_triples(world: World, document: Document, described: set[str]) -> Graph:
    """One document graph: document, passages, mentions with selectors, relations with statements."""
    iris, graph, key = world.iris, Graph(), document.key
    by_id = {a.id: a for a in world.actors}
    doc = iris.document(key)
    graph.add((doc, RDF.type, CCG.Document))
    graph.add((doc, DCTERMS.title, Literal(document.title)))
    graph.add((doc, DCTERMS.source, Literal(document.source or f"data/test/{key}.txt")))
    graph.add((doc, DCTERMS.language, Literal("en")))
    graph.add((doc, DCTERMS.format, Literal("text/plain")))
    text = "\n".join(p.text for p in document.passages)
    graph.add((doc, CCG.sha256, Literal(hashlib.sha256(text.encode()).hexdigest())))
    graph.add((doc, CCG.byteSize, Literal(len(text.encode()))))
    start, relation_number = 0, 0
    for passage in document.passages:
        end = start + len(passage.text)
        node = iris.passage(key, start, end)
        graph.add((node, RDF.type, CCG.Passage))
        graph.add((node, DCTERMS.isPartOf, doc))
        graph.add((node, CCG.text, Literal(passage.text)))
        graph.add((node, CCG.start, Literal(start)))
        graph.add((node, CCG.end, Literal(end)))
        mentions = {}
        targets = [iris.actor(a) for a in passage.actors] + [TECH[t] for t in passage.technologies]
        for offset, target in enumerate(targets):
            mention = iris.mention(key, start + offset, start + offset + 1)
            mentions[target] = mention
            graph.add((mention, RDF.type, CCG.Mention))
            graph.add((mention, CCG.inDocument, doc))
            graph.add((mention, CCG.inPassage, node))
            graph.add((mention, CCG.refersTo, target))
            graph.add((mention, CCG.extractedBy, Literal("registry")))
            graph.add((mention, CCG.confidence, Literal(Decimal("1.0"))))
            quote, position = iris.quote_selector(key, start + offset, start + offset + 1), iris.position_selector(key, start + offset, start + offset + 1)
            graph.add((mention, OA.hasSelector, quote))
            graph.add((quote, RDF.type, OA.TextQuoteSelector))
            graph.add((quote, OA.exact, Literal(passage.text[offset])))
            graph.add((mention, OA.hasSelector, position))
            graph.add((position, RDF.type, OA.TextPositionSelector))
            graph.add((position, OA.start, Literal(start + offset)))
            graph.add((position, OA.end, Literal(start + offset + 1)))
            graph.add((doc, CCG.mentions, target))
        for actor_id in passage.actors:
            actor = by_id[actor_id]
            if actor.status != "curated" and actor_id not in described:
                described.add(actor_id)
                _describe_actor(graph, world, actor)
        for subject, predicate, obj in passage.relations:
            s, o = iris.actor(subject), _object(world, predicate, obj)
            graph.add((s, CCG[predicate] if predicate != "memberOf" else ORG.memberOf, o))
            relation_number += 1
            statement = iris.relation(key, relation_number)
            graph.add((statement, RDF.type, RDF.Statement))
            graph.add((statement, RDF.subject, s))
            graph.add((statement, RDF.predicate, CCG[predicate] if predicate != "memberOf" else ORG.memberOf))
            graph.add((statement, RDF.object, o))
            graph.add((statement, CCG.inPassage, node))
            for evidence in (s, o):
                if evidence in mentions:
                    graph.add((statement, PROV.wasDerivedFrom, mentions[evidence]))
        start = end + 1
    return graph


def write_world(dataset: Dataset, world: World) -> None:
    """Write ``world`` into ``dataset``: taxonomy (the real file), registry and one graph per document."""
    iris = world.iris
    replace_graph_from_file(dataset, iris.taxonomy_graph, TAXONOMY_FILE)
    replace_graph_with(dataset, iris.registry_graph, registry_triples(world))
    described: set[str] = set()
    for document in world.documents:
        replace_graph_with(dataset, iris.document_graph(document.key), document_triples(world, document, described))


#: Three clusters, one multi-cluster actor (dlr), one actor without cluster (tuhh), a candidate and
#: a rejected actor. Counts the tests expect are derived by hand in the tests from these passages.
TINY = World(
    clusters={"aviation": "Hamburg Aviation", "maritime": "Maritime Cluster", "health": "Life Science Nord"},
    actors=(
        Actor("airbus", "Airbus", "Company", ("aviation",)),
        Actor("lht", "Lufthansa Technik", "Company", ("aviation",)),
        Actor("dlr", "DLR", "ResearchInstitute", ("aviation", "maritime")),
        Actor("hhla", "HHLA", "Company", ("maritime",)),
        Actor("uke", "UKE", "ResearchInstitute", ("health",)),
        Actor("tuhh", "TUHH", "University", ()),
        Actor("startup-x", "Startup X", "Company", (), "candidate"),
        Actor("old-co", "Old Co", "Company", (), "rejected"),
    ),
    documents=(
        Document("d1", "Aviation and hydrogen", (
            Passage("Airbus and DLR work on hydrogen.", ("airbus", "dlr"), ("hydrogen",),
                    (("airbus", "partnerOf", "dlr"), ("airbus", "worksOn", "hydrogen"))),
            Passage("Lufthansa Technik tests fuel cells with Airbus.", ("lht", "airbus"), ("fuel-cells",)),
        )),
        Document("d2", "Port <automation> & shipping", (
            Passage("HHLA and DLR research autonomous shipping and hydrogen.", ("hhla", "dlr"), ("autonomous-shipping", "hydrogen")),
            Passage("Startup X builds robotics with HHLA; Old Co too.", ("startup-x", "hhla", "old-co"), ("robotics",)),
        )),
        Document("d3", "Health and AI", (
            Passage("UKE and TUHH apply artificial intelligence to medical imaging.", ("uke", "tuhh"), ("artificial-intelligence", "medical-imaging")),
            Passage("TUHH and DLR develop artificial intelligence for hydrogen.", ("tuhh", "dlr"), ("artificial-intelligence", "hydrogen"),
                    (("tuhh", "partnerOf", "dlr"),)),
        )),
    ),
    focus=(("health", "medical-imaging"),),
)
