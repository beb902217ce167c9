"""The registry CSVs: parsing, checking, and their RDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.namespace import ORG, RDF, RDFS

from build_graph import cli
from ontology.errors import RegistryError
from ontology.foundation import DEFAULT_REGISTRY_DIR
from ontology.namespace import CCG
from ontology.registry import (
    ACTOR_TYPES,
    ActorRecord,
    ClusterRecord,
    Registry,
    check_registry,
    read_registry,
    registry_graph,
)

CLUSTERS = "id,name,aliases,managing_organisation,website,founded,sector\naviation,Hamburg Aviation,HAv,ha,,2001,Luftfahrt\n"
ACTORS = (
    "id,name,aliases,type,clusters,website,description\n"
    "ha,Hamburg Aviation e.V.,,ClusterOrganisation,aviation,,The cluster management.\n"
    "zal,ZAL Zentrum für Angewandte Luftfahrtforschung GmbH,ZAL | ZAL GmbH,ResearchInstitute,aviation,,A research centre.\n"
)


def write_registry(folder: Path, clusters: str = CLUSTERS, actors: str = ACTORS, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "clusters.csv").write_text(clusters, encoding=encoding)
    (folder / "actors.csv").write_text(actors, encoding=encoding)
    return folder


def test_reads_rows_with_line_numbers_and_multi_values(tmp_path):
    registry = read_registry(write_registry(tmp_path))
    zal = registry.actors[1]
    assert (zal.id, zal.line, zal.aliases, zal.clusters) == ("zal", 3, ("ZAL", "ZAL GmbH"), ("aviation",))


def test_reads_semicolon_files_with_a_byte_order_mark_as_saved_by_excel(tmp_path):
    folder = write_registry(tmp_path, CLUSTERS.replace(",", ";"), ACTORS.replace(",", ";"), encoding="utf-8-sig")
    assert [a.name for a in read_registry(folder).actors] == ["Hamburg Aviation e.V.", "ZAL Zentrum für Angewandte Luftfahrtforschung GmbH"]


def test_a_row_with_too_few_cells_names_file_and_line(tmp_path):
    folder = write_registry(tmp_path, actors=ACTORS + "broken,Only A Name\n")
    with pytest.raises(RegistryError, match=r"actors\.csv:4: expected 7 cells"):
        read_registry(folder)


def test_a_file_in_an_unknown_encoding_is_named(tmp_path):
    folder = write_registry(tmp_path)
    (folder / "actors.csv").write_text(ACTORS, encoding="utf-16")
    with pytest.raises(RegistryError, match=r"actors\.csv: neither UTF-8 nor Windows-1252"):
        read_registry(folder)


def test_a_file_saved_as_windows_1252_by_german_excel_is_read(tmp_path):
    folder = write_registry(tmp_path, actors=ACTORS.replace(",", ";"), encoding="cp1252")
    assert read_registry(folder).actors[1].name == "ZAL Zentrum für Angewandte Luftfahrtforschung GmbH"


def test_check_finds_each_kind_of_problem():
    registry = Registry(
        clusters=(ClusterRecord("aviation", "Hamburg Aviation", managing_organisation="nobody", founded="20x1", line=2),),
        actors=(
            ActorRecord("a", "Alpha GmbH", ("AG1",), "Company", ("aviation",), line=2),
            ActorRecord("a", "Beta GmbH", (), "Company", ("aviation",), line=3),
            ActorRecord("Bad Id", "Gamma GmbH", (), "Firm", ("space",), line=4),
            ActorRecord("d", "Delta GmbH", ("ag1",), "", ("aviation",), line=5),
        ),
    )
    messages = [str(p) for p in check_registry(registry)]
    assert messages == [
        "clusters.csv:2: founded '20x1' is not a year like 2011",
        "clusters.csv:2: managing_organisation 'nobody' is not an actor id in actors.csv",
        "actors.csv:3: duplicate id 'a' (first on line 2)",
        "actors.csv:4: id 'Bad Id' must be lowercase letters, digits and single hyphens",
        "actors.csv:4: unknown cluster id 'space' (known: aviation)",
        f"actors.csv:4: unknown type 'Firm'; use one of {', '.join(ACTOR_TYPES)}",
        f"actors.csv:5: missing type; use one of {', '.join(ACTOR_TYPES)}",
        "actors.csv:5: name or alias 'ag1' is already used on line 2",
    ]


def test_registry_graph_types_labels_and_memberships(tmp_path, iris):
    graph = registry_graph(read_registry(write_registry(tmp_path)), iris)
    zal = iris.actor("zal")
    assert set(graph.objects(zal, RDF.type)) == {CCG.Actor, CCG.ResearchInstitute}
    assert str(graph.value(zal, RDFS.label)) == "ZAL Zentrum für Angewandte Luftfahrtforschung GmbH"
    assert (zal, ORG.memberOf, iris.cluster("aviation")) in graph
    assert (iris.cluster("aviation"), CCG.managedBy, iris.actor("ha")) in graph


def test_the_bundled_registry_has_no_problems():
    registry = read_registry(DEFAULT_REGISTRY_DIR)
    assert check_registry(registry) == []
    assert {c.id for c in registry.clusters} >= {"aviation", "maritime", "logistics", "life-sciences", "renewable-energy", "creative", "health", "media", "digital", "food"}
    assert len(registry.actors) >= 200


def test_cli_check_reports_file_and_line_and_fails(tmp_path):
    folder = write_registry(tmp_path, actors=ACTORS + "x,Xylo GmbH,,Company,aviaton,,\n")
    result = CliRunner().invoke(cli, ["registry", "check", "--registry-dir", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'actors.csv'}:4: unknown cluster id 'aviaton'" in result.output


def test_build_with_a_broken_row_is_a_one_line_error(tmp_path):
    folder = tmp_path / "registry"
    shutil.copytree(DEFAULT_REGISTRY_DIR, folder)
    with (folder / "actors.csv").open("a", encoding="utf-8") as handle:
        handle.write("broken-row,Broken GmbH,,Company,no-such-cluster,,\n")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "build", "--registry-dir", str(folder)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "actors.csv:" in lines[0] and "unknown cluster id 'no-such-cluster'" in lines[0]
