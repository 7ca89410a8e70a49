"""What every graph store offers, and what some offer besides.

:class:`Runner` is the least a store does: run Cypher with parameters and return rows; the query
library, the loaders and the exports take any runner. :class:`GraphStore` is the whole interface a
build, ``analyze`` and ``load`` use, with the embedded store
(:class:`~graphkit.store.embedded.EmbeddedStore`) and Neo4j (:class:`~graphkit.store.neo4j.Neo4jStore`)
behind it:

* ``execute`` runs a statement (values as parameters) and returns its rows;
* ``counts`` gives the rows per node label and relationship type;
* ``write`` adds a graph or a delta (:class:`~graphkit.resolve.graph.KnowledgeGraph` or
  :class:`~graphkit.resolve.tables.GraphTables`): nodes merge on their keys and relationships on their
  endpoints, so writing the same graph twice leaves the same store;
* ``write_metrics`` sets the analysis-owned columns and edges of a
  :class:`~graphkit.store.metrics.MetricTables`, and nothing else; ``write_snapshot`` replaces one day's
  snapshot (:class:`~graphkit.store.snapshots.SnapshotTables`), and nothing else;
* ``capabilities`` declares what is optional (:class:`Capability`), so callers ask rather than guess.

Loading one store into another is a library call, :func:`graphkit.store.loader.copy_graph`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from graphkit.resolve.graph import KnowledgeGraph
    from graphkit.resolve.tables import GraphTables
    from graphkit.store.metrics import MetricTables
    from graphkit.store.snapshots import SnapshotTables

__all__ = ["Capability", "GraphStore", "Runner"]


class Runner(Protocol):
    """Anything that runs Cypher with parameters and returns rows as dictionaries."""

    def execute(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


class Capability(StrEnum):
    """Optional abilities a :class:`GraphStore` declares."""

    #: Whole tables written by ``COPY`` from Arrow (an empty store fills two orders of magnitude faster).
    BULK_COPY = "bulk-copy"
    #: A build state recorded in the store and a database switched in whole (``graphkit build``).
    BUILD_STATE = "build-state"
    #: Full-text indexes on author names and paper titles.
    FULLTEXT_INDEX = "fulltext-index"
    #: The Graph Data Science library for server-side analytics.
    GRAPH_DATA_SCIENCE = "graph-data-science"
    #: Several concurrent client sessions (a server).
    CONCURRENT_CLIENTS = "concurrent-clients"


Progress = Callable[[str, int], None]


@runtime_checkable
class GraphStore(Protocol):
    """The store interface (see the module notes)."""

    capabilities: frozenset[Capability]

    def execute(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def counts(self) -> dict[str, int]: ...

    def write(self, graph: KnowledgeGraph | GraphTables, *, progress: Progress | None = None) -> dict[str, int]: ...

    def write_metrics(self, tables: MetricTables, *, progress: Progress | None = None) -> dict[str, int]: ...

    def write_snapshot(self, snapshot: SnapshotTables, *, progress: Progress | None = None) -> dict[str, int]: ...
