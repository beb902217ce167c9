"""Document graphs: the data model of docs/architecture.md, valid against ontology/shapes.ttl, deterministic."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from ingest.candidates import refresh_candidates
from ingest.document_graph import document_graph, document_ntriples
from ingest.model import ActorMention, Extraction, ReadDocument, RelationMention, Sentence, TechnologyMention
from ingest.run import ingest_paths
from ingest.readers import document_key
from ontology.iris import IriScheme
from ontology.namespace import CCG, OA, TECH
from ontology.sparql import run_query
from ontology.store import replace_graph
from ontology.validate import validate_dataset, validate_graph
from tests.ingest_world import foundation_store, resources, write_corpus  # noqa: F401

TEXT = "Die Muster Kabinenbau GmbH forscht an Wasserstoff. Sie arbeitet mit der TUHH zusammen."


def hand_made(iris: IriScheme) -> tuple[ReadDocument, Extraction]:
    """A document and an extraction written by hand (offsets counted in TEXT)."""
    document = ReadDocument(Path("a.txt"), "news/a.txt", "k1", TEXT, "Meldung", "ab" * 32, 86, "text/plain", "de")
    candidate, tuhh, hydrogen = iris.actor("muster-kabinenbau-gmbh"), iris.actor("tuhh"), str(TECH["hydrogen"])
    extraction = Extraction(
        "de",
        (Sentence(0, 50, TEXT[0:50]), Sentence(51, 86, TEXT[51:86])),
        (
            ActorMention("Muster Kabinenbau GmbH", 4, 26, candidate, "Muster Kabinenbau GmbH", "Company", "pattern", "candidate", 0.7),
            ActorMention("TUHH", 72, 76, tuhh, "Technische Universität Hamburg", "University", "registry", "curated", 1.0),
        ),
        (TechnologyMention("Wasserstoff", 38, 49, hydrogen, "hydrogen"),),
        (
            RelationMention(candidate, "worksOn", hydrogen, 0, 50, ((4, 26), (38, 49))),
            RelationMention(candidate, "partnerOf", tuhh, 51, 86, ((72, 76),)),
            RelationMention(candidate, "partnerOf", tuhh, 51, 86, ((4, 26),)),  # the same relation again, other evidence
        ),
    )
    return document, extraction


def test_the_offsets_of_the_hand_made_extraction_are_right() -> None:
    assert (TEXT[4:26], TEXT[38:49], TEXT[72:76], TEXT[50], TEXT[85]) == ("Muster Kabinenbau GmbH", "Wasserstoff", "TUHH", " ", ".")


def test_a_document_graph_follows_the_data_model(iris: IriScheme) -> None:
    document, extraction = hand_made(iris)
    graph = document_graph(document, extraction, iris, fingerprint="f" * 64)
    doc = iris.document("k1")
    mention = iris.mention("k1", 4, 26)
    passage = iris.passage("k1", 0, 50)
    candidate, tuhh = iris.actor("muster-kabinenbau-gmbh"), iris.actor("tuhh")
    assert set(graph.objects(doc, CCG.mentions)) == {candidate, tuhh, TECH["hydrogen"]}
    assert graph.value(doc, CCG.extractionFingerprint) == Literal("f" * 64)
    assert (passage, CCG.text, Literal(TEXT[0:50])) in graph
    assert graph.value(mention, CCG.inPassage) == passage
    assert graph.value(mention, CCG.extractedBy) == Literal("pattern")
    assert graph.value(iris.quote_selector("k1", 4, 26), OA.exact) == Literal("Muster Kabinenbau GmbH")
    assert graph.value(iris.position_selector("k1", 4, 26), OA.end).toPython() == 26
    assert graph.value(iris.mention("k1", 38, 49), CCG.extractedBy) == Literal("taxonomy")
    assert set(graph.objects(candidate, RDF.type)) == {CCG.Actor, CCG.Company}
    assert graph.value(candidate, CCG.status) == CCG.candidate
    assert (candidate, CCG.confidence, None) not in graph  # one value over all documents: ingest.candidates
    assert (tuhh, RDFS.label, None) not in graph  # registry actors are described by the registry graph
    assert (candidate, CCG.partnerOf, tuhh) in graph
    statements = sorted(graph.subjects(RDF.type, RDF.Statement))
    assert statements == [iris.relation("k1", 1), iris.relation("k1", 2)]
    partner = iris.relation("k1", 2)
    assert graph.value(partner, RDF.predicate) == CCG.partnerOf
    assert graph.value(partner, CCG.inPassage) == iris.passage("k1", 51, 86)
    assert set(graph.objects(partner, PROV.wasDerivedFrom)) == {mention, iris.mention("k1", 72, 76)}
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


def test_a_document_graph_is_valid_and_its_bytes_do_not_depend_on_input_order(iris: IriScheme) -> None:
    document, extraction = hand_made(iris)
    shuffled = Extraction(
        "de", extraction.sentences[::-1], extraction.actors[::-1], extraction.technologies, extraction.relations[::-1]
    )
    data = document_ntriples(document, extraction, iris)
    assert data == document_ntriples(document, shuffled, iris)
    with foundation_store(None, iris) as dataset:
        replace_graph(dataset, iris.document_graph("k1"), data)
        refresh_candidates(dataset, iris)
        assert validate_dataset(dataset) == []
        confidence = run_query(dataset, "SELECT ?c ?a WHERE { ?a ccg:confidence ?c }", bindings={"a": ox.NamedNode(str(iris.actor("muster-kabinenbau-gmbh")))})
    assert [float(row[0].value) for row in confidence.rows] == [0.7]


def test_a_relation_without_its_asserted_triple_is_a_violation(iris: IriScheme) -> None:
    document, extraction = hand_made(iris)
    graph = document_graph(document, extraction, iris)
    graph.remove((iris.actor("muster-kabinenbau-gmbh"), CCG.partnerOf, iris.actor("tuhh")))
    graph.add((iris.actor("tuhh"), RDF.type, CCG.Actor))
    messages = {v.message for v in validate_graph(graph) if v.focus.endswith("relation/k1/2>")}
    assert any("not asserted" in message for message in messages)


def test_an_ingested_corpus_validates_with_no_violation(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    write_corpus(tmp_path / "corpus")
    with foundation_store(None, iris) as dataset:
        report = ingest_paths(dataset, [tmp_path / "corpus"], iris, resources, progress=False, cwd=tmp_path)
        violations = validate_dataset(dataset)
        text = (tmp_path / "corpus/news/wasserstoff.txt").read_text(encoding="utf-8")
        graph = ox.NamedNode(str(iris.document_graph(document_key("corpus/news/wasserstoff.txt"))))
        rows = run_query(
            dataset,
            "SELECT ?exact ?start ?end ?ptext ?pstart ?g WHERE { GRAPH ?g { ?m oa:hasSelector ?q, ?p ; ccg:inPassage ?passage . "
            "?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end . ?passage ccg:text ?ptext ; ccg:start ?pstart } }",
            bindings={"g": graph},
        ).rows
        members = run_query(
            dataset,
            "SELECT ?actor ?line ?cluster WHERE { ?s a rdf:Statement ; rdf:subject ?actor ; rdf:predicate org:memberOf ; rdf:object ?cluster ; "
            "ccg:inPassage/ccg:text ?line . ?actor org:memberOf ?cluster }",
            bindings={"cluster": ox.NamedNode(str(iris.cluster("aviation")))},
        ).rows
    assert not report.failed and violations == []
    assert rows, "the news text has mentions"
    for exact, start, end, passage_text, passage_start, _graph in rows:
        start, end, offset = int(start.value), int(end.value), int(passage_start.value)
        assert text[start:end] == exact.value
        assert passage_text.value[start - offset : end - offset] == exact.value
    assert {line.value for _, line, _ in members} == {"aviation,Airbus Operations GmbH,Company", "Hamburg Aviation,Muster Kabinenbau GmbH,Company"}
    assert URIRef(str(iris.actor("airbus-operations"))) in {URIRef(actor.value) for actor, _, _ in members}


def test_a_document_in_another_language_is_kept_with_its_code_and_reported(tmp_path: Path, iris: IriScheme, resources) -> None:  # noqa: F811
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "fr.txt").write_text("Le cluster maritime travaille avec la Hamburg Port Authority sur les carburants et la propulsion.\n", encoding="utf-8")
    (folder / "names.txt").write_text("Airbus Operations GmbH; Hamburg Port Authority; TUHH\n", encoding="utf-8")
    with foundation_store(None, iris) as dataset:
        report = ingest_paths(dataset, [folder], iris, resources, progress=False, cwd=tmp_path)
        languages = run_query(dataset, "SELECT ?source ?language WHERE { ?d a ccg:Document ; dct:source ?source ; dct:language ?language } ORDER BY ?source").rows
    assert [(s.value, lang.value) for s, lang in languages] == [("corpus/fr.txt", "fr"), ("corpus/names.txt", "und")]
    assert report.notices == [
        "corpus/fr.txt: language 'fr', which has no pipeline of its own; extracted with the 'en' pipeline",
        "corpus/names.txt: language undetermined; extracted with the 'de' pipeline",
    ]
