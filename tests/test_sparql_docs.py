"""``docs/queries.md`` is generated from the research queries and the sample store, and kept up to date."""

from __future__ import annotations

from ontology.iris import IriScheme
from ontology.query_docs import render_query_docs
from ontology.query_library import load_library
from ontology.query_runner import open_read_only


def test_docs_queries_md_is_up_to_date(sample_store, repository):
    expected = render_query_docs(open_read_only(sample_store), IriScheme().base)
    written = (repository / "docs" / "queries.md").read_text(encoding="utf-8")
    assert written == expected, "docs/queries.md is out of date: run 'ccg build data/sample' then 'ccg query --docs docs/queries.md'"


def test_docs_show_every_research_query(repository):
    written = (repository / "docs" / "queries.md").read_text(encoding="utf-8")
    for query in load_library().values():
        assert f"## {query.name}\n" in written and query.question in written
