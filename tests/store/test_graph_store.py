"""One GraphStore interface: the embedded store and Neo4j behind it, deltas merged, capabilities declared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphkit.analysis.metrics import analyze
from graphkit.extract import iter_records
from graphkit.resolve.bulk import assemble_tables, resolved_tables
from graphkit.stage.tables import records_to_tables
from graphkit.store import embedded
from graphkit.store.base import Capability, GraphStore
from graphkit.store.build import build_graph
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import copy_graph, stored_rows
from graphkit.store.metrics import MetricTables
from graphkit.store.neo4j import Neo4jStore
from graphkit.store.schema import AUTHOR_METRICS, SCHEMA
from tests.conftest import EXAMPLES

_LISTING = EXAMPLES / "003_6ccdfc8f9d884491.txt"


def _snapshot(store: EmbeddedStore) -> dict[str, list[str]]:
    nodes, rels = stored_rows(store)
    snapshot = {node.label: sorted(map(repr, nodes(node))) for node in SCHEMA.nodes}
    return snapshot | {rel.type: sorted(map(repr, rels(rel))) for rel in SCHEMA.rels}


def test_both_stores_are_graph_stores_with_declared_capabilities(tmp_path: Path) -> None:
    class _NoGdsDriver:
        def execute_query(self, *args: Any, **kwargs: Any) -> Any:
            import neo4j.exceptions

            raise neo4j.exceptions.ClientError("Unknown function 'gds.version'")

    neo4j_store = Neo4jStore(_NoGdsDriver(), "neo4j", "bolt://db.example:7687")  # type: ignore[arg-type]
    assert isinstance(neo4j_store, GraphStore)
    assert Capability.GRAPH_DATA_SCIENCE not in neo4j_store.capabilities
    assert Capability.FULLTEXT_INDEX in neo4j_store.capabilities
    with EmbeddedStore(tmp_path / "g.lbdb") as store:
        assert isinstance(store, GraphStore)
        assert store.capabilities == {Capability.BULK_COPY, Capability.BUILD_STATE}


def test_streamed_tables_write_the_same_store_as_the_in_memory_graph(tmp_path: Path) -> None:
    """The build path (tables streamed from DuckDB, COPY) and the Python API path (graph rows) agree."""
    records = list(iter_records([EXAMPLES]))
    with EmbeddedStore(tmp_path / "streamed.lbdb") as streamed:
        with resolved_tables([records_to_tables(records)]) as tables:
            written = streamed.write(tables)
        assert written["Paper"] == 134 and written["AUTHORED"] == 222 and written["COAUTHORED_WITH"] == 186
        expected = _snapshot(streamed)
    with EmbeddedStore(tmp_path / "graph.lbdb") as store:
        store.write(build_graph([EXAMPLES]))
        assert _snapshot(store) == expected


def test_a_delta_merges_into_a_store_and_twice_changes_nothing(tmp_path: Path) -> None:
    everything = assemble_tables([records_to_tables(iter_records([EXAMPLES]))])
    listing = assemble_tables([records_to_tables(iter_records([_LISTING]))])
    with EmbeddedStore(tmp_path / "all.lbdb") as whole:
        whole.write(everything)
        expected = _snapshot(whole)
    with EmbeddedStore(tmp_path / "delta.lbdb") as store:
        store.write(listing)
        assert store.counts()["Paper"] == 50
        store.write(everything)  # the listing's papers again, and the rest of the examples
        merged = _snapshot(store)
        store.write(everything)
        assert _snapshot(store) == merged
    # The delta holds every node and edge of the whole build (merged on keys), and nothing else.
    assert merged == expected


def test_metrics_go_through_the_store_and_copy_between_stores(tmp_path: Path) -> None:
    graph = build_graph([EXAMPLES])
    analyze(graph)
    with EmbeddedStore(tmp_path / "a.lbdb") as a, EmbeddedStore(tmp_path / "b.lbdb") as b:
        a.write(build_graph([EXAMPLES]))
        written = a.write_metrics(MetricTables.from_graph(graph))
        assert written["Author"] == len(graph.author_metrics) > 0
        ranked = a.execute("MATCH (n:Author) WHERE n.pagerank IS NOT NULL RETURN count(n) AS n")[0]["n"]
        assert ranked == len(graph.author_metrics)
        copy_graph(a, b)
        assert _snapshot(a) == _snapshot(b)
        assert set(AUTHOR_METRICS) <= {p.name for p in SCHEMA.node("Author").properties}


def test_large_tables_copy_through_a_parquet_file_and_give_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Node tables bigger than one COPY chunk go through one Parquet file; relationship tables in chunks."""
    records = list(iter_records([EXAMPLES]))
    with EmbeddedStore(tmp_path / "whole.lbdb") as store:
        with resolved_tables([records_to_tables(records)]) as tables:
            store.write(tables)
        expected = _snapshot(store)
    monkeypatch.setattr(embedded, "COPY_CHUNK_BYTES", 2048)
    spilled: list[str] = []
    copy_file = EmbeddedStore._copy_file

    def recording(self: EmbeddedStore, name: str, path: Path) -> None:
        spilled.append(name)
        assert path.is_file() and path.suffix == ".parquet"
        copy_file(self, name, path)

    monkeypatch.setattr(EmbeddedStore, "_copy_file", recording)
    with EmbeddedStore(tmp_path / "chunked.lbdb") as store:
        with resolved_tables([records_to_tables(records)]) as tables:
            store.write(tables)
        assert _snapshot(store) == expected
    assert {"Paper", "Author"} <= set(spilled)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("graphkit-copy-")) == []
