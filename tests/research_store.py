"""A tiny store in ccg's data model whose query answers are known by hand (shared by the SPARQL tests).

Clusters: aviation (focuses on nothing), maritime (focuses on robotics), logistics.
Registry actors: airbus (aviation), tuhh (aviation, maritime), hhla (logistics, maritime),
hamburg-aviation (aviation, manages it), junk (aviation, logistics, *rejected*).
Document d1 (created 2024-03-01):
  p1 "Airbus und die TUHH arbeiten mit der H2 Start GmbH an Wasserstoff."  airbus, tuhh, h2-start, hydrogen;
     airbus partnerOf tuhh and airbus worksOn hydrogen, both stated in p1
  p2 "Die HHLA setzt Robotik ein."  hhla, robotics
Document d2 (no date):
  p3 "HHLA und Airbus nutzen Wasserstoff."  hhla, airbus, hydrogen
Candidate actor h2-start ("H2 Start GmbH", 0.7). Analysis: bridge aviation--logistics (rank 1,
shared hydrogen, broker tuhh, from p1 and p3); bridging scores tuhh 0.9, airbus 0.2.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from ontology.iris import IriScheme
from ontology.namespace import CCG, OA, TECH
from ontology.store import opened_dataset, replace_graph_with

IRIS = IriScheme()
A = {name: IRIS.actor(name) for name in ("airbus", "tuhh", "hhla", "hamburg-aviation", "junk", "h2-start")}
C = {name: IRIS.cluster(name) for name in ("aviation", "maritime", "logistics")}
P1 = ("d1", 0, 68, "Airbus und die TUHH arbeiten mit der H2 Start GmbH an Wasserstoff.")
P2 = ("d1", 69, 96, "Die HHLA setzt Robotik ein.")
P3 = ("d2", 0, 35, "HHLA und Airbus nutzen Wasserstoff.")


def registry_graph() -> Graph:
    g = Graph()
    for name, label in (("aviation", "Hamburg Aviation"), ("maritime", "Maritimes Cluster"), ("logistics", "Logistik-Initiative")):
        g.add((C[name], RDF.type, CCG.Cluster))
        g.add((C[name], RDFS.label, Literal(label)))
        g.add((C[name], CCG.status, CCG.curated))
    g.add((C["aviation"], CCG.managedBy, A["hamburg-aviation"]))
    g.add((C["maritime"], CCG.focusesOn, TECH.robotics))
    actors = {
        "airbus": ("Airbus", CCG.Company, ["aviation"]),
        "tuhh": ("TUHH", CCG.University, ["aviation", "maritime"]),
        "hhla": ("HHLA", CCG.Company, ["logistics", "maritime"]),
        "hamburg-aviation": ("Hamburg Aviation e.V.", CCG.ClusterOrganisation, ["aviation"]),
        "junk": ("Junk GmbH", CCG.Company, ["aviation", "logistics"]),
    }
    for name, (label, kind, clusters) in actors.items():
        g.add((A[name], RDF.type, CCG.Actor))
        g.add((A[name], RDF.type, kind))
        g.add((A[name], RDFS.label, Literal(label)))
        g.add((A[name], CCG.status, CCG.rejected if name == "junk" else CCG.curated))
        for cluster in clusters:
            g.add((A[name], ORG.memberOf, C[cluster]))
    return g


def taxonomy_graph() -> Graph:
    g = Graph()
    for tech, en, de, field in ((TECH.hydrogen, "Hydrogen", "Wasserstoff", TECH["energy-technologies"]), (TECH.robotics, "Robotics", "Robotik", TECH["mobility-and-autonomous-systems"])):
        g.add((tech, RDF.type, SKOS.Concept))
        g.add((tech, RDF.type, CCG.Technology))
        g.add((tech, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((tech, SKOS.prefLabel, Literal(de, lang="de")))
        g.add((tech, SKOS.broader, field))
    g.add((TECH["energy-technologies"], SKOS.prefLabel, Literal("Energy technologies", lang="en")))
    g.add((TECH["mobility-and-autonomous-systems"], SKOS.prefLabel, Literal("Mobility and autonomous systems", lang="en")))
    return g


def passage(g: Graph, spec: tuple[str, int, int, str], mentions: dict[str, URIRef]) -> dict[str, URIRef]:
    """Add a passage and its mentions (surface text -> referent); return the mention IRIs by surface."""
    key, start, end, text = spec
    document = IRIS.document(key)
    node = IRIS.passage(key, start, end)
    g.add((node, RDF.type, CCG.Passage))
    g.add((node, DCTERMS.isPartOf, document))
    g.add((node, CCG.text, Literal(text)))
    g.add((node, CCG.start, Literal(start)))
    g.add((node, CCG.end, Literal(end)))
    found = {}
    for surface, referent in mentions.items():
        m_start = start + text.index(surface)
        m_end = m_start + len(surface)
        mention = IRIS.mention(key, m_start, m_end)
        quote = IRIS.quote_selector(key, m_start, m_end)
        g.add((mention, RDF.type, CCG.Mention))
        g.add((mention, CCG.inDocument, document))
        g.add((mention, CCG.inPassage, node))
        g.add((mention, CCG.refersTo, referent))
        g.add((mention, CCG.extractedBy, Literal("registry")))
        g.add((mention, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(surface)))
        g.add((document, CCG.mentions, referent))
        found[surface] = mention
    return found


def document(g: Graph, key: str, title: str, created: str | None) -> None:
    node = IRIS.document(key)
    g.add((node, RDF.type, CCG.Document))
    g.add((node, DCTERMS.title, Literal(title)))
    g.add((node, DCTERMS.source, Literal(f"docs/{key}.txt")))
    if created:
        g.add((node, DCTERMS.created, Literal(created, datatype=XSD.date)))


def statement(g: Graph, key: str, number: int, s: URIRef, p: URIRef, o: URIRef, spec: tuple, evidence: list[URIRef]) -> None:
    g.add((s, p, o))
    node = IRIS.relation(key, number)
    g.add((node, RDF.type, RDF.Statement))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    g.add((node, CCG.inPassage, IRIS.passage(*spec[:3])))
    for mention in evidence:
        g.add((node, PROV.wasDerivedFrom, mention))


def document_graphs() -> dict[str, Graph]:
    d1 = Graph()
    document(d1, "d1", "Wasserstoff im Hafen", "2024-03-01")
    m1 = passage(d1, P1, {"Airbus": A["airbus"], "TUHH": A["tuhh"], "H2 Start GmbH": A["h2-start"], "Wasserstoff": TECH.hydrogen})
    passage(d1, P2, {"HHLA": A["hhla"], "Robotik": TECH.robotics})
    statement(d1, "d1", 1, A["airbus"], CCG.partnerOf, A["tuhh"], P1, [m1["Airbus"], m1["TUHH"]])
    statement(d1, "d1", 2, A["airbus"], CCG.worksOn, TECH.hydrogen, P1, [m1["Airbus"], m1["Wasserstoff"]])
    for triple in ((A["h2-start"], RDF.type, CCG.Actor), (A["h2-start"], RDF.type, CCG.Company),
                   (A["h2-start"], RDFS.label, Literal("H2 Start GmbH")), (A["h2-start"], CCG.status, CCG.candidate),
                   (A["h2-start"], CCG.confidence, Literal("0.7", datatype=XSD.decimal))):
        d1.add(triple)
    d2 = Graph()
    document(d2, "d2", "Hafen und Luftfahrt", None)
    passage(d2, P3, {"HHLA": A["hhla"], "Airbus": A["airbus"], "Wasserstoff": TECH.hydrogen})
    return {"d1": d1, "d2": d2}


def analysis_graph() -> Graph:
    g = Graph()
    bridge = IRIS.bridge("aviation", "logistics")
    for p, o in ((RDF.type, CCG.BridgeCandidate), (CCG.rank, Literal(1)), (CCG.score, Literal(0.8)),
                 (CCG.topicalCloseness, Literal(0.9)), (CCG.structuralTie, Literal(0.1)),
                 (CCG.clusterA, C["aviation"]), (CCG.clusterB, C["logistics"]), (CCG.sharedTechnology, TECH.hydrogen),
                 (CCG.broker, A["tuhh"]), (PROV.wasDerivedFrom, IRIS.passage(*P1[:3])), (PROV.wasDerivedFrom, IRIS.passage(*P3[:3]))):
        g.add((bridge, p, o))
    for name, score, betweenness in (("tuhh", 0.9, 0.5), ("airbus", 0.2, 0.1)):
        g.add((A[name], CCG.bridgingScore, Literal(score)))
        g.add((A[name], CCG.betweenness, Literal(betweenness)))
        g.add((A[name], CCG.brokerageRole, Literal("liaison" if name == "tuhh" else "coordinator")))
    return g


def build_research_store(folder: Path) -> Path:
    """Write the tiny store into ``folder`` and return it."""
    with opened_dataset(folder) as dataset:
        replace_graph_with(dataset, IRIS.registry_graph, registry_graph())
        replace_graph_with(dataset, IRIS.taxonomy_graph, taxonomy_graph())
        for key, graph in document_graphs().items():
            replace_graph_with(dataset, IRIS.document_graph(key), graph)
        replace_graph_with(dataset, IRIS.analysis_graph, analysis_graph())
    return folder
