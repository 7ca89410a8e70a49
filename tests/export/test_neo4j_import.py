"""The neo4j-admin import files of the seed graph: header syntax, unique ids, referential integrity."""

from __future__ import annotations

import collections
import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.core.errors import GraphkitError
from graphkit.export.neo4j_import import SCHEMA_FILE, import_command, write_import_files, write_import_tables
from graphkit.resolve.graph import Institution, KnowledgeGraph, Paper
from graphkit.resolve.tables import GraphTables
from graphkit.store.build import build, build_graph
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import neo4j_schema_statements
from graphkit.store.schema import SCHEMA
from tests.conftest import EXAMPLES
from tests.export.conftest import VARIANT

# The importer's header grammar: name:type (arrays with []), name:ID(space), :LABEL, :TYPE, :START_ID(x), :END_ID(x).
_COLUMN = re.compile(
    r"^(?:\w+:(?:string|long|double|boolean|date)(?:\[\])?|\w+:ID\(\w+\)|:LABEL|:TYPE|:START_ID\(\w+\)|:END_ID\(\w+\))$"
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("import")
    build([EXAMPLES], tmp / "g.lbdb")
    analyze_store(tmp / "g.lbdb")
    return tmp / "g.lbdb", tmp / "files"


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def test_headers_ids_and_references(exported: tuple[Path, Path]) -> None:
    db, folder = exported
    with EmbeddedStore(db, read_only=True) as store:
        files = write_import_files(store, folder)
        counts = store.counts()
    ids: dict[str, set[str]] = {}
    for label, (path, written) in files.nodes.items():
        header, rows = _read(path)
        assert all(_COLUMN.match(column) for column in header), header
        assert header[0] == f"{SCHEMA.node(label).key}:ID({label})" and header[-1] == ":LABEL"
        assert len(rows) == written == counts[label] and all(len(row) == len(header) for row in rows)
        space = [row[0] for row in rows]
        assert len(set(space)) == len(space), f"duplicate ids in {label}"
        ids[label] = set(space)
    assert len(ids["Paper"]) == 134 and len(ids["Author"]) == 113
    for type_, (path, written) in files.rels.items():
        header, rows = _read(path)
        rel = SCHEMA.rel(type_)
        assert header[:2] == [f":START_ID({rel.source})", f":END_ID({rel.target})"] and header[-1] == ":TYPE"
        assert all(_COLUMN.match(column) for column in header), header
        assert len(rows) == written == counts[type_]
        assert all(row[0] in ids[rel.source] and row[1] in ids[rel.target] for row in rows), type_
    header, rows = _read(files.nodes["Author"][0])
    samy = dict(zip(header, next(r for r in rows if r[1] == "Samy Jelassi"), strict=True))
    assert samy["coauthors:long"] == "43" and float(samy["pagerank:double"]) > 0
    assert collections.Counter(r[-1] for r in _read(files.rels["AUTHORED"][0])[1]) == {"AUTHORED": 222}
    command = import_command(files)
    assert "--nodes=nodes_Paper.csv" in command and "--multiline-fields=true" in command
    # The constraints and indexes to add after the import: the loader's own statements, one per line.
    schema = (folder / SCHEMA_FILE).read_text(encoding="utf-8").splitlines()
    assert schema == [f"{statement};" for statement in neo4j_schema_statements()]
    assert "CREATE CONSTRAINT paper_id_unique IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;" in schema


def test_cli_and_array_delimiter(exported: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = exported
    result = CliRunner().invoke(main, ["export", "neo4j-import", str(tmp_path / "out"), "--db", str(db)])
    assert result.exit_code == 0 and "neo4j-admin database import full" in result.output
    assert (tmp_path / "out" / "rels_COAUTHORED_WITH.csv").exists()
    # Lists holding ";" and then "|" move the delimiter on; lists holding every delimiter are refused.
    graph = KnowledgeGraph(institutions={"i": Institution("i", "MIT", aliases=["M.I.T.", "MIT; Cambridge"])})
    assert write_import_tables(GraphTables.from_graph(graph), tmp_path / "semicolon").array_delimiter == "|"
    graph.institutions["i"].aliases.append("MIT | Cambridge")
    assert write_import_tables(GraphTables.from_graph(graph), tmp_path / "both").array_delimiter == "¦"
    graph.institutions["i"].aliases.append("MIT ¦ Cambridge")
    with pytest.raises(GraphkitError, match=r"every array delimiter graphkit can use .* occurs inside a list value"):
        write_import_tables(GraphTables.from_graph(graph), tmp_path / "bad")


def _rows(folder: Path, name: str) -> list[tuple[str, ...]]:
    return sorted(tuple(row) for row in _read(folder / name)[1])


def test_the_files_hold_the_stores_values_and_the_resolved_tables_give_the_same_files(
    tmp_path: Path, shared_data: Path
) -> None:
    sources = [EXAMPLES, shared_data / "openalex" / "works_page1_per25.json"]
    build(sources, tmp_path / "g.lbdb")
    with EmbeddedStore(tmp_path / "g.lbdb", read_only=True) as store:
        files = write_import_files(store, tmp_path / "store")
        expected = {node.label: store.execute(f"MATCH (n:{node.label}) RETURN n") for node in SCHEMA.nodes}
    # Every cell is the stored value in the importer's text (doubles compared as numbers: Arrow writes 2 for 2.0).
    for node in SCHEMA.nodes:
        _, rows = _read(files.nodes[node.label][0])
        by_key = {row[0]: row for row in rows}
        assert len(by_key) == len(expected[node.label])
        for stored in (found["n"] for found in expected[node.label]):
            row = by_key[stored[node.key]]
            for prop, cell in zip(node.properties, row[1:-1], strict=True):
                value = stored.get(prop.name)
                if value is None or value == "" or value == []:
                    assert cell == "", (node.label, prop.name)
                elif prop.type == "DOUBLE":
                    assert float(cell) == value
                elif prop.type == "BOOLEAN":
                    assert cell == ("true" if value else "false")
                elif prop.type.endswith("[]"):
                    assert cell.split(";") == [str(item) for item in value]
                else:
                    assert cell == str(value), (node.label, prop.name)
    # The resolved tables of the same sources, written with no store in between, give the same rows.
    tables = GraphTables.from_graph(build_graph(sources))
    direct = write_import_tables(tables, tmp_path / "tables")
    for label in ("Paper", "Author", "Institution", "Category"):
        assert _rows(direct.folder, f"nodes_{label}.csv") == _rows(files.folder, f"nodes_{label}.csv"), label
    for rel in SCHEMA.rels:
        assert _rows(direct.folder, f"rels_{rel.type}.csv") == _rows(files.folder, f"rels_{rel.type}.csv"), rel.type
    # And so do the sources staged and resolved as a build does, with no store written (`--from`).
    sourced = tmp_path / "sourced"
    args = ["export", "neo4j-import", str(sourced), *(f"--from={source}" for source in sources)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.output
    for path in sorted(files.folder.glob("*.csv")):
        assert _rows(sourced, path.name) == _rows(files.folder, path.name), path.name
    assert not list(
        tmp_path.glob(".graphkit-stage-*")
    )  # the staging area is removed after    # A field with a newline, quotes and commas survives the quoting.
    awkward = 'line one\nline "two", three'
    graph = KnowledgeGraph(papers={"p": Paper("p", awkward, abstract=awkward)})
    header, rows = _read(write_import_tables(GraphTables.from_graph(graph), tmp_path / "awkward").nodes["Paper"][0])
    assert dict(zip(header, rows[0], strict=True))["abstract:string"] == awkward == rows[0][1]


def test_a_list_item_holding_the_delimiter_moves_the_delimiter(hostile_store: Path, tmp_path: Path) -> None:
    """'Ann "The Hammer" O'Neil; Jr.' is a name variant: ';' cannot part the list, so '|' does, and the command
    says so; every file still passes the checks, and the list reads back whole."""
    with EmbeddedStore(hostile_store, read_only=True) as store:
        files = write_import_files(store, tmp_path)
        variants = {row["v"] for row in store.execute("MATCH (a:Author) UNWIND a.name_variants AS v RETURN v")}
    assert files.array_delimiter == "|" and "--array-delimiter='|'" in import_command(files)
    assert VARIANT in variants
    header, rows = _read(files.nodes["Author"][0])
    column = header.index("name_variants:string[]")
    read = {item for row in rows for item in row[column].split("|") if item}
    assert read == variants
