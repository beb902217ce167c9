"""Write the research notebooks (``notebooks/*.ipynb``) from the cells below, without outputs.

The notebooks are generated so that they stay small, reviewable and free of outputs in git:
edit the cells here and run ``python notebooks/make_notebooks.py``; ``--check`` exits with 1 when a
notebook on disk differs from what this script writes (the test suite checks that too). The cells
only call the ``ccg`` packages; every notebook finds the store in ``$CCG_STORE`` (default
``out/store``, relative to the repository) and builds the sample corpus there when it is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS_DIR = Path(__file__).resolve().parent
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

SETUP = '''\
import os
from pathlib import Path

import pandas as pd

from ontology.iris import IriScheme
from ontology.store import opened_dataset

REPOSITORY = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "pyproject.toml").exists())
STORE = Path(os.environ.get("CCG_STORE", "out/store"))
STORE = STORE if STORE.is_absolute() else REPOSITORY / STORE
OUT = Path(os.environ.get("CCG_OUT", STORE.parent))  # pages and reports
IRIS = IriScheme()
if not STORE.exists():  # build the sample corpus: what 'ccg build data/sample' does
    from graph.build import build

    with opened_dataset(STORE) as dataset:
        build(dataset, IRIS, [REPOSITORY / "data" / "sample"], out_dir=OUT, progress=False, cwd=REPOSITORY)
pd.set_option("display.max_colwidth", 80)
print(f"store: {STORE}")'''

SETUP_NOTE = (
    "The store comes from `$CCG_STORE` (default `out/store`); when it does not exist, the sample corpus "
    "is built into it first (as `ccg build data/sample` does). Pages go to `$CCG_OUT` (default: the "
    "store's parent folder). Start Jupyter from the repository's "
    "virtual environment, e.g. `CCG_STORE=out/store .venv/bin/jupyter lab`."
)

SPARQL_TOUR = [
    new_markdown_cell(
        "# A tour of the graph with SPARQL\n\n"
        "The research queries of `ontology/queries/*.rq` (the same as `ccg query NAME`, see "
        "[docs/queries.md](../docs/queries.md) and [docs/researchers.md](../docs/researchers.md)) run here on the store, "
        "and their results become pandas tables. " + SETUP_NOTE
    ),
    new_code_cell(SETUP),
    new_markdown_cell("## The query library\n\nEvery query states its question and its parameters in its header."),
    new_code_cell(
        "import io\n\n"
        "from ontology.query_library import answer_query, load_library\n\n"
        "library = load_library()\n"
        "pd.DataFrame(\n"
        "    [(q.name, q.question, ', '.join(p.name for p in q.params)) for q in library.values()],\n"
        "    columns=['query', 'question', 'parameters'],\n"
        ")"
    ),
    new_markdown_cell(
        "## Asking\n\n`ask` runs a research query by name, or any SPARQL text, read-only on the store; "
        "parameters are bound to the query's variables (never pasted into it). The answer comes as CSV "
        "(a W3C SPARQL result format) and is read by pandas. Every query of the library runs here with "
        "its example parameters and a time limit of 10 s (as `ccg query NAME --timeout 10`)."
    ),
    new_code_cell(
        "from ontology.errors import QueryTimeout\n\n\n"
        "def ask(query, timeout=None, **params):\n"
        "    answer = answer_query(STORE, query, params=list(params.items()), fmt='csv', timeout=timeout)\n"
        "    return pd.read_csv(io.BytesIO(answer.body))\n\n\n"
        "results = {}\n"
        "for name, q in library.items():\n"
        "    try:\n"
        "        results[name] = ask(name, timeout=10, **dict(q.example))\n"
        "    except QueryTimeout as stopped:\n"
        "        print(stopped)\n"
        "pd.Series({name: len(frame) for name, frame in results.items()}, name='rows')"
    ),
    new_markdown_cell("## Clusters at a glance"),
    new_code_cell("results['cluster-overview']"),
    new_markdown_cell("## One cluster's technology profile (with its example parameter, `cluster=cluster/aviation`)"),
    new_code_cell("results['cluster-technology-profile'].head(10)"),
    new_markdown_cell("## Which technologies reach across clusters\n\nThe chart counts, for each technology, the clusters whose profile contains it."),
    new_code_cell(
        "import matplotlib.pyplot as plt\n\n"
        "spread = results['technologies-by-clusters'].sort_values(['clusters', 'actors'], ascending=False).head(15)\n"
        "ax = spread.iloc[::-1].plot.barh(x='label', y='clusters', legend=False, figsize=(7, 5))\n"
        "ax.set_xlabel('clusters whose profile contains the technology')\n"
        "ax.set_ylabel('')\n"
        "plt.tight_layout()"
    ),
    new_markdown_cell("## Your own SPARQL\n\nPrefixes `ccg`, `org`, `skos`, `prov`, `dct`, `rdfs`, `oa`, `tech`, `schema`, `xsd` are declared."),
    new_code_cell(
        "ask('''\n"
        "SELECT ?status (COUNT(DISTINCT ?actor) AS ?actors)\n"
        "WHERE { ?actor a ccg:Actor ; ccg:status ?status }\n"
        "GROUP BY ?status ORDER BY DESC(?actors)\n"
        "''')"
    ),
    new_markdown_cell(
        "## The same through the endpoint\n\n`ccg serve` answers SPARQL over HTTP; set `CCG_ENDPOINT` "
        "(e.g. `http://127.0.0.1:7878/sparql`) to ask it instead of the store folder."
    ),
    new_code_cell(
        "ENDPOINT = os.environ.get('CCG_ENDPOINT')\n"
        "if ENDPOINT:\n"
        "    from SPARQLWrapper import CSV, SPARQLWrapper\n\n"
        "    client = SPARQLWrapper(ENDPOINT)\n"
        "    client.setQuery(library['cluster-overview'].text)\n"
        "    client.setReturnFormat(CSV)\n"
        "    display(pd.read_csv(io.BytesIO(client.query().convert())))\n"
        "else:\n"
        "    print('CCG_ENDPOINT is not set: start ccg serve and set it to try this cell')"
    ),
]

BRIDGING_ACTORS = [
    new_markdown_cell(
        "# Bridging actors\n\n"
        "The measures that `ccg analyse` stores for every actor of the actor network: betweenness, "
        "cross-cluster betweenness, Burt's constraint and effective size, the participation coefficient, "
        "the Gould-Fernandez brokerage roles and the bridging score that combines them. How each is "
        "computed: [docs/scores.md](../docs/scores.md). " + SETUP_NOTE
    ),
    new_code_cell(SETUP),
    new_markdown_cell("## The measures, one row per actor"),
    new_code_cell(
        "from graph.stored import read_actor_measures, read_parameters\n\n"
        "with opened_dataset(STORE, read_only=True) as dataset:\n"
        "    parameters = read_parameters(dataset, IRIS)\n"
        "    measures = read_actor_measures(dataset, IRIS)\n\n"
        "actors = pd.DataFrame(\n"
        "    {\n"
        "        'label': m.label,\n"
        "        'clusters': len(m.clusters),\n"
        "        'betweenness': m.betweenness,\n"
        "        'cross-cluster betweenness': m.cross_cluster_betweenness,\n"
        "        'constraint': m.constraint,\n"
        "        'effective size': m.effective_size,\n"
        "        'participation': m.participation,\n"
        "        'bridging score': m.bridging.score,\n"
        "        'role': m.brokerage_role or '(none)',\n"
        "    }\n"
        "    for m in measures\n"
        ").sort_values('bridging score', ascending=False)\n"
        "print(parameters)\n"
        "actors.head(10)"
    ),
    new_markdown_cell("## Distributions\n\nMost actors broker little; a few carry the cross-cluster paths."),
    new_code_cell(
        "import matplotlib.pyplot as plt\n\n"
        "columns = ['betweenness', 'cross-cluster betweenness', 'constraint', 'effective size', 'participation', 'bridging score']\n"
        "axes = actors[columns].hist(bins=20, figsize=(10, 6), layout=(2, 3))\n"
        "plt.tight_layout()"
    ),
    new_code_cell("actors[columns].describe().T"),
    new_markdown_cell(
        "## Brokers by role\n\nEach actor's main Gould-Fernandez role (the role of most of the open two-paths "
        "through it): coordinator (within one cluster), gatekeeper or representative (between its own "
        "cluster and another), itinerant (between two actors of another cluster), liaison (between two "
        "other clusters)."
    ),
    new_code_cell("actors.groupby('role').agg(actors=('label', 'size'), mean_bridging=('bridging score', 'mean')).sort_values('actors', ascending=False)"),
    new_code_cell("actors.sort_values('bridging score', ascending=False).groupby('role').head(3).sort_values(['role', 'bridging score'], ascending=[True, False])[['role', 'label', 'bridging score', 'clusters']]"),
    new_markdown_cell("## How the parts of the bridging score relate\n\nBetweenness part against participation part, coloured by the openness part (1 - constraint)."),
    new_code_cell(
        "parts = pd.DataFrame(\n"
        "    [(m.bridging.betweenness_part, m.bridging.participation_part, m.bridging.openness_part) for m in measures],\n"
        "    columns=['betweenness part', 'participation part', 'openness part'],\n"
        ")\n"
        "ax = parts.plot.scatter(x='betweenness part', y='participation part', c='openness part', colormap='viridis', figsize=(6, 4))"
    ),
]

BRIDGE_CANDIDATES = [
    new_markdown_cell(
        "# Bridge candidates\n\n"
        "Pairs of clusters that work on the same technologies but are not yet tied, ranked by "
        "`ccg analyse`; each with the reasons (shared technologies, possible brokers) and the sentences "
        "it rests on. The scores are explained in [docs/programme-team.md](../docs/programme-team.md). " + SETUP_NOTE
    ),
    new_code_cell(SETUP),
    new_markdown_cell("## The ranking"),
    new_code_cell(
        "from graph.stored import read_bridges\n\n"
        "with opened_dataset(STORE, read_only=True) as dataset:\n"
        "    bridges = read_bridges(dataset, IRIS, top=10)\n\n"
        "pd.DataFrame(\n"
        "    [(b.rank, b.label_a, b.label_b, b.score, b.topical_closeness, b.structural_tie) for b in bridges],\n"
        "    columns=['rank', 'cluster A', 'cluster B', 'score', 'topical closeness T', 'structural tie S'],\n"
        ").set_index('rank')"
    ),
    new_markdown_cell("## Why the first candidate: shared technologies and possible brokers"),
    new_code_cell(
        "top = bridges[0]\n"
        "print(f'{top.label_a} - {top.label_b}: score {top.score:.3f} = T {top.topical_closeness:.3f} x (1 - S {top.structural_tie:.3f})')\n"
        "pd.DataFrame([(t.label, t.contribution) for t in top.technologies], columns=['shared technology', 'share of T'])"
    ),
    new_code_cell("pd.DataFrame([(b.label, b.score) for b in top.brokers], columns=['possible broker', 'score'])"),
    new_markdown_cell("## Following the evidence\n\nThe sentences behind the candidate, with their documents (research query `bridge-evidence`)."),
    new_code_cell(
        "import io\n\n"
        "from ontology.query_library import answer_query\n\n"
        "bridge = str(IRIS.bridge(top.cluster_a.rsplit('/', 1)[-1], top.cluster_b.rsplit('/', 1)[-1]))\n"
        "answer = answer_query(STORE, 'bridge-evidence', params=[('bridge', bridge)], fmt='csv')\n"
        "evidence = pd.read_csv(io.BytesIO(answer.body))\n"
        "evidence[['source', 'text']]"
    ),
    new_markdown_cell(
        "## An ego network inline\n\nThe network page's ego view around the first candidate's best broker (or its first "
        "cluster), written next to the store and shown in a frame: drag, zoom, click a node for its evidence."
    ),
    new_code_cell(
        "from IPython.display import IFrame\n\n"
        "from graph.page import render_page\n\n"
        "focus = top.brokers[0].actor if top.brokers else top.cluster_a\n"
        "with opened_dataset(STORE, read_only=True) as dataset:\n"
        "    page = render_page(dataset, IRIS, view='ego', focus=focus, out_path=OUT / 'network-ego.html')\n"
        "print(f'{page.nodes} nodes, {page.edges} edges: {page.path}')\n"
        "IFrame(os.path.relpath(page.path, Path.cwd()), width='100%', height=520)"
    ),
]

NOTEBOOKS = {
    "01-sparql-tour.ipynb": SPARQL_TOUR,
    "02-bridging-actors.ipynb": BRIDGING_ACTORS,
    "03-bridge-candidates.ipynb": BRIDGE_CANDIDATES,
}


def notebook_text(cells: list) -> str:
    """The notebook file for ``cells``: nbformat 4, no outputs, stable cell ids."""
    notebook = new_notebook(cells=[nbformat.from_dict(dict(cell)) for cell in cells], metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}})
    for number, cell in enumerate(notebook.cells, start=1):
        cell["id"] = f"cell-{number:02d}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every notebook; with ``--check`` only report those that differ."""
    args = sys.argv[1:] if argv is None else argv
    stale = []
    for name, cells in NOTEBOOKS.items():
        path = NOTEBOOKS_DIR / name
        text = notebook_text(cells)
        if "--check" in args:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for name in stale:
        print(f"notebooks/{name}: out of date; run: python notebooks/make_notebooks.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
