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
from graphkit.export.neo4j_import import _cell, import_command, write_import_files
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.schema import SCHEMA, Property
from tests.conftest import EXAMPLES

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


def test_cli_and_array_delimiter(exported: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = exported
    result = CliRunner().invoke(main, ["export", "neo4j-import", str(tmp_path / "out"), "--db", str(db)])
    assert result.exit_code == 0 and "neo4j-admin database import full" in result.output
    assert (tmp_path / "out" / "rels_COAUTHORED_WITH.csv").exists()
    with pytest.raises(GraphkitError, match="contains the array delimiter"):
        _cell(["a;b"], Property("aliases", "STRING[]"))
