"""``ccg query``: formats, the library list, parameters, row limits, time limits and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.dom.minidom

import pytest
from click.testing import CliRunner
from rdflib import Graph

from build_graph import cli
from ontology.query_library import load_library
from tests.research_store import A, build_research_store

CLUSTERS = "SELECT ?cluster ?label WHERE { ?cluster a ccg:Cluster ; rdfs:label ?label } ORDER BY ?label"
LABELS = ["Hamburg Aviation", "Logistik-Initiative", "Maritimes Cluster"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_research_store(tmp_path_factory.mktemp("query") / "store")


def ccg(store, *args: str):
    return CliRunner().invoke(cli, ["--store", str(store), "query", *args])


def test_table_for_people_shows_iris_relative_to_the_base(store):
    result = ccg(store, CLUSTERS)
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["cluster", "label"]
    assert lines[2].split(maxsplit=1) == ["<cluster/aviation>", "Hamburg Aviation"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_sparql_result_formats(store, fmt):
    result = ccg(store, CLUSTERS, "--format", fmt)
    assert result.exit_code == 0, result.stdout
    if fmt == "json":
        labels = [b["label"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]]
    elif fmt == "xml":
        labels = [n.firstChild.data for n in xml.dom.minidom.parseString(result.stdout).getElementsByTagName("literal")]
    else:
        reader = csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t")
        labels = [row[1].strip('"') for row in list(reader)[1:]]
    assert labels == LABELS


@pytest.mark.parametrize("fmt, rdf_format", [("turtle", "turtle"), ("ntriples", "nt"), ("table", "turtle")])
def test_construct_as_rdf(store, fmt, rdf_format):
    result = ccg(store, "CONSTRUCT WHERE { ?a ccg:partnerOf ?b }", "--format", fmt)
    assert result.exit_code == 0, result.stdout
    assert [(str(s), str(o)) for s, _, o in Graph().parse(data=result.stdout, format=rdf_format)] == [(str(A["airbus"]), str(A["tuhh"]))]


def test_a_format_that_does_not_fit_the_form_is_one_line(store):
    result = ccg(store, CLUSTERS, "--format", "turtle")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: query: SELECT results cannot be written as turtle; use table, csv, tsv, json or xml"


def test_list_shows_every_query_with_question_and_parameters(store):
    result = ccg(store, "--list")
    assert result.exit_code == 0
    for query in load_library().values():
        assert query.name in result.stdout and query.question in result.stdout
        for param in query.params:
            assert f"--param {param.name}=" in result.stdout


def test_a_library_query_with_a_parameter(store):
    result = ccg(store, "partners-of-an-actor", "--param", "actor=actor/airbus", "--format", "csv")
    assert result.exit_code == 0, result.stdout
    assert [r["partnerLabel"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["TUHH"]


def test_a_query_from_a_file_with_a_parameter(store, tmp_path):
    path = tmp_path / "members.rq"
    path.write_text("# question: Who is in a cluster?\n# param: ?cluster iri — the cluster\nSELECT ?cluster ?m WHERE { ?m org:memberOf ?cluster } ORDER BY ?m\n")
    result = ccg(store, "-f", str(path), "--param", "cluster=cluster/logistics", "--format", "tsv")
    assert result.exit_code == 0, result.stdout
    assert [line.split("\t")[1] for line in result.stdout.splitlines()[1:]] == [f"<{A['hhla']}>", f"<{A['junk']}>"]


@pytest.mark.parametrize("args, message", [
    (["partners-of-an-actor", "--param", "who=x"], "partners-of-an-actor: no parameter ?who; its parameters: ?actor"),
    (["partners-of-an-actor", "--param", "actor"], "write NAME=VALUE"),
    (["documents-on-a-technology", "--param", "from=last year"], "is not a date YYYY-MM-DD"),
    (["no-such-question"], "no-such-question: no research query of this name"),
    (["DELETE WHERE { ?s ?p ?o }"], "SPARQL updates are not allowed"),
    ([], "give a QUERY"),
])
def test_user_errors_are_one_line(store, args, message):
    result = ccg(store, *args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_malformed_query_file_is_named_in_the_message(store, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x WHERE { ?x ?y }\n")
    result = ccg(store, "-f", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: malformed SPARQL query: error at ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_limit_cuts_the_rows_and_says_so_on_stderr(store):
    result = ccg(store, CLUSTERS, "--format", "csv", "--limit", "2")
    assert [row.split(",")[1] for row in result.stdout.splitlines()[1:]] == LABELS[:2]
    assert "the first 2 rows of more" in result.stderr


def test_a_query_past_the_timeout_is_stopped_in_one_line(store):
    expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z FILTER(CONTAINS(CONCAT(STR(?x), STR(?y), STR(?z)), 'none')) }"
    started = time.monotonic()
    result = ccg(store, expensive, "--timeout", "1")
    assert time.monotonic() - started < 1 + 2  # one second of query, start-up of the worker
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: query: the query was stopped after 1 s (the time limit); add a LIMIT, narrow it down, or raise --timeout"


def test_a_timeout_that_is_not_reached_gives_the_same_answer(store):
    assert ccg(store, CLUSTERS, "--timeout", "30").output == ccg(store, CLUSTERS).output
