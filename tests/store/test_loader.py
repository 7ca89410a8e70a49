"""The UNWIND/MERGE loader, run for real on the embedded store: same graph as the bulk path, idempotent,
incremental, and complete after an interruption."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphkit.analysis.metrics import analyze
from graphkit.core.errors import StoreError
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.build import build_graph
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import load_graph, load_rows, neo4j_schema_statements, rel_statement, stored_rows
from graphkit.store.schema import SCHEMA
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def seed_graph() -> KnowledgeGraph:
    graph = build_graph([EXAMPLES])
    analyze(graph)
    return graph


def _snapshot(store: EmbeddedStore) -> dict[str, list[str]]:
    """Every stored row of every label and type, as sorted text, for exact comparison."""
    nodes, rels = stored_rows(store)
    snapshot = {node.label: sorted(map(repr, nodes(node))) for node in SCHEMA.nodes}
    snapshot |= {rel.type: sorted(map(repr, rels(rel))) for rel in SCHEMA.rels}
    return snapshot


class _InterruptedError(Exception):
    pass


class _FailingRunner:
    """Runs statements on a store and raises after a given number of them, as a lost connection would."""

    def __init__(self, store: EmbeddedStore, fail_after: int) -> None:
        self.store, self.left = store, fail_after

    def execute(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if self.left == 0:
            raise _InterruptedError
        self.left -= 1
        return self.store.execute(query, parameters)


def test_loader_writes_the_same_graph_as_the_bulk_path(tmp_path: Path, seed_graph: KnowledgeGraph) -> None:
    with EmbeddedStore(tmp_path / "bulk.lbdb") as bulk:
        bulk.write(seed_graph)
        expected = _snapshot(bulk)
    with EmbeddedStore(tmp_path / "merged.lbdb") as store:
        summary = load_graph(store, seed_graph, batch_size=40)
        assert summary.rows["Paper"] == 134 and summary.rows["AUTHORED"] == 222
        assert summary.rows["COAUTHORED_WITH"] == 186 and summary.batches > 12
        assert _snapshot(store) == expected
        assert store.counts()["Author"] == 113
        # Metrics travel with the nodes: the write-back of `analyze`.
        (samy,) = store.execute("MATCH (a:Author {name: 'Samy Jelassi'}) RETURN a.pagerank AS p, a.coauthors AS c")
        assert samy["c"] == 43 and samy["p"] > 0


def test_loading_twice_and_interrupted_loads(tmp_path: Path, seed_graph: KnowledgeGraph) -> None:
    with EmbeddedStore(tmp_path / "once.lbdb") as store:
        load_graph(store, seed_graph, batch_size=25)
        once = _snapshot(store)
        load_graph(store, seed_graph, batch_size=25)
        assert _snapshot(store) == once
    with EmbeddedStore(tmp_path / "interrupted.lbdb") as store:
        for fail_after in (3, 11):  # during nodes, then during relationships
            with pytest.raises(_InterruptedError):
                load_graph(_FailingRunner(store, fail_after), seed_graph, batch_size=25)
        assert _snapshot(store) != once
        load_graph(store, seed_graph, batch_size=25)
        assert _snapshot(store) == once


def test_a_new_source_merges_into_a_loaded_graph(tmp_path: Path, shared_data: Path, seed_graph: KnowledgeGraph) -> None:
    openalex = build_graph([shared_data / "openalex" / "works_page1_per25.json"])
    with EmbeddedStore(tmp_path / "both.lbdb") as store:
        load_graph(store, seed_graph)
        load_graph(store, openalex)
        counts = store.counts()
        load_graph(store, openalex)  # reloading the new source changes nothing
        assert store.counts() == counts
    shared_papers = set(seed_graph.papers) & set(openalex.papers)
    assert counts["Paper"] == len(seed_graph.papers) + len(openalex.papers) - len(shared_papers)
    assert counts["CITES"] == len(openalex.cites) == 2073
    assert counts["AUTHORED"] == len(seed_graph.authored) + len(openalex.authored)


def test_statements_come_from_the_schema_and_rows_with_no_key_are_reported(tmp_path: Path) -> None:
    statement = rel_statement(SCHEMA.rel("AFFILIATED_WITH"))
    assert "MERGE (s)-[r:AFFILIATED_WITH {year: row.year}]->(d)" in statement
    assert "$rows" in statement and "'" not in statement  # values only as parameters
    schema = neo4j_schema_statements()
    assert sum("REQUIRE n." in s for s in schema) == len(SCHEMA.nodes)
    assert "CREATE FULLTEXT INDEX author_names IF NOT EXISTS FOR (n:Author) ON EACH [n.name]" in schema
    with EmbeddedStore(tmp_path / "g.lbdb") as store:
        store.execute("CREATE (:Author {id: 'a1', name: 'A'}), (:Institution {id: 'i1', name: 'I'})")
        affiliations: list[dict[str, Any]] = [
            {"src": "a1", "dst": "i1", "year": 2020},
            {"src": "a1", "dst": "i1", "year": None},
        ]
        none: list[dict[str, Any]] = []
        summary = load_rows(
            store, lambda node: none, lambda rel: affiliations if rel.type == "AFFILIATED_WITH" else none
        )
        assert summary.rows["AFFILIATED_WITH"] == 1 and summary.skipped == {"AFFILIATED_WITH": 1}
        assert "left out (no key): 1 AFFILIATED_WITH" in summary.line()
        with pytest.raises(StoreError, match="batch size must be at least 1"):
            load_rows(store, lambda node: none, lambda rel: none, batch_size=0)
