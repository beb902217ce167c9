"""The analysis of the sample corpus (built once per session by the ``sample_build`` fixture)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from build_graph import cli
from ontology.sparql import run_query
from ontology.store import opened_dataset

pytestmark = pytest.mark.slow

ORDER = """SELECT ?a ?b WHERE {
  ?bridge a ccg:BridgeCandidate ; ccg:score ?score ; ccg:clusterA ?a ; ccg:clusterB ?b .
} ORDER BY DESC(?score) ?a ?b"""


@pytest.fixture(scope="module")
def listed(sample_store):
    result = CliRunner().invoke(cli, ["--store", str(sample_store), "bridges", "--format", "json", "--top", "1000"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_sample_has_explained_bridge_candidates(listed):
    assert len(listed) >= 5
    for candidate in listed[:5]:
        assert candidate["shared_technologies"], candidate["rank"]
        assert candidate["brokers"], candidate["rank"]
        assert candidate["quotes"], candidate["rank"]
        assert all(q["text"] and q["source"] for q in candidate["quotes"])


def test_sparql_over_the_analysis_graph_gives_the_same_order(listed, sample_store):
    with opened_dataset(sample_store, read_only=True) as dataset:
        rows = run_query(dataset, ORDER).rows
    assert [(a.value, b.value) for a, b in rows] == [(c["cluster_a"]["iri"], c["cluster_b"]["iri"]) for c in listed]


def test_sample_report_links_quotes_to_their_documents(sample_build, repository):
    html = (sample_build / "bridges.html").read_text(encoding="utf-8")
    assert "How to read the scores" in html and "<script" not in html
    linked = [part.split('"', 1)[0] for part in html.split('href="')[1:] if not part.startswith("#")]
    assert linked and all((sample_build / href).resolve().is_file() for href in linked)
