"""SHACL validation: the built foundation conforms; broken data is caught and named."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import ORG, RDF, RDFS

from ontology.foundation import load_foundation
from ontology.namespace import CCG
from ontology.store import open_dataset
from ontology.validate import union_graph, validate_dataset, validate_graph


def test_the_built_foundation_has_no_violations(iris):
    dataset = open_dataset()
    load_foundation(dataset, iris)
    assert [str(v) for v in validate_dataset(dataset)] == []


def test_an_actor_without_its_type_is_caught(iris):
    dataset = open_dataset()
    load_foundation(dataset, iris)
    data = union_graph(dataset)
    actor = iris.actor("someone-new")
    data.add((actor, RDF.type, CCG.Actor))
    data.add((actor, RDFS.label, Literal("Someone New GmbH")))
    data.add((actor, CCG.status, CCG.candidate))
    violations = validate_graph(data)
    assert violations, "the actor without a type class was not caught"
    assert all("someone-new" in v.focus for v in violations)
    assert any("needs a type" in v.message for v in violations)


def test_a_member_that_is_not_typed_at_all_is_caught(iris):
    data = Graph()
    data.add((iris.cluster("aviation"), RDF.type, CCG.Cluster))
    data.add((iris.cluster("aviation"), RDFS.label, Literal("Hamburg Aviation")))
    data.add((iris.actor("untyped"), ORG.memberOf, iris.cluster("aviation")))
    messages = [v.message for v in validate_graph(data)]
    assert messages == ["whatever is a member of a cluster must be typed as a ccg:Actor"]
